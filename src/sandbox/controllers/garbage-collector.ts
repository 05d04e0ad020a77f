// Garbage collector: deletes dependents whose owners are gone, orphans or deletes dependents of
// owners deleted with Orphan/Foreground propagation (upstream's garbagecollector, simplified to a
// full pass over the store after each burst of changes).
import type { ApiCore } from '../apiserver/api-core.ts';
import { deleteObject, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../apiserver/deletion.ts';
import type { Served } from '../apiserver/registry.ts';
import type { KubeObject } from '../apiserver/types.ts';
import { DebouncedPass } from './loops.ts';

interface Node {
  served: Served;
  obj: KubeObject;
}

export interface GarbageCollectorOptions {
  /** Delay after a change before a pass runs (coalesces bursts). */
  debounceMs: number;
  /** A pass also runs this often regardless of changes. */
  resyncMs: number;
  log: (msg: string, err?: unknown) => void;
}

/** Keeps owner references consistent: runs in the sandbox's control-plane process. */
export class GarbageCollector {
  private readonly core: ApiCore;
  private readonly opts: GarbageCollectorOptions;
  private loop: DebouncedPass | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(core: ApiCore, opts: GarbageCollectorOptions) {
    this.core = core;
    this.opts = opts;
  }

  start(): void {
    const loop = new DebouncedPass(() => this.pass(), {
      ...this.opts,
      onError: (err) => this.opts.log('garbage collector pass failed', err),
    });
    this.loop = loop;
    this.unsubscribe = this.core.store.subscribe('*', () => loop.trigger());
    loop.trigger();
  }

  stop(): void {
    this.unsubscribe?.();
    this.loop?.stop();
  }

  private snapshot(): { byUid: Map<string, Node>; dependents: Map<string, Node[]> } {
    const byUid = new Map<string, Node>();
    const dependents = new Map<string, Node[]>();
    for (const resKey of this.core.store.resourceKeys()) {
      const served = this.core.deps.registry.byResKey(resKey);
      if (!served) continue;
      for (const s of this.core.store.list(resKey)) {
        const node = { served, obj: s.obj };
        if (s.obj.metadata.uid) byUid.set(s.obj.metadata.uid, node);
        for (const ref of s.obj.metadata.ownerReferences ?? []) {
          const list = dependents.get(ref.uid) ?? [];
          list.push(node);
          dependents.set(ref.uid, list);
        }
      }
    }
    return { byUid, dependents };
  }

  /** One full pass; public for tests. */
  pass(): void {
    const { byUid, dependents } = this.snapshot();
    for (const [ownerUid, deps] of dependents) {
      const owner = byUid.get(ownerUid);
      for (const dep of deps) this.handleDependent(dep, ownerUid, owner, byUid);
    }
    for (const owner of byUid.values())
      this.finishOwner(owner, dependents.get(owner.obj.metadata.uid ?? '') ?? []);
  }

  private handleDependent(
    dep: Node,
    ownerUid: string,
    owner: Node | undefined,
    byUid: Map<string, Node>,
  ): void {
    const fin = owner?.obj.metadata.deletionTimestamp ? (owner.obj.metadata.finalizers ?? []) : [];
    if (owner && fin.includes(ORPHAN_FINALIZER)) {
      this.removeOwnerRef(dep, ownerUid);
      return;
    }
    if (owner && fin.includes(FOREGROUND_FINALIZER)) {
      if (!dep.obj.metadata.deletionTimestamp) this.delete(dep, 'Foreground');
      return;
    }
    const alive = (dep.obj.metadata.ownerReferences ?? []).some((r) => byUid.has(r.uid));
    if (!alive && !dep.obj.metadata.deletionTimestamp) this.delete(dep, 'Background');
  }

  private finishOwner(owner: Node, deps: Node[]): void {
    const m = owner.obj.metadata;
    if (!m.deletionTimestamp) return;
    const fins = m.finalizers ?? [];
    let next = fins;
    if (fins.includes(ORPHAN_FINALIZER) && deps.length === 0)
      next = next.filter((f) => f !== ORPHAN_FINALIZER);
    const blocking = deps.some((d) =>
      (d.obj.metadata.ownerReferences ?? []).some((r) => r.uid === m.uid && r.blockOwnerDeletion),
    );
    if (fins.includes(FOREGROUND_FINALIZER) && !blocking)
      next = next.filter((f) => f !== FOREGROUND_FINALIZER);
    if (next.length === fins.length) return;
    const obj = structuredClone(owner.obj);
    obj.metadata.finalizers = next;
    if (next.length === 0) delete obj.metadata.finalizers;
    this.core.commitUpdate(owner.served, obj, owner.obj);
  }

  private removeOwnerRef(dep: Node, ownerUid: string): void {
    const obj = structuredClone(dep.obj);
    obj.metadata.ownerReferences = (obj.metadata.ownerReferences ?? []).filter(
      (r) => r.uid !== ownerUid,
    );
    if (obj.metadata.ownerReferences.length === 0) delete obj.metadata.ownerReferences;
    this.core.commitUpdate(dep.served, obj, dep.obj);
  }

  private delete(dep: Node, policy: 'Foreground' | 'Background'): void {
    const m = dep.obj.metadata;
    try {
      deleteObject(this.core, dep.served, m.namespace, m.name ?? '', {
        propagationPolicy: policy,
        preconditions: { uid: m.uid ?? '' },
      });
    } catch (err) {
      this.opts.log(
        `garbage collector could not delete ${dep.served.type.plural}/${m.name ?? ''}`,
        err,
      );
    }
  }
}
