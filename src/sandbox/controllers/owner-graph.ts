// The garbage collector's view of ownership: where each uid lives and who owns whom, kept
// up to date from store events so a change costs O(its references), not O(all objects).
import type { StoreEvent } from '../apiserver/store.ts';
import type { KubeObject } from '../apiserver/types.ts';

/** Where an object is stored. */
export interface Location {
  resKey: string;
  namespace: string | undefined;
  name: string;
}

/** Ownership edges by uid. */
export class OwnerGraph {
  private readonly where = new Map<string, Location>();
  private readonly owners = new Map<string, string[]>();
  private readonly dependents = new Map<string, Set<string>>();

  /** Records an event; returns the uids whose ownership situation may have changed. */
  apply(ev: Pick<StoreEvent, 'type' | 'resKey' | 'obj'>): string[] {
    const uid = ev.obj.metadata.uid;
    if (!uid) return [];
    const before = this.owners.get(uid) ?? [];
    if (ev.type === 'DELETED') {
      this.where.delete(uid);
      this.setOwners(uid, []);
      return [...before, ...(this.dependents.get(uid) ?? [])];
    }
    this.where.set(uid, {
      resKey: ev.resKey,
      namespace: ev.obj.metadata.namespace,
      name: ev.obj.metadata.name ?? '',
    });
    this.setOwners(
      uid,
      (ev.obj.metadata.ownerReferences ?? []).map((r) => r.uid),
    );
    return [uid, ...before];
  }

  /** Records an object that exists at start (no event). */
  add(resKey: string, obj: KubeObject): void {
    this.apply({ type: 'ADDED', resKey, obj });
  }

  private setOwners(uid: string, next: string[]): void {
    for (const o of this.owners.get(uid) ?? []) this.dependents.get(o)?.delete(uid);
    if (next.length === 0) this.owners.delete(uid);
    else this.owners.set(uid, next);
    for (const o of next) {
      let set = this.dependents.get(o);
      if (!set) {
        set = new Set();
        this.dependents.set(o, set);
      }
      set.add(uid);
    }
  }

  locate(uid: string): Location | undefined {
    return this.where.get(uid);
  }

  has(uid: string): boolean {
    return this.where.has(uid);
  }

  dependentsOf(uid: string): string[] {
    return [...(this.dependents.get(uid) ?? [])];
  }

  /** Every known uid (for a full resync). */
  all(): string[] {
    return [...this.where.keys()];
  }
}
