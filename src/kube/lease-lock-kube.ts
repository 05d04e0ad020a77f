// LeaseLock over coordination.k8s.io/v1 Leases through @kubernetes/client-node.
import type { V1Lease, V1LeaseSpec, V1MicroTime } from '@kubernetes/client-node';
import { StewardError } from '../lib/errors.ts';
import { isConflict, isNotFound } from './api-errors.ts';
import {
  formatMicroTime,
  LeaseConflictError,
  type LeaderElectionRecord,
  type LeaseAnnotations,
  type LeaseLock,
  type ObservedLease,
} from './lease-lock.ts';

/** The subset of CoordinationV1Api that the lock uses (so tests can pass a fake). */
export interface LeaseApi {
  readNamespacedLease(p: { name: string; namespace: string }): Promise<V1Lease>;
  createNamespacedLease(p: { namespace: string; body: V1Lease }): Promise<V1Lease>;
  replaceNamespacedLease(p: { name: string; namespace: string; body: V1Lease }): Promise<V1Lease>;
}

/**
 * A MicroTime as it travels: client-node does not know the MicroTime model, so it passes wire
 * strings through untouched on both read and write. Writing a plain Date would serialize with
 * millisecond precision, which the API server rejects; we therefore always write strings.
 */
function microTimeText(v: V1MicroTime | string | undefined): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : formatMicroTime(v.getTime());
}

/** Reads the election record out of a Lease spec (missing fields default to zero values). */
export function recordFromLeaseSpec(spec: V1LeaseSpec | undefined): LeaderElectionRecord {
  return {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: microTimeText(spec?.acquireTime),
    renewTime: microTimeText(spec?.renewTime),
    leaseTransitions: spec?.leaseTransitions ?? 0,
  };
}

/** Builds a Lease spec from a record; empty times are omitted. */
export function leaseSpecFromRecord(r: LeaderElectionRecord): V1LeaseSpec {
  const spec: V1LeaseSpec = {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    leaseTransitions: r.leaseTransitions,
  };
  // Strings on purpose (see microTimeText); the generated type says V1MicroTime.
  if (r.acquireTime) spec.acquireTime = r.acquireTime as unknown as V1MicroTime;
  if (r.renewTime) spec.renewTime = r.renewTime as unknown as V1MicroTime;
  return spec;
}

/** LeaseLock backed by a Lease object `namespace/name`. */
export class KubeLeaseLock implements LeaseLock {
  private readonly api: LeaseApi;
  private readonly namespace: string;
  private readonly name: string;
  private cached: V1Lease | null = null;

  constructor(api: LeaseApi, namespace: string, name: string) {
    this.api = api;
    this.namespace = namespace;
    this.name = name;
  }

  async get(): Promise<ObservedLease | null> {
    const lease = await this.read();
    if (!lease) return null;
    return {
      record: recordFromLeaseSpec(lease.spec),
      annotations: { ...(lease.metadata?.annotations ?? {}) },
      resourceVersion: lease.metadata?.resourceVersion ?? '',
    };
  }

  async create(record: LeaderElectionRecord, annotations?: LeaseAnnotations): Promise<string> {
    const metadata = { name: this.name, namespace: this.namespace };
    const body: V1Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: annotations ? { ...metadata, annotations: { ...annotations } } : metadata,
      spec: leaseSpecFromRecord(record),
    };
    const lease = await this.call('create', () =>
      this.api.createNamespacedLease({ namespace: this.namespace, body }),
    );
    return this.remember(lease);
  }

  /**
   * Replaces the Lease (PUT) based on the object at `resourceVersion`, so metadata we do not manage
   * (labels, owners, annotations unless given) is kept; it is re-read if the cached copy is older.
   */
  async update(
    record: LeaderElectionRecord,
    resourceVersion: string,
    annotations?: LeaseAnnotations,
  ): Promise<string> {
    const base = await this.baseAt(resourceVersion);
    const metadata = { ...base.metadata, resourceVersion };
    if (annotations) metadata.annotations = { ...annotations };
    const body: V1Lease = {
      ...base,
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata,
      spec: leaseSpecFromRecord(record),
    };
    const lease = await this.call('update', () =>
      this.api.replaceNamespacedLease({ name: this.name, namespace: this.namespace, body }),
    );
    return this.remember(lease);
  }

  describe(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** The Lease as it was at `resourceVersion`; a conflict if the server holds another version. */
  private async baseAt(resourceVersion: string): Promise<V1Lease> {
    if (this.cached?.metadata?.resourceVersion === resourceVersion) return this.cached;
    const lease = await this.read();
    if (!lease) throw new StewardError('LEASE_NOT_FOUND', `lease ${this.describe()} not found`);
    if (lease.metadata?.resourceVersion !== resourceVersion)
      throw new LeaseConflictError(`lease ${this.describe()} changed since ${resourceVersion}`);
    return lease;
  }

  private async read(): Promise<V1Lease | null> {
    try {
      const lease = await this.api.readNamespacedLease({
        name: this.name,
        namespace: this.namespace,
      });
      this.cached = lease;
      return lease;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw new StewardError('LEASE_GET_FAILED', `while reading lease ${this.describe()}`, {
        cause: err,
      });
    }
  }

  private remember(lease: V1Lease): string {
    this.cached = lease;
    return lease.metadata?.resourceVersion ?? '';
  }

  private async call(verb: string, fn: () => Promise<V1Lease>): Promise<V1Lease> {
    try {
      return await fn();
    } catch (err) {
      if (isConflict(err))
        throw new LeaseConflictError(`conflict while trying to ${verb} lease ${this.describe()}`);
      throw new StewardError(
        'LEASE_WRITE_FAILED',
        `while trying to ${verb} lease ${this.describe()}`,
        {
          cause: err,
        },
      );
    }
  }
}
