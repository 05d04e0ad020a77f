// In-process client for the sandbox's own controllers: typed reads and writes straight through
// the registry (same validation, admission, resourceVersions and watch events as HTTP requests).
import type { ApiCore } from '../apiserver/api-core.ts';
import { deleteObject, type DeleteOptions } from '../apiserver/deletion.ts';
import { ApiError } from '../apiserver/errors.ts';
import { resKeyOf, type Served } from '../apiserver/registry.ts';
import {
  matchesLabels,
  selectorObjectToRequirements,
  type LabelSelectorObject,
} from '../apiserver/selectors.ts';
import type { KubeObject } from '../apiserver/types.ts';

/** `group/plural` of the resources controllers use. */
export const R = {
  pods: '/pods',
  nodes: '/nodes',
  services: '/services',
  endpoints: '/endpoints',
  events: '/events',
  pvcs: '/persistentvolumeclaims',
  pvs: '/persistentvolumes',
  namespaces: '/namespaces',
  configmaps: '/configmaps',
  secrets: '/secrets',
  serviceaccounts: '/serviceaccounts',
  statefulsets: 'apps/statefulsets',
  deployments: 'apps/deployments',
  replicasets: 'apps/replicasets',
  controllerrevisions: 'apps/controllerrevisions',
  jobs: 'batch/jobs',
  cronjobs: 'batch/cronjobs',
  leases: 'coordination.k8s.io/leases',
  storageclasses: 'storage.k8s.io/storageclasses',
  volumeattachments: 'storage.k8s.io/volumeattachments',
  pdbs: 'policy/poddisruptionbudgets',
  endpointslices: 'discovery.k8s.io/endpointslices',
} as const;

export type ResKey = (typeof R)[keyof typeof R];

/** Whether an error is a 409 (conflict or already exists): requeue quickly, do not log. */
export const isConflict = (err: unknown): boolean => err instanceof ApiError && err.code === 409;
export const isNotFound = (err: unknown): boolean => err instanceof ApiError && err.code === 404;

/** Reads and writes through the registry as user `manager`. */
export class LocalClient {
  readonly core: ApiCore;
  private readonly manager: string;

  constructor(core: ApiCore, manager: string) {
    this.core = core;
    this.manager = manager;
  }

  served(resKey: string): Served {
    const s = this.core.deps.registry.byResKey(resKey);
    if (!s) throw new Error(`resource ${resKey} is not served`);
    return s;
  }

  /** A deep copy of the stored object (safe to modify), or undefined. */
  get<T extends KubeObject = KubeObject>(
    resKey: string,
    ns: string | undefined,
    name: string,
  ): T | undefined {
    const s = this.core.store.get(resKey, ns, name);
    return s ? (structuredClone(s.obj) as T) : undefined;
  }

  /** Objects of a resource (read-only views: copy before modifying). */
  list<T extends KubeObject = KubeObject>(
    resKey: string,
    ns?: string,
    selector?: LabelSelectorObject,
  ): T[] {
    const reqs = selector ? selectorObjectToRequirements(selector) : [];
    return this.core.store
      .list(resKey, ns)
      .map((s) => s.obj as T)
      .filter((o) => matchesLabels(reqs, o.metadata.labels));
  }

  create<T extends KubeObject>(resKey: string, obj: T): T {
    const served = this.served(resKey);
    return this.core.create(served, obj.metadata.namespace, structuredClone(obj), {
      fieldManager: this.manager,
    }).obj as T;
  }

  /** Replaces the object; fails with 409 if `obj.metadata.resourceVersion` is stale. */
  update<T extends KubeObject>(resKey: string, obj: T): T {
    const m = obj.metadata;
    return this.core.update(this.served(resKey), m.namespace, m.name ?? '', structuredClone(obj), {
      fieldManager: this.manager,
    }).obj as T;
  }

  /** Replaces the object's status; fails with 409 if stale. */
  updateStatus<T extends KubeObject>(resKey: string, obj: T): T {
    const m = obj.metadata;
    return this.core.update(this.served(resKey), m.namespace, m.name ?? '', structuredClone(obj), {
      fieldManager: this.manager,
      subresource: 'status',
    }).obj as T;
  }

  /** Reads, changes and writes the object, retrying on conflicts; returns undefined if it is gone. */
  mutate<T extends KubeObject>(
    resKey: string,
    ns: string | undefined,
    name: string,
    fn: (obj: T) => void,
    status = false,
  ): T | undefined {
    for (let attempt = 0; attempt < 5; attempt++) {
      const obj = this.get<T>(resKey, ns, name);
      if (!obj) return undefined;
      fn(obj);
      try {
        return status ? this.updateStatus(resKey, obj) : this.update(resKey, obj);
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
    throw new Error(`too many conflicts updating ${resKey} ${ns ?? ''}/${name}`);
  }

  /** Deletes (or starts deleting) the object; absent objects are not an error. */
  delete(resKey: string, ns: string | undefined, name: string, opts: DeleteOptions = {}): void {
    try {
      deleteObject(this.core, this.served(resKey), ns, name, opts);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Subscribes to changes of a resource (ADDED/MODIFIED/DELETED with the object). */
  watch(
    resKey: string,
    fn: (type: string, obj: KubeObject, prev: KubeObject | undefined) => void,
  ): () => void {
    return this.core.store.subscribe(resKey, (ev) => fn(ev.type, ev.obj, ev.prev));
  }
}

export { resKeyOf };
