// StorageClass and VolumeAttachment strategies (storage.k8s.io/v1).
import { forbidden, invalid, notSupported, required } from '../field-errors.ts';
import { GoLiteral } from '../field-errors.ts';
import type { Strategy } from '../strategy.ts';
import type { FieldError, KubeObject } from '../types.ts';
import { isQualifiedName } from './names.ts';
import { child, deepEqual, objAt, setDefault, str, oneOf } from './util.ts';

const RECLAIM = ['Delete', 'Retain'];
const BINDING = ['Immediate', 'WaitForFirstConsumer'];

/** SetDefaults_StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate. */
export function defaultStorageClass(obj: KubeObject): void {
  setDefault(obj, 'reclaimPolicy', 'Delete');
  setDefault(obj, 'volumeBindingMode', 'Immediate');
}

/** ValidateStorageClass (subset): provisioner, reclaim policy, binding mode. */
export function validateStorageClass(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const p = str(obj, 'provisioner') ?? '';
  if (p === '') errs.push(required('provisioner', ''));
  else errs.push(...isQualifiedName(p.toLowerCase()).map((m) => invalid('provisioner', p, m)));
  if (!oneOf(obj.reclaimPolicy, RECLAIM)) {
    errs.push(notSupported('reclaimPolicy', obj.reclaimPolicy, RECLAIM));
  }
  if (!oneOf(obj.volumeBindingMode, BINDING)) {
    errs.push(notSupported('volumeBindingMode', obj.volumeBindingMode, BINDING));
  }
  return errs;
}

/** ValidateStorageClassUpdate: parameters, provisioner, reclaimPolicy, volumeBindingMode fixed. */
export function validateStorageClassUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateStorageClass(obj);
  if (!deepEqual(obj.parameters, old.parameters)) {
    errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  }
  if (obj.provisioner !== old.provisioner) {
    errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  }
  if (obj.reclaimPolicy !== old.reclaimPolicy) {
    errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  }
  if (obj.volumeBindingMode !== old.volumeBindingMode) {
    errs.push(invalid('volumeBindingMode', obj.volumeBindingMode, 'field is immutable'));
  }
  return errs;
}

/** The StorageClass strategy. */
export const storageClassStrategy: Strategy = {
  nameValidation: 'subdomain',
  applyDefaults: defaultStorageClass,
  validateCreate: validateStorageClass,
  validateUpdate: validateStorageClassUpdate,
};

/** ValidateVolumeAttachment (subset): attacher, nodeName, exactly one source. */
export function validateVolumeAttachment(obj: KubeObject): FieldError[] {
  const spec = child(obj, 'spec');
  const errs: FieldError[] = [];
  if (!str(spec, 'attacher')) errs.push(required('spec.attacher', ''));
  if (!str(spec, 'nodeName')) errs.push(required('spec.nodeName', ''));
  const src = objAt(spec, 'source');
  const count =
    (str(src, 'persistentVolumeName') ? 1 : 0) + (objAt(src, 'inlineVolumeSpec') ? 1 : 0);
  if (count !== 1) {
    errs.push(
      required(
        'spec.source',
        'must specify exactly one of inlineVolumeSpec and persistentVolumeName',
      ),
    );
  }
  return errs;
}

/** The VolumeAttachment strategy: the spec is immutable. */
export const volumeAttachmentStrategy: Strategy = {
  nameValidation: 'subdomain',
  prepareForCreate(obj: KubeObject): void {
    obj.status = { attached: false };
  },
  validateCreate: validateVolumeAttachment,
  validateUpdate(obj, old): FieldError[] {
    const errs = validateVolumeAttachment(obj);
    if (!deepEqual(obj.spec, old.spec)) {
      errs.push(
        invalid('spec', new GoLiteral('storage.VolumeAttachmentSpec{...}'), 'field is immutable'),
      );
    }
    return errs;
  },
};
