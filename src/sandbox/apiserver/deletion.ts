// DELETE semantics: preconditions, pod grace periods, finalizers and propagation policies
// (apiserver rest/delete.go BeforeDelete and registry Store.Delete).
import type { ApiCore } from './api-core.ts';
import { badRequest, conflict } from './errors.ts';
import { formatTime } from './object-meta.ts';
import { resKeyOf, type Served } from './registry.ts';
import type { Stored } from './store.ts';
import type { KubeObject } from './types.ts';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface DeleteResult {
  stored: Stored;
  /** True when the object is gone; false when deletion is pending (grace period or finalizers). */
  deleted: boolean;
}

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

/** Kinds whose immediate DELETE answers with the deleted object instead of a Status. */
export const RETURNS_DELETED_OBJECT = new Set([
  '/pods',
  '/persistentvolumeclaims',
  '/persistentvolumes',
  '/services',
]);

function podGrace(obj: KubeObject, requested: number | undefined): number {
  const spec = obj.spec as
    { nodeName?: string; terminationGracePeriodSeconds?: number } | undefined;
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  let grace = requested ?? spec?.terminationGracePeriodSeconds ?? 30;
  if (!spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') grace = 0;
  if (grace < 0) grace = 1;
  return grace;
}

/** The `spec.finalizers` of a namespace. */
export const namespaceFinalizers = (obj: KubeObject): string[] =>
  (obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];

function checkPreconditions(served: Served, obj: KubeObject, opts: DeleteOptions): void {
  const p = opts.preconditions;
  const name = obj.metadata.name ?? '';
  if (p?.uid !== undefined && p.uid !== obj.metadata.uid) {
    throw conflict(
      served.type.group,
      served.type.plural,
      name,
      `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${obj.metadata.uid ?? ''}`,
    );
  }
  if (p?.resourceVersion !== undefined && p.resourceVersion !== obj.metadata.resourceVersion) {
    throw conflict(
      served.type.group,
      served.type.plural,
      name,
      `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion ?? ''}`,
    );
  }
}

function propagationFinalizer(opts: DeleteOptions): string | undefined {
  if (opts.propagationPolicy !== undefined && opts.orphanDependents !== undefined) {
    throw badRequest(
      'Invalid value: DeleteOptions: OrphanDependents and DeletionPropagation cannot be both set',
    );
  }
  if (opts.propagationPolicy === 'Orphan' || opts.orphanDependents === true)
    return ORPHAN_FINALIZER;
  if (opts.propagationPolicy === 'Foreground') return FOREGROUND_FINALIZER;
  return undefined;
}

/** Deletes (or starts deleting) one object. */
export function deleteObject(
  core: ApiCore,
  served: Served,
  ns: string | undefined,
  name: string,
  opts: DeleteOptions,
): DeleteResult {
  const current = core.get(served, ns, name);
  const old = current.obj;
  checkPreconditions(served, old, opts);
  const isPod = resKeyOf(served.type) === '/pods';
  const grace = isPod ? podGrace(old, opts.gracePeriodSeconds) : 0;
  const now = core.deps.now();
  const extraFinalizer = propagationFinalizer(opts);
  const obj = structuredClone(old);
  const m = obj.metadata;

  if (m.deletionTimestamp !== undefined) {
    // Already terminating: a later DELETE may only shorten the grace period.
    const remaining = m.deletionGracePeriodSeconds ?? 0;
    if (!isPod || grace >= remaining) return { stored: current, deleted: false };
    m.deletionGracePeriodSeconds = grace;
    m.deletionTimestamp = formatTime(new Date(now.getTime() + grace * 1000));
    return finish(core, served, obj, old, opts);
  }
  const finalizers = [...(m.finalizers ?? [])];
  if (extraFinalizer && !finalizers.includes(extraFinalizer)) finalizers.push(extraFinalizer);
  if (resKeyOf(served.type) === '/namespaces' && namespaceFinalizers(obj).length > 0) {
    // Namespaces are held by spec.finalizers until the namespace controller empties them.
    obj.status = { ...(obj.status as object | undefined), phase: 'Terminating' };
    m.deletionTimestamp = formatTime(now);
    m.deletionGracePeriodSeconds = 0;
    if (finalizers.length > 0) m.finalizers = finalizers;
    return finish(core, served, obj, old, opts);
  }
  if (grace === 0 && finalizers.length === 0) {
    if (opts.dryRun) return { stored: current, deleted: true };
    const removed = core.store.remove(resKeyOf(served.type), m.namespace, name);
    if (!removed) return { stored: current, deleted: true };
    return { stored: removed, deleted: true };
  }
  m.finalizers = finalizers.length > 0 ? finalizers : undefined;
  if (m.finalizers === undefined) delete m.finalizers;
  m.deletionTimestamp = formatTime(new Date(now.getTime() + grace * 1000));
  m.deletionGracePeriodSeconds = grace;
  if ((m.generation ?? 0) > 0) m.generation = (m.generation ?? 0) + 1;
  return finish(core, served, obj, old, opts);
}

function finish(
  core: ApiCore,
  served: Served,
  obj: KubeObject,
  old: KubeObject,
  opts: DeleteOptions,
): DeleteResult {
  if (opts.dryRun) return { stored: { obj, json: JSON.stringify(obj) }, deleted: false };
  const stored = core.commitUpdate(served, obj, old);
  const deleted =
    core.store.get(resKeyOf(served.type), obj.metadata.namespace, obj.metadata.name ?? '') ===
    undefined;
  return { stored, deleted };
}
