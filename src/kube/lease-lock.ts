// The lease-lock contract of leader election, its record, MicroTime formatting, and an in-memory fake.
import { StewardError } from '../lib/errors.ts';

/** What a Lease says about its holder (client-go resourcelock.LeaderElectionRecord, Lease spec fields). */
export interface LeaderElectionRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** MicroTime string `2006-01-02T15:04:05.000000Z`. */
  acquireTime: string;
  /** MicroTime string; informational only — expiry is judged by local observation, never by this. */
  renewTime: string;
  leaseTransitions: number;
}

/** Annotations of a Lease (`metadata.annotations`). */
export type LeaseAnnotations = Record<string, string>;

/** A record as read, with the Lease's annotations and the resourceVersion an update must present. */
export interface ObservedLease {
  record: LeaderElectionRecord;
  /** The Lease's annotations ({} when it has none). */
  annotations: LeaseAnnotations;
  resourceVersion: string;
}

/**
 * Storage of the election record; `update` must fail with a conflict on a stale resourceVersion.
 * Given `annotations` replace the Lease's annotations entirely; undefined keeps what is there.
 */
export interface LeaseLock {
  /** The current record, or null when the lease does not exist. */
  get(): Promise<ObservedLease | null>;
  /** Creates the lease; fails with a conflict if it exists. Returns the new resourceVersion. */
  create(record: LeaderElectionRecord, annotations?: LeaseAnnotations): Promise<string>;
  /** Replaces the record if `resourceVersion` is current; returns the new resourceVersion. */
  update(
    record: LeaderElectionRecord,
    resourceVersion: string,
    annotations?: LeaseAnnotations,
  ): Promise<string>;
  /** Human-readable name for logs (`namespace/name`). */
  describe(): string;
}

/** Thrown by a lock when the lease changed since it was read (HTTP 409). */
export class LeaseConflictError extends StewardError {
  readonly statusCode = 409;
  constructor(message: string) {
    super('LEASE_CONFLICT', message);
  }
}

/** Formats epoch ms as a Kubernetes MicroTime (`2006-01-02T15:04:05.000000Z`). */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

/** Canonical text of a record, for "did the raw record change" comparisons. */
export function canonicalRecord(r: LeaderElectionRecord): string {
  return JSON.stringify([
    r.holderIdentity,
    r.leaseDurationSeconds,
    r.acquireTime,
    r.renewTime,
    r.leaseTransitions,
  ]);
}

/** Shared in-memory lease storage; hand each contender its own `lock()`. */
export class FakeLeaseStore {
  private stored: {
    record: LeaderElectionRecord;
    annotations: LeaseAnnotations;
    rv: number;
  } | null = null;
  private nextRv = 1;

  /** A lock over this store for one client; its failures can be switched on separately. */
  lock(name = 'default/lease'): FakeLeaseLock {
    return new FakeLeaseLock(this, name);
  }
  /** The stored record (a copy), for assertions. */
  peek(): ObservedLease | null {
    if (!this.stored) return null;
    return {
      record: { ...this.stored.record },
      annotations: { ...this.stored.annotations },
      resourceVersion: String(this.stored.rv),
    };
  }
  /** Writes directly, bypassing resourceVersion checks (simulates another writer); undefined annotations are kept. */
  write(record: LeaderElectionRecord, annotations?: LeaseAnnotations): string {
    const kept = annotations ?? this.stored?.annotations ?? {};
    this.stored = { record: { ...record }, annotations: { ...kept }, rv: this.nextRv++ };
    return String(this.stored.rv);
  }
  /** Create-if-absent. */
  create(record: LeaderElectionRecord, annotations?: LeaseAnnotations): string {
    if (this.stored) throw new LeaseConflictError('lease already exists');
    return this.write(record, annotations);
  }
  /** Compare-and-swap on resourceVersion. */
  update(
    record: LeaderElectionRecord,
    resourceVersion: string,
    annotations?: LeaseAnnotations,
  ): string {
    if (!this.stored) throw new StewardError('LEASE_NOT_FOUND', 'lease not found');
    if (String(this.stored.rv) !== resourceVersion) {
      throw new LeaseConflictError(
        `the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    return this.write(record, annotations);
  }
}

/** One client's view of a FakeLeaseStore; set `failing` to make every call reject, `hanging` to never settle. */
export class FakeLeaseLock implements LeaseLock {
  failing = false;
  hanging = false;
  calls = 0;
  private readonly store: FakeLeaseStore;
  private readonly name: string;
  constructor(store: FakeLeaseStore, name: string) {
    this.store = store;
    this.name = name;
  }
  get(): Promise<ObservedLease | null> {
    return this.call(() => this.store.peek());
  }
  create(record: LeaderElectionRecord, annotations?: LeaseAnnotations): Promise<string> {
    return this.call(() => this.store.create(record, annotations));
  }
  update(
    record: LeaderElectionRecord,
    resourceVersion: string,
    annotations?: LeaseAnnotations,
  ): Promise<string> {
    return this.call(() => this.store.update(record, resourceVersion, annotations));
  }
  describe(): string {
    return this.name;
  }
  private async call<T>(fn: () => T): Promise<T> {
    this.calls++;
    if (this.hanging) await new Promise<never>(() => undefined);
    if (this.failing) throw new StewardError('FAKE_LOCK_DOWN', 'connection refused');
    return fn();
  }
}
