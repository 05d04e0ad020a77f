// Where the sandbox's volumes live and how they are named (the CSI driver's identity, unique
// volume names as the kubelet reports them, VolumeAttachment names).
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** The sandbox's CSI driver name (StorageClass provisioner, PV `spec.csi.driver`, VA attacher). */
export const CSI_DRIVER = 'sandbox.csi.steward.dev';

/** Folder holding every volume of a sandbox state directory. */
export const volumesRoot = (stateDir: string): string => join(stateDir, 'volumes');

/** The data directory of a volume (`DIR/volumes/<handle>/`): bind-mounted into pods. */
export function volumeDir(stateDir: string, handle: string): string {
  if (handle === '' || handle.includes('/') || handle.startsWith('.')) {
    throw new Error(`invalid volume handle ${JSON.stringify(handle)}`);
  }
  return join(volumesRoot(stateDir), handle);
}

/** The sparse backing file of a loop-device volume (`DIR/volumes/<handle>.img`). */
export const volumeImage = (stateDir: string, handle: string): string =>
  `${volumeDir(stateDir, handle)}.img`;

/** The unique volume name of `node.status.volumesInUse` / `volumesAttached`. */
export const uniqueVolumeName = (handle: string, driver = CSI_DRIVER): string =>
  `kubernetes.io/csi/${driver}^${handle}`;

/** VolumeAttachment name as the CSI attacher builds it: `csi-<sha256(handle+driver+node)>`. */
export function attachmentName(handle: string, driver: string, nodeName: string): string {
  return `csi-${createHash('sha256').update(`${handle}${driver}${nodeName}`).digest('hex')}`;
}
