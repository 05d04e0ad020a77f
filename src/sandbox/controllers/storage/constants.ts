// Names upstream's storage controllers use: annotations, finalizers, event reasons and messages.

export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
export const ANN_BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
export const ANN_PROVISIONED_BY = 'pv.kubernetes.io/provisioned-by';
export const ANN_STORAGE_PROVISIONER = 'volume.kubernetes.io/storage-provisioner';
export const ANN_BETA_STORAGE_PROVISIONER = 'volume.beta.kubernetes.io/storage-provisioner';
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const ANN_STORAGE_RESIZER = 'volume.kubernetes.io/storage-resizer';
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
export const ANN_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';
/** Finalizer the external attacher puts on VolumeAttachments it handles (dots become dashes). */
export const attacherFinalizer = (driver: string): string =>
  `external-attacher/${driver.replace(/\./g, '-')}`;

export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

/** Event sources (`source.component`) as upstream's components name themselves. */
export const PV_CONTROLLER = 'persistentvolume-controller';
export const EXPAND_CONTROLLER = 'volume_expand';
export const AD_CONTROLLER = 'attachdetach-controller';
export const externalResizer = (driver: string): string => `external-resizer ${driver}`;
export const externalProvisioner = (driver: string): string => `${driver}_sandbox-control-plane`;

export const MSG_WAIT_FIRST_CONSUMER = 'waiting for first consumer to be created before binding';
export const msgExternalProvisioning = (provisioner: string): string =>
  `waiting for a volume to be created, either by external provisioner "${provisioner}" or manually created by system administrator`;
export const msgProvisioning = (ns: string, name: string): string =>
  `External provisioner is provisioning volume for claim "${ns}/${name}"`;
export const msgProvisioned = (pv: string): string => `Successfully provisioned volume ${pv}`;
export const MSG_NO_CLASS =
  'no persistent volumes available for this claim and no storage class is set';
export const msgClassNotFound = (cls: string): string =>
  `storageclass.storage.k8s.io "${cls}" not found`;
export const MSG_CLAIM_LOST =
  'Bound claim has lost its PersistentVolume. Data on the volume is lost!';
export const MSG_EXTERNAL_EXPANDING = 'waiting for an external controller to expand this PVC';
export const msgResizing = (pv: string): string => `External resizer is resizing volume ${pv}`;
export const MSG_FS_RESIZE_REQUIRED = 'Require file system resize of volume on node';
export const MSG_FS_RESIZE_PENDING =
  'Waiting for user to (re-)start a pod to finish file system resize of volume on node.';
export const msgNodeExpandOk = (pv: string, node: string): string =>
  `MountVolume.NodeExpandVolume succeeded for volume "${pv}" ${node}`.trimEnd();
export const msgNodeExpandFailed = (pv: string, err: string): string =>
  `MountVolume.NodeExpandVolume failed for volume "${pv}" : ${err}`;
export const msgAttachOk = (pv: string): string =>
  `AttachVolume.Attach succeeded for volume "${pv}"`;
export const MULTI_ATTACH_EXCLUSIVE =
  "Volume is already exclusively attached to one node and can't be attached to another";
