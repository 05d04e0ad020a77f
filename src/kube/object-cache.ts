// The informer's local store of objects by namespace/name, and the relist diff.
import type { KubernetesObject } from '@kubernetes/client-node';

/** `namespace/name`, or `name` for cluster-scoped objects (client-go MetaNamespaceKeyFunc). */
export function objectKey(obj: KubernetesObject): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? '';
  return ns ? `${ns}/${name}` : name;
}

/** A change the cache went through, as handlers see it. */
export type CacheChange<T> =
  { type: 'add'; obj: T } | { type: 'update'; old: T; obj: T } | { type: 'delete'; obj: T };

/** Objects by key. */
export class ObjectCache<T extends KubernetesObject> {
  private readonly items = new Map<string, T>();

  /** The object `namespace/name` (namespace '' for cluster-scoped). */
  get(namespace: string, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }
  /** All objects, or those of one namespace. */
  list(namespace?: string): T[] {
    const all = [...this.items.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata?.namespace === namespace);
  }
  /** Adds or replaces; returns the change (add or update). */
  upsert(obj: T): CacheChange<T> {
    const key = objectKey(obj);
    const old = this.items.get(key);
    this.items.set(key, obj);
    return old ? { type: 'update', old, obj } : { type: 'add', obj };
  }
  /** Removes; returns the delete change with the final state seen. */
  remove(obj: T): CacheChange<T> {
    this.items.delete(objectKey(obj));
    return { type: 'delete', obj };
  }
  /**
   * Replaces the whole content with a fresh list and returns the differences: adds for new keys,
   * updates for changed resourceVersions, deletes (with the last known state) for vanished keys.
   */
  replace(items: T[]): CacheChange<T>[] {
    const changes: CacheChange<T>[] = [];
    const fresh = new Map(items.map((o) => [objectKey(o), o] as const));
    for (const [key, old] of this.items) {
      if (!fresh.has(key)) changes.push({ type: 'delete', obj: old });
    }
    for (const [key, obj] of fresh) {
      const old = this.items.get(key);
      if (!old) changes.push({ type: 'add', obj });
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion)
        changes.push({ type: 'update', old, obj });
    }
    this.items.clear();
    for (const [key, obj] of fresh) this.items.set(key, obj);
    return changes;
  }
}
