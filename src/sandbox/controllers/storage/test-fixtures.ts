// Builders of storage objects for the unit tests of this folder.
import type { KubeObject } from '../../apiserver/types.ts';
import { CSI_DRIVER } from '../../storage/paths.ts';
import type { Claim, StorageClass, Volume } from './objects.ts';

/** A claim `ns/name` with a size, modes and class. */
export function claim(
  name: string,
  opts: {
    size?: string;
    modes?: string[];
    cls?: string | null;
    volumeName?: string;
    phase?: string;
    ns?: string;
  } = {},
): Claim {
  const c: Claim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: opts.ns ?? 'default', uid: `uid-${name}` },
    spec: {
      accessModes: opts.modes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: opts.size ?? '1Gi' } },
    },
    status: { phase: opts.phase ?? 'Pending' },
  };
  if (opts.cls !== undefined) c.spec.storageClassName = opts.cls;
  if (opts.volumeName) c.spec.volumeName = opts.volumeName;
  return c;
}

/** A PV with a size, modes, class and an optional claimRef. */
export function volume(
  name: string,
  opts: {
    size?: string;
    modes?: string[];
    cls?: string;
    ref?: Claim;
    phase?: string;
    csi?: boolean;
  } = {},
): Volume {
  const v: Volume = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      capacity: { storage: opts.size ?? '1Gi' },
      accessModes: opts.modes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Delete',
    },
    status: { phase: opts.phase ?? 'Available' },
  };
  if (opts.cls !== undefined) v.spec.storageClassName = opts.cls;
  if (opts.csi !== false) v.spec.csi = { driver: CSI_DRIVER, volumeHandle: name };
  if (opts.ref) {
    v.spec.claimRef = {
      kind: 'PersistentVolumeClaim',
      namespace: opts.ref.metadata.namespace ?? '',
      name: opts.ref.metadata.name ?? '',
      uid: opts.ref.metadata.uid ?? '',
    };
  }
  return v;
}

/** A StorageClass of our driver. */
export function storageClass(
  name: string,
  opts: { mode?: string; expand?: boolean; provisioner?: string } = {},
): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name },
    provisioner: opts.provisioner ?? CSI_DRIVER,
    volumeBindingMode: opts.mode ?? 'Immediate',
    allowVolumeExpansion: opts.expand ?? true,
  };
}

/** A pod on a node using claims. */
export function pod(
  name: string,
  node: string,
  claims: string[],
  opts: { ns?: string; deleting?: boolean; phase?: string; running?: boolean } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: opts.ns ?? 'default',
      uid: `uid-${name}`,
      ...(opts.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: {
      nodeName: node,
      volumes: claims.map((c, i) => ({
        name: `v${String(i)}`,
        persistentVolumeClaim: { claimName: c },
      })),
    },
    status: {
      phase: opts.phase ?? 'Running',
      containerStatuses: [
        {
          name: 'c',
          state: opts.running === false ? { terminated: { exitCode: 0 } } : { running: {} },
        },
      ],
    },
  };
}
