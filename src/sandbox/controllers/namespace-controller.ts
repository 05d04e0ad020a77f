// Namespace lifecycle: empties terminating namespaces, then releases them; gives every active
// namespace its `default` ServiceAccount (upstream's namespace and serviceaccounts controllers).
import type { ApiCore } from '../apiserver/api-core.ts';
import { deleteObject, namespaceFinalizers } from '../apiserver/deletion.ts';
import type { KubeObject } from '../apiserver/types.ts';
import { DebouncedPass } from './loops.ts';

export interface NamespaceControllerOptions {
  debounceMs: number;
  resyncMs: number;
  log: (msg: string, err?: unknown) => void;
}

/** Runs in the control-plane process. */
export class NamespaceController {
  private readonly core: ApiCore;
  private readonly opts: NamespaceControllerOptions;
  private loop: DebouncedPass | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(core: ApiCore, opts: NamespaceControllerOptions) {
    this.core = core;
    this.opts = opts;
  }

  start(): void {
    const loop = new DebouncedPass(() => this.pass(), {
      ...this.opts,
      onError: (err) => this.opts.log('namespace controller pass failed', err),
    });
    this.loop = loop;
    const watched = new Set(['/namespaces', '/serviceaccounts']);
    this.unsubscribe = this.core.store.subscribe('*', (ev) => {
      if (watched.has(ev.resKey) || ev.type === 'DELETED') loop.trigger();
    });
    loop.trigger();
  }

  stop(): void {
    this.unsubscribe?.();
    this.loop?.stop();
  }

  /** One pass over all namespaces; public for tests. */
  pass(): void {
    for (const ns of this.core.store.list('/namespaces')) {
      if (ns.obj.metadata.deletionTimestamp) this.drain(ns.obj);
      else this.ensureDefaultServiceAccount(ns.obj.metadata.name ?? '');
    }
  }

  private drain(ns: KubeObject): void {
    const name = ns.metadata.name ?? '';
    let remaining = 0;
    for (const resKey of this.core.store.resourceKeys()) {
      const served = this.core.deps.registry.byResKey(resKey);
      if (!served?.type.namespaced) continue;
      for (const s of this.core.store.list(resKey, name)) {
        remaining++;
        if (s.obj.metadata.deletionTimestamp) continue;
        try {
          deleteObject(this.core, served, name, s.obj.metadata.name ?? '', {
            propagationPolicy: 'Background',
          });
        } catch (err) {
          this.opts.log(
            `namespace controller could not delete ${resKey} ${name}/${s.obj.metadata.name ?? ''}`,
            err,
          );
        }
      }
    }
    if (remaining > 0 || namespaceFinalizers(ns).length === 0) return;
    const served = this.core.deps.registry.byResKey('/namespaces');
    if (!served) return;
    const obj = structuredClone(ns);
    obj.spec = { ...(obj.spec as object), finalizers: [] };
    this.core.commitUpdate(served, obj, ns);
  }

  private ensureDefaultServiceAccount(ns: string): void {
    if (this.core.store.get('/serviceaccounts', ns, 'default')) return;
    const served = this.core.deps.registry.byResKey('/serviceaccounts');
    if (!served) return;
    try {
      this.core.create(served, ns, {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace: ns },
      });
    } catch (err) {
      this.opts.log(`could not create the default ServiceAccount in ${ns}`, err);
    }
  }
}
