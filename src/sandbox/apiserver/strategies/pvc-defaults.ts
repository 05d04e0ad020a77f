// Defaults of PVCs and PVs (core/v1 SetDefaults_*) and the DefaultStorageClass admission plugin.
import type { StrategyContext } from '../strategy.ts';
import type { KubeObject } from '../types.ts';
import type { Obj } from './util.ts';
import { child, isObj, objAt, setDefault } from './util.ts';

/** Annotations that mark a StorageClass as the cluster default. */
export const DEFAULT_CLASS_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

/** Claim defaults: volumeMode Filesystem and status.phase Pending. */
export function defaultClaim(claim: Obj): void {
  setDefault(child(claim, 'spec'), 'volumeMode', 'Filesystem');
  setDefault(child(claim, 'status'), 'phase', 'Pending');
}

/** A StatefulSet claim template as upstream prints it (apiVersion, kind, null creationTimestamp). */
export function defaultClaimTemplate(t: Obj): void {
  setDefault(t, 'apiVersion', 'v1');
  setDefault(t, 'kind', 'PersistentVolumeClaim');
  const meta = child(t, 'metadata');
  if (!('creationTimestamp' in meta)) meta.creationTimestamp = null;
  defaultClaim(t);
}

/** PV defaults: reclaim policy Retain, volumeMode Filesystem, status.phase Pending. */
export function defaultVolume(pv: Obj): void {
  const spec = child(pv, 'spec');
  setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(spec, 'volumeMode', 'Filesystem');
  const hostPath = objAt(spec, 'hostPath');
  if (hostPath) setDefault(hostPath, 'type', '');
  setDefault(child(pv, 'status'), 'phase', 'Pending');
}

function isDefaultClass(sc: KubeObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return DEFAULT_CLASS_ANNOTATIONS.some((k) => a[k] === 'true');
}

/** The default StorageClass: the newest marked one, ties broken by name (as upstream since 1.26). */
export function defaultStorageClass(ctx: StrategyContext): KubeObject | undefined {
  const marked = ctx.list('storage.k8s.io', 'storageclasses', undefined).filter(isDefaultClass);
  marked.sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? 1 : -1;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  });
  return marked[0];
}

/** DefaultStorageClass admission: an unset (not empty) storageClassName gets the default class. */
export function admitDefaultStorageClass(claim: KubeObject, ctx: StrategyContext): void {
  const spec = isObj(claim.spec) ? claim.spec : child(claim, 'spec');
  if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
  if (claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] !== undefined) return;
  const sc = defaultStorageClass(ctx);
  if (sc?.metadata.name) spec.storageClassName = sc.metadata.name;
}
