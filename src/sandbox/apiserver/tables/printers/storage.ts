// PersistentVolume, PersistentVolumeClaim, StorageClass and VolumeAttachment rows.
import type { KubeObject } from '../../types.ts';
import { AGE_COLUMN, NAME_COLUMN, col } from '../columns.ts';
import type { Printer, TableCell } from '../columns.ts';
import { DESC } from '../descriptions.ts';
import { since } from '../duration.ts';
import { accessModesString, str } from '../format.ts';

const BETA_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** A resource quantity as stored; a missing quantity prints as Go's zero Quantity, "0". */
const quantity = (v: string | undefined): string => v ?? '0';

interface PV extends KubeObject {
  spec?: {
    capacity?: Record<string, string>;
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    claimRef?: { namespace?: string; name?: string };
    storageClassName?: string;
    volumeAttributesClassName?: string;
    volumeMode?: string;
  };
  status?: { phase?: string; reason?: string };
}

/** `helper.GetPersistentVolumeClass`: the beta annotation wins over spec.storageClassName. */
const pvClass = (pv: PV): string =>
  pv.metadata.annotations?.[BETA_CLASS_ANNOTATION] ?? str(pv.spec?.storageClassName);

/** PersistentVolume printer. */
export const persistentVolumePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Capacity', DESC.pvCapacity),
    col('Access Modes', DESC.pvAccessModes),
    col('Reclaim Policy', DESC.pvReclaim),
    col('Status', DESC.pvPhase),
    col('Claim', DESC.pvClaimRef),
    col('StorageClass', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pv'),
    col('Reason', DESC.pvReason),
    AGE_COLUMN,
    col('VolumeMode', DESC.pvVolumeMode, { wide: true }),
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const pv = obj as PV;
    const ref = pv.spec?.claimRef;
    const phase =
      pv.metadata.deletionTimestamp !== undefined ? 'Terminating' : str(pv.status?.phase);
    return [
      pv.metadata.name ?? '',
      quantity(pv.spec?.capacity?.storage),
      accessModesString(pv.spec?.accessModes),
      str(pv.spec?.persistentVolumeReclaimPolicy),
      phase,
      ref ? `${str(ref.namespace)}/${str(ref.name)}` : '',
      pvClass(pv),
      pv.spec?.volumeAttributesClassName ?? '<unset>',
      str(pv.status?.reason),
      since(pv.metadata.creationTimestamp, now),
      pv.spec?.volumeMode ?? '<unset>',
    ];
  },
};

interface PVC extends KubeObject {
  spec?: {
    volumeName?: string;
    storageClassName?: string;
    volumeAttributesClassName?: string;
    volumeMode?: string;
  };
  status?: { phase?: string; capacity?: Record<string, string>; accessModes?: string[] };
}

/** `helper.GetPersistentVolumeClaimClass`: the beta annotation wins over spec.storageClassName. */
const pvcClass = (pvc: PVC): string =>
  pvc.metadata.annotations?.[BETA_CLASS_ANNOTATION] ?? str(pvc.spec?.storageClassName);

/** PersistentVolumeClaim printer; capacity and access modes only once a volume is bound. */
export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Status', DESC.pvcPhase),
    col('Volume', DESC.pvcVolumeName),
    col('Capacity', DESC.pvcCapacity),
    col('Access Modes', DESC.pvcAccessModes),
    col('StorageClass', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    AGE_COLUMN,
    col('VolumeMode', DESC.pvcVolumeMode, { wide: true }),
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const pvc = obj as PVC;
    const volume = str(pvc.spec?.volumeName);
    const phase =
      pvc.metadata.deletionTimestamp !== undefined ? 'Terminating' : str(pvc.status?.phase);
    return [
      pvc.metadata.name ?? '',
      phase,
      volume,
      volume ? quantity(pvc.status?.capacity?.storage) : '',
      volume ? accessModesString(pvc.status?.accessModes) : '',
      pvcClass(pvc),
      pvc.spec?.volumeAttributesClassName ?? '<unset>',
      since(pvc.metadata.creationTimestamp, now),
      pvc.spec?.volumeMode ?? '<unset>',
    ];
  },
};

/** Whether a StorageClass carries the (beta) default-class annotation set to "true". */
export function isDefaultClass(obj: KubeObject): boolean {
  const a = obj.metadata.annotations ?? {};
  return (
    a['storageclass.kubernetes.io/is-default-class'] === 'true' ||
    a['storageclass.beta.kubernetes.io/is-default-class'] === 'true'
  );
}

/** StorageClass printer; the default class gets " (default)" after its name. */
export const storageClassPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Provisioner', DESC.scProvisioner),
    col('ReclaimPolicy', DESC.scReclaim),
    col('VolumeBindingMode', DESC.scBinding),
    col('AllowVolumeExpansion', DESC.scExpansion),
    AGE_COLUMN,
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const name = obj.metadata.name ?? '';
    return [
      isDefaultClass(obj) ? `${name} (default)` : name,
      str(obj.provisioner),
      typeof obj.reclaimPolicy === 'string' ? obj.reclaimPolicy : 'Delete',
      typeof obj.volumeBindingMode === 'string' ? obj.volumeBindingMode : 'Immediate',
      obj.allowVolumeExpansion === true,
      since(obj.metadata.creationTimestamp, now),
    ];
  },
};

interface VolumeAttachment extends KubeObject {
  spec?: { attacher?: string; nodeName?: string; source?: { persistentVolumeName?: string } };
  status?: { attached?: boolean };
}

/** VolumeAttachment printer: ATTACHER PV NODE ATTACHED AGE. */
export const volumeAttachmentPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Attacher', DESC.vaAttacher, { format: 'name' }),
    col('PV', DESC.vaPV),
    col('Node', DESC.vaNode),
    col('Attached', DESC.vaAttached, { type: 'boolean' }),
    AGE_COLUMN,
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const va = obj as VolumeAttachment;
    return [
      va.metadata.name ?? '',
      str(va.spec?.attacher),
      str(va.spec?.source?.persistentVolumeName),
      str(va.spec?.nodeName),
      va.status?.attached === true,
      since(va.metadata.creationTimestamp, now),
    ];
  },
};
