// Typed views of the storage objects the controllers read (PVC, PV, StorageClass, pod volumes),
// and small accessors over them.
import { quantityOf } from '../../../lib/quantity.ts';
import type { LabelSelectorObject } from '../../apiserver/selectors.ts';
import type { KubeObject } from '../../apiserver/types.ts';
import { ANN_BETA_STORAGE_CLASS } from './constants.ts';

/** A PVC/PV condition. */
export interface Condition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ClaimSpec {
  accessModes?: string[];
  resources?: { requests?: Record<string, string> };
  storageClassName?: string | null;
  volumeName?: string;
  volumeMode?: string;
  selector?: LabelSelectorObject;
}

export interface ClaimStatus {
  phase?: string;
  capacity?: Record<string, string>;
  accessModes?: string[];
  conditions?: Condition[];
  allocatedResources?: Record<string, string>;
  allocatedResourceStatuses?: Record<string, string>;
}

/** A PersistentVolumeClaim. */
export interface Claim extends KubeObject {
  spec: ClaimSpec;
  status?: ClaimStatus;
}

export interface ClaimRef {
  kind?: string;
  apiVersion?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
}

export interface CsiSource {
  driver: string;
  volumeHandle: string;
  fsType?: string;
  volumeAttributes?: Record<string, string>;
}

export interface VolumeSpec {
  capacity?: Record<string, string>;
  accessModes?: string[];
  claimRef?: ClaimRef | null;
  persistentVolumeReclaimPolicy?: string;
  storageClassName?: string;
  volumeMode?: string;
  mountOptions?: string[];
  csi?: CsiSource;
}

/** A PersistentVolume. */
export interface Volume extends KubeObject {
  spec: VolumeSpec;
  status?: { phase?: string; message?: string; reason?: string; lastPhaseTransitionTime?: string };
}

/** A StorageClass. */
export interface StorageClass extends KubeObject {
  provisioner: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: string;
  volumeBindingMode?: string;
  allowVolumeExpansion?: boolean;
  mountOptions?: string[];
}

/** Bytes of a quantity (rounded up); 0 when absent or invalid. */
export function bytesOf(q: unknown): bigint {
  const milli = quantityOf(q);
  if (milli === undefined) return 0n;
  return (milli + 999n) / 1000n;
}

export const claimRequest = (c: Claim): bigint => bytesOf(c.spec.resources?.requests?.storage);
export const claimCapacity = (c: Claim): bigint => bytesOf(c.status?.capacity?.storage);
export const volumeCapacity = (v: Volume): bigint => bytesOf(v.spec.capacity?.storage);

/** The class a claim asks for ('' = none), including the beta annotation. */
export const claimClassName = (c: Claim): string =>
  c.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] ?? c.spec.storageClassName ?? '';

export const volumeClassName = (v: Volume): string => v.spec.storageClassName ?? '';

/** `namespace/name` of a claim. */
export const claimKey = (c: Pick<KubeObject, 'metadata'>): string =>
  `${c.metadata.namespace ?? ''}/${c.metadata.name ?? ''}`;

/** `namespace/name` a PV's claimRef points at, or undefined. */
export const claimRefKey = (v: Volume): string | undefined =>
  v.spec.claimRef?.name ? `${v.spec.claimRef.namespace ?? ''}/${v.spec.claimRef.name}` : undefined;

/** Names of the claims a pod's volumes use (persistentVolumeClaim and generic ephemeral volumes). */
export function podClaimNames(pod: KubeObject): string[] {
  const vols = ((pod.spec as { volumes?: unknown[] } | undefined)?.volumes ?? []) as {
    name?: string;
    persistentVolumeClaim?: { claimName?: string };
    ephemeral?: unknown;
  }[];
  const names: string[] = [];
  for (const v of vols) {
    if (v.persistentVolumeClaim?.claimName) names.push(v.persistentVolumeClaim.claimName);
    else if (v.ephemeral && v.name) names.push(`${pod.metadata.name ?? ''}-${v.name}`);
  }
  return names;
}

/** Keys (`ns/claim`) of the claims a pod uses. */
export const podClaimKeys = (pod: KubeObject): string[] =>
  podClaimNames(pod).map((n) => `${pod.metadata.namespace ?? ''}/${n}`);

export const podPhase = (pod: KubeObject): string =>
  (pod.status as { phase?: string } | undefined)?.phase ?? '';
export const podNodeName = (pod: KubeObject): string =>
  (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';

/** Whether a pod has finished (Succeeded or Failed). */
export const podIsTerminal = (pod: KubeObject): boolean =>
  ['Succeeded', 'Failed'].includes(podPhase(pod));
