// Pure builders of the objects the provisioner and the binder write: the provisioned PV, the
// default StorageClass, and the bound forms of a claim and a volume.
import type { KubeObject } from '../../apiserver/types.ts';
import type { VolumeMode } from '../../storage/volumes.ts';
import {
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DEFAULT_CLASS,
  ANN_PROVISIONED_BY,
} from './constants.ts';
import type { Claim, StorageClass, Volume } from './objects.ts';
import { claimClassName } from './objects.ts';

/** Name of the PV provisioned for a claim (`pvc-<claim uid>`). */
export const provisionedVolumeName = (c: Claim): string => `pvc-${c.metadata.uid ?? ''}`;

/** The default StorageClass `standard` of the sandbox. */
export function buildDefaultStorageClass(driver: string): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { [ANN_DEFAULT_CLASS]: 'true' } },
    provisioner: driver,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  };
}

/** The PV the external provisioner creates for a claim: CSI source, size = request, pre-bound. */
export function buildProvisionedVolume(c: Claim, cls: StorageClass, mode: VolumeMode): Volume {
  const name = provisionedVolumeName(c);
  const spec: Volume['spec'] = {
    accessModes: [...(c.spec.accessModes ?? [])],
    capacity: { storage: c.spec.resources?.requests?.storage ?? '0' },
    claimRef: {
      kind: 'PersistentVolumeClaim',
      namespace: c.metadata.namespace ?? '',
      name: c.metadata.name ?? '',
      uid: c.metadata.uid ?? '',
      apiVersion: 'v1',
      resourceVersion: c.metadata.resourceVersion ?? '',
    },
    csi: {
      driver: cls.provisioner,
      volumeHandle: name,
      fsType: 'ext4',
      volumeAttributes: { type: mode },
    },
    persistentVolumeReclaimPolicy: cls.reclaimPolicy ?? 'Delete',
    storageClassName: claimClassName(c),
    volumeMode: c.spec.volumeMode ?? 'Filesystem',
  };
  if (cls.mountOptions?.length) spec.mountOptions = [...cls.mountOptions];
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, annotations: { [ANN_PROVISIONED_BY]: cls.provisioner } },
    spec,
  };
}

const annotate = (o: KubeObject, key: string): void => {
  o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [key]: 'yes' };
};

/** The volume bound to a claim: claimRef set (marked bound-by-controller when we set it). */
export function bindVolumeToClaim(v: Volume, c: Claim): Volume {
  const out = structuredClone(v);
  const ref = out.spec.claimRef;
  const ours =
    ref?.name === c.metadata.name &&
    ref?.namespace === c.metadata.namespace &&
    ref?.uid === c.metadata.uid;
  if (!ours) {
    out.spec.claimRef = {
      kind: 'PersistentVolumeClaim',
      namespace: c.metadata.namespace ?? '',
      name: c.metadata.name ?? '',
      uid: c.metadata.uid ?? '',
      apiVersion: 'v1',
      resourceVersion: c.metadata.resourceVersion ?? '',
    };
    annotate(out, ANN_BOUND_BY_CONTROLLER);
  }
  return out;
}

/** The claim bound to a volume: volumeName and the bind-completed annotation. */
export function bindClaimToVolume(c: Claim, v: Volume): Claim {
  const out = structuredClone(c);
  if (out.spec.volumeName !== v.metadata.name) {
    out.spec.volumeName = v.metadata.name ?? '';
    annotate(out, ANN_BOUND_BY_CONTROLLER);
  }
  annotate(out, ANN_BIND_COMPLETED);
  return out;
}

/** The claim's status once Bound: capacity and modes are copied only when it becomes Bound. */
export function boundClaimStatus(c: Claim, v: Volume): NonNullable<Claim['status']> {
  const status = structuredClone(c.status ?? {});
  if (status.phase !== 'Bound') {
    status.capacity = { ...(v.spec.capacity ?? {}) };
    status.phase = 'Bound';
  }
  status.accessModes = [...(v.spec.accessModes ?? [])];
  return status;
}
