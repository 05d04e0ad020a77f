// Garbage collector: deletes dependents whose owners are gone, orphans or deletes dependents of
// owners deleted with Orphan/Foreground propagation (upstream's garbagecollector). It keeps an
// ownership graph from store events and, after each burst of changes, looks only at the objects
// the burst touched (plus a full resync now and then).
import type { ApiCore } from '../apiserver/api-core.ts';
import { deleteObject, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../apiserver/deletion.ts';
import type { Served } from '../apiserver/registry.ts';
import type { KubeObject } from '../apiserver/types.ts';
import { DebouncedPass } from './loops.ts';
import { OwnerGraph } from './owner-graph.ts';

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
  private resync: NodeJS.Timeout | undefined;
  private readonly graph = new OwnerGraph();
  private readonly dirty = new Set<string>();

  constructor(core: ApiCore, opts: GarbageCollectorOptions) {
    this.core = core;
    this.opts = opts;
  }

  start(): void {
    for (const resKey of this.core.store.resourceKeys()) {
      for (const st of this.core.store.list(resKey)) this.graph.add(resKey, st.obj);
    }
    for (const uid of this.graph.all()) this.dirty.add(uid);
    const loop = new DebouncedPass(() => this.pass(), {
      debounceMs: this.opts.debounceMs,
      resyncMs: this.opts.resyncMs,
      onError: (err) => this.opts.log('garbage collector pass failed', err),
    });
    this.loop = loop;
    this.unsubscribe = this.core.store.subscribe('*', (ev) => {
      for (const uid of this.graph.apply(ev)) this.dirty.add(uid);
      if (this.dirty.size > 0) loop.trigger();
    });
    this.resync = setInterval(() => {
      for (const uid of this.graph.all()) this.dirty.add(uid);
      loop.trigger();
    }, this.opts.resyncMs);
    loop.trigger();
  }

  stop(): void {
    this.unsubscribe?.();
    this.loop?.stop();
    clearInterval(this.resync);
  }

  private node(uid: string): Node | undefined {
    const at = this.graph.locate(uid);
    if (!at) return undefined;
    const served = this.core.deps.registry.byResKey(at.resKey);
    const stored = this.core.store.get(at.resKey, at.namespace, at.name);
    return served && stored ? { served, obj: stored.obj } : undefined;
  }

  /** Handles every object touched since the last pass; public for tests. */
  pass(): void {
    const uids = [...this.dirty];
    this.dirty.clear();
    for (const uid of uids) {
      const node = this.node(uid);
      if (!node) continue;
      for (const ref of node.obj.metadata.ownerReferences ?? []) {
        this.handleDependent(node, ref.uid, this.node(ref.uid));
      }
      if (node.obj.metadata.deletionTimestamp) {
        const deps = this.graph
          .dependentsOf(uid)
          .map((d) => this.node(d))
          .filter((d): d is Node => d !== undefined);
        for (const dep of deps) this.handleDependent(dep, uid, node);
        this.finishOwner(
          this.node(uid) ?? node,
          this.graph
            .dependentsOf(uid)
            .map((d) => this.node(d))
            .filter((d): d is Node => d !== undefined),
        );
      }
    }
  }

  private handleDependent(dep: Node, ownerUid: string, owner: Node | undefined): void {
    const fin = owner?.obj.metadata.deletionTimestamp ? (owner.obj.metadata.finalizers ?? []) : [];
    if (owner && fin.includes(ORPHAN_FINALIZER)) {
      this.removeOwnerRef(dep, ownerUid);
      return;
    }
    if (owner && fin.includes(FOREGROUND_FINALIZER)) {
      if (!dep.obj.metadata.deletionTimestamp) this.delete(dep, 'Foreground');
      return;
    }
    const alive = (dep.obj.metadata.ownerReferences ?? []).some((r) => this.graph.has(r.uid));
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
