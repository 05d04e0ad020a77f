// An in-memory OperatorClient for step tests: a store of objects, JSON merge patches, equality
// label selectors, and a log of every write and event so tests can assert what a step did.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { PostgresCluster } from '../../api/postgres-cluster.ts';
import type { ObjectRef, OperatorClient } from '../client.ts';

/** One write or event, as the fake records it. */
export interface FakeWrite {
  verb: 'create' | 'patch' | 'delete' | 'status' | 'event';
  /** `Kind/name` (events and status: of the cluster). */
  target: string;
  /** The patch, the propagation policy, or `type reason message`. */
  detail?: unknown;
}

const keyOf = (r: ObjectRef): string => `${r.apiVersion}|${r.kind}|${r.namespace}|${r.name}`;

function refOfObject(o: KubernetesObject): ObjectRef {
  return {
    apiVersion: o.apiVersion ?? '',
    kind: o.kind ?? '',
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
  };
}

/** RFC 7386 JSON merge patch of `target` by `patch` (returns a new value). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base =
    target !== null && typeof target === 'object' && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base;
}

/** Whether `labels` satisfy an equality selector (`a=b,c=d`; a bare key means "exists"). */
export function matchesSelector(
  labels: Record<string, string> | undefined,
  selector: string,
): boolean {
  return selector
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .every((term) => {
      const [k = '', v] = term.split('=');
      return v === undefined ? labels?.[k] !== undefined : labels?.[k] === v;
    });
}

/** The fake: `objects` is the store (tests may `put` into it), `writes` the log. */
export class FakeOperatorClient implements OperatorClient {
  readonly objects = new Map<string, KubernetesObject>();
  readonly writes: FakeWrite[] = [];
  private uids = 0;

  /** Stores (or replaces) an object without logging a write. */
  put<T extends KubernetesObject>(obj: T): T {
    const copy = structuredClone(obj);
    copy.metadata = { uid: `uid-${++this.uids}`, ...copy.metadata };
    this.objects.set(keyOf(refOfObject(copy)), copy);
    return copy;
  }

  /** A stored object by ref (no copy), or undefined. */
  peek<T extends KubernetesObject>(ref: ObjectRef): T | undefined {
    return this.objects.get(keyOf(ref)) as T | undefined;
  }

  get<T extends KubernetesObject>(ref: ObjectRef): Promise<T | null> {
    const o = this.objects.get(keyOf(ref));
    return Promise.resolve(o ? (structuredClone(o) as T) : null);
  }

  create<T extends KubernetesObject>(obj: T): Promise<T> {
    const ref = refOfObject(obj);
    if (this.objects.has(keyOf(ref))) return Promise.reject(new Error(`${ref.name} exists`));
    this.writes.push({ verb: 'create', target: `${ref.kind}/${ref.name}` });
    return Promise.resolve(structuredClone(this.put(obj)));
  }

  patch<T extends KubernetesObject>(ref: ObjectRef, patch: object): Promise<T> {
    const have = this.objects.get(keyOf(ref));
    if (!have) return Promise.reject(new Error(`${ref.kind} ${ref.name} not found`));
    const next = mergePatch(have, patch) as T;
    this.objects.set(keyOf(ref), next);
    this.writes.push({ verb: 'patch', target: `${ref.kind}/${ref.name}`, detail: patch });
    return Promise.resolve(structuredClone(next));
  }

  delete(ref: ObjectRef, propagationPolicy?: 'Orphan' | 'Background' | 'Foreground') {
    this.objects.delete(keyOf(ref));
    this.writes.push({
      verb: 'delete',
      target: `${ref.kind}/${ref.name}`,
      detail: propagationPolicy,
    });
    return Promise.resolve();
  }

  list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    namespace: string,
    labelSelector: string,
  ): Promise<T[]> {
    const out = [...this.objects.values()].filter(
      (o) =>
        o.apiVersion === apiVersion &&
        o.kind === kind &&
        (namespace === '' || o.metadata?.namespace === namespace) &&
        matchesSelector(o.metadata?.labels, labelSelector),
    );
    return Promise.resolve(structuredClone(out) as T[]);
  }

  patchClusterStatus(cluster: PostgresCluster, status: object): Promise<void> {
    this.writes.push({
      verb: 'status',
      target: `PostgresCluster/${cluster.metadata.name ?? ''}`,
      detail: status,
    });
    return Promise.resolve();
  }

  event(cluster: PostgresCluster, type: 'Normal' | 'Warning', reason: string, message: string) {
    const target = `PostgresCluster/${cluster.metadata.name ?? ''}`;
    this.writes.push({ verb: 'event', target, detail: `${type} ${reason} ${message}` });
    return Promise.resolve();
  }

  /** The logged writes other than events and status, as `verb Kind/name`. */
  objectWrites(): string[] {
    return this.writes
      .filter((w) => w.verb !== 'event' && w.verb !== 'status')
      .map((w) => `${w.verb} ${w.target}`);
  }

  /** The logged events, as `type reason message`. */
  events(): string[] {
    return this.writes.filter((w) => w.verb === 'event').map((w) => String(w.detail));
  }
}
