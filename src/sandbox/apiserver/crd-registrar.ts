// Serves the resources that CustomResourceDefinitions define, keeps CRD status (names accepted,
// established) and removes a CRD's objects when it is deleted.
import type { ApiCore } from './api-core.ts';
import { BUILTIN_RESOURCES } from './builtin-resources.ts';
import { deleteObject } from './deletion.ts';
import { formatTime } from './object-meta.ts';
import type { CustomResourceInfo, Served } from './registry.ts';
import { crdStatusFor, takenNames } from './schema/crd-status.ts';
import { storageVersion } from './schema/crd.ts';
import type { Crd, CrdNames, CrdVersion } from './schema/crd-types.ts';
import type { ResourceType, SubresourceType } from './types.ts';
import type { StoreEvent } from './store.ts';

export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
const CRD_KEY = 'apiextensions.k8s.io/customresourcedefinitions';

function customInfo(crd: Crd, v: CrdVersion, storage: string): CustomResourceInfo {
  const custom: CustomResourceInfo = {
    crdName: crd.metadata.name ?? '',
    schema: v.schema?.openAPIV3Schema,
    printerColumns: (v.additionalPrinterColumns ?? []).map((c) => ({
      name: c.name ?? '',
      type: c.type ?? 'string',
      jsonPath: c.jsonPath ?? '',
      ...(c.format !== undefined ? { format: c.format } : {}),
      ...(c.description !== undefined ? { description: c.description } : {}),
      ...(c.priority !== undefined ? { priority: c.priority } : {}),
    })),
    storageVersion: storage,
  };
  const scale = v.subresources?.scale;
  if (scale) {
    custom.scale = {
      specReplicasPath: scale.specReplicasPath ?? '.spec.replicas',
      statusReplicasPath: scale.statusReplicasPath ?? '.status.replicas',
      ...(scale.labelSelectorPath !== undefined
        ? { labelSelectorPath: scale.labelSelectorPath }
        : {}),
    };
  }
  return custom;
}

function resourceType(crd: Crd, v: CrdVersion, names: CrdNames): ResourceType {
  const group = crd.spec.group ?? '';
  const version = v.name ?? '';
  const kind = names.kind ?? '';
  const subresources: SubresourceType[] = [];
  if (v.subresources?.status)
    subresources.push({ name: 'status', group, version, kind, verbs: ['get', 'patch', 'update'] });
  if (v.subresources?.scale) {
    subresources.push({
      name: 'scale',
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
  }
  return {
    group,
    version,
    kind,
    listKind: names.listKind ?? `${kind}List`,
    plural: names.plural ?? '',
    singular: names.singular ?? kind.toLowerCase(),
    namespaced: crd.spec.scope !== 'Cluster',
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    verbs: ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'],
    subresources,
    hasGeneration: true,
    hasStatusSubresource: v.subresources?.status !== undefined,
  };
}

/** The served resources one CRD defines (one per served version), once its names are accepted. */
export function servedFromCrd(crd: Crd): Served[] {
  const spec = crd.spec;
  const names = crd.status?.acceptedNames ?? spec.names ?? {};
  const established = (crd.status?.conditions ?? []).some(
    (c) => c.type === 'Established' && c.status === 'True',
  );
  if (!established || !spec.group || !names.plural || !names.kind) return [];
  const storage = storageVersion(spec) ?? '';
  return (spec.versions ?? [])
    .filter((v) => v.served && v.name)
    .map((v) => ({ type: resourceType(crd, v, names), custom: customInfo(crd, v, storage) }));
}

/** Watches CRDs in the store and keeps the registry and CRD statuses in step. */
export class CrdRegistrar {
  private readonly core: ApiCore;
  private unsubscribe: (() => void) | undefined;
  private readonly log: (msg: string, err?: unknown) => void;

  constructor(core: ApiCore, log: (msg: string, err?: unknown) => void) {
    this.core = core;
    this.log = log;
  }

  start(): void {
    for (const s of this.core.store.list(CRD_KEY)) this.sync(s.obj as Crd);
    this.unsubscribe = this.core.store.subscribe(CRD_KEY, (ev) => this.onEvent(ev));
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private onEvent(ev: StoreEvent): void {
    // Run after the write that triggered us has been answered, as a controller would.
    setImmediate(() => {
      try {
        if (ev.type === 'DELETED')
          this.core.deps.registry.setCustom(ev.obj.metadata.name ?? '', []);
        else {
          const current = this.core.store.get(CRD_KEY, undefined, ev.obj.metadata.name ?? '');
          if (current) this.sync(current.obj as Crd);
        }
      } catch (err) {
        this.log('CRD registrar failed', err);
      }
    });
  }

  private served(): Served {
    const s = this.core.deps.registry.byResKey(CRD_KEY);
    if (!s) throw new Error('CRD resource is not registered');
    return s;
  }

  private sync(crd: Crd): void {
    if (crd.metadata.deletionTimestamp) {
      this.cleanup(crd);
      return;
    }
    const all = this.core.store.list(CRD_KEY).map((s) => s.obj as Crd);
    const taken = takenNames(crd.spec.group ?? '', all, BUILTIN_RESOURCES, crd.metadata.name);
    const status = crdStatusFor(crd, taken, formatTime(this.core.deps.now()));
    if (JSON.stringify(status) !== JSON.stringify(crd.status)) {
      const updated = structuredClone(crd);
      updated.status = status;
      this.core.commitUpdate(this.served(), updated, crd);
      crd = updated;
    }
    this.core.deps.registry.setCustom(crd.metadata.name ?? '', servedFromCrd(crd));
  }

  /** Deletes every object of a deleted CRD, then releases the CRD. */
  private cleanup(crd: Crd): void {
    const group = crd.spec.group ?? '';
    const plural = crd.status?.acceptedNames?.plural ?? crd.spec.names?.plural ?? '';
    const resKey = `${group}/${plural}`;
    const served = this.core.deps.registry.byResKey(resKey);
    if (served) {
      for (const s of this.core.store.list(resKey)) {
        const m = s.obj.metadata;
        if (m.deletionTimestamp) continue;
        deleteObject(this.core, served, m.namespace, m.name ?? '', {
          propagationPolicy: 'Background',
        });
      }
    }
    if (this.core.store.count(resKey) > 0) {
      setTimeout(() => {
        const current = this.core.store.get(CRD_KEY, undefined, crd.metadata.name ?? '');
        if (current) this.sync(current.obj as Crd);
      }, 200);
      return;
    }
    this.core.deps.registry.setCustom(crd.metadata.name ?? '', []);
    const fins = (crd.metadata.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
    if (fins.length === (crd.metadata.finalizers ?? []).length) return;
    const updated = structuredClone(crd);
    updated.metadata.finalizers = fins;
    if (fins.length === 0) delete updated.metadata.finalizers;
    this.core.commitUpdate(this.served(), updated, crd);
  }
}
