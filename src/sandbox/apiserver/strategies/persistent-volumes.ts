// PVC and PV strategies: defaults, validation, update rules and the resize admission plugin.
import { forbidden as forbiddenError } from '../errors.ts';
import { forbidden, invalid, notSupported, required } from '../field-errors.ts';
import type { Strategy, StrategyContext } from '../strategy.ts';
import type { FieldError, KubeObject } from '../types.ts';
import { quantityOf } from '../../../lib/quantity.ts';
import { admitDefaultStorageClass, defaultClaim, defaultVolume } from './pvc-defaults.ts';
import { specDiff } from './spec-diff.ts';
import type { Obj } from './util.ts';
import { child, clone, deepEqual, isoSeconds, objAt, str, oneOf } from './util.ts';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];

/** Upstream's refusal of spec changes other than size and attributes class. */
export const PVC_IMMUTABLE_MSG =
  'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims';
/** Resize admission refusals (plugin/pkg/admission/storage/persistentvolume/resize). */
export const RESIZE_UNBOUND_MSG = 'Only bound persistent volume claims can be expanded';
export const RESIZE_CLASS_MSG =
  'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize';

function validateAccessModes(spec: Obj, f: string): FieldError[] {
  const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
  if (modes.length === 0) return [required(f, 'at least 1 access mode is required')];
  const errs = modes
    .filter((m) => !oneOf(m, ACCESS_MODES))
    .map((m) => notSupported(f, m, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) {
    errs.push(forbidden(f, 'may not use ReadWriteOncePod with other access modes'));
  }
  return errs;
}

const storageOf = (spec: Obj | undefined): unknown =>
  objAt(objAt(spec, 'resources'), 'requests')?.storage;

/** ValidatePersistentVolumeClaimSpec (access modes, storage request, volume mode). */
export function validateClaimSpec(spec: Obj, path = 'spec'): FieldError[] {
  const errs = validateAccessModes(spec, `${path}.accessModes`);
  const f = `${path}.resources[storage]`;
  const storage = storageOf(spec);
  const q = quantityOf(storage);
  if (storage === undefined) errs.push(required(f, ''));
  else if (q === undefined || q <= 0n) {
    const text = typeof storage === 'string' ? storage : JSON.stringify(storage);
    errs.push(invalid(f, text, 'must be greater than zero'));
  }
  const vm = spec.volumeMode;
  if (vm !== undefined && !oneOf(vm, VOLUME_MODES)) {
    errs.push(notSupported(`${path}.volumeMode`, vm, VOLUME_MODES));
  }
  return errs;
}

function sizeErrors(spec: Obj, oldSpec: Obj, old: KubeObject): FieldError[] {
  const next = quantityOf(storageOf(spec));
  const prev = quantityOf(storageOf(oldSpec));
  const cap = quantityOf(objAt(objAt(old, 'status'), 'capacity')?.storage) ?? 0n;
  if (next === undefined || prev === undefined || next >= prev || next > cap) return [];
  return [
    forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'),
  ];
}

/** ValidatePersistentVolumeClaimUpdate (with RecoverVolumeExpansionFailure on, as in 1.32). */
export function validateClaimUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const spec = child(obj, 'spec');
  const oldSpec = child(old, 'spec');
  const a = clone(spec);
  const b = clone(oldSpec);
  if (!str(oldSpec, 'volumeName')) b.volumeName = a.volumeName;
  if (objAt(old, 'status')?.phase === 'Bound') {
    const req = objAt(objAt(a, 'resources'), 'requests');
    if (req) req.storage = storageOf(oldSpec);
    a.volumeAttributesClassName = b.volumeAttributesClassName;
  }
  const errs = validateClaimSpec(spec);
  if (!deepEqual(a, b)) {
    errs.push(
      forbidden(
        'spec',
        `${PVC_IMMUTABLE_MSG}\n${specDiff('core.PersistentVolumeClaimSpec', b, a)}`,
      ),
    );
  }
  return [...errs, ...sizeErrors(spec, oldSpec, old)];
}

function allowResize(obj: KubeObject, old: KubeObject, ctx: StrategyContext): boolean {
  const cls = str(objAt(obj, 'spec'), 'storageClassName') ?? '';
  const oldCls = str(objAt(old, 'spec'), 'storageClassName') ?? '';
  if (cls === '' || cls !== oldCls) return false;
  return ctx.get('storage.k8s.io', 'storageclasses', undefined, cls)?.allowVolumeExpansion === true;
}

/** The PersistentVolumeClaimResize admission plugin: growing needs a bound, expandable claim. */
export function admitClaimResize(
  obj: KubeObject,
  old: KubeObject | undefined,
  ctx: StrategyContext,
): void {
  if (!old) return;
  const next = quantityOf(storageOf(objAt(obj, 'spec')));
  const prev = quantityOf(storageOf(objAt(old, 'spec')));
  if (next === undefined || prev === undefined || next <= prev) return;
  const name = obj.metadata.name ?? '';
  if (objAt(old, 'status')?.phase !== 'Bound') {
    throw forbiddenError('', 'persistentvolumeclaims', name, RESIZE_UNBOUND_MSG);
  }
  if (!allowResize(obj, old, ctx)) {
    throw forbiddenError('', 'persistentvolumeclaims', name, RESIZE_CLASS_MSG);
  }
}

/** The PVC strategy. */
export const persistentVolumeClaimStrategy: Strategy = {
  nameValidation: 'subdomain',
  applyDefaults: (obj) => defaultClaim(obj),
  prepareForCreate(obj: KubeObject, ctx: StrategyContext): void {
    admitDefaultStorageClass(obj, ctx);
    obj.status = { phase: 'Pending' };
  },
  validateCreate: (obj) => validateClaimSpec(child(obj, 'spec')),
  validateUpdate: validateClaimUpdate,
  admit: admitClaimResize,
};

/** ValidatePersistentVolume (capacity, access modes, reclaim policy, one volume source). */
export function validateVolumeSpec(spec: Obj): FieldError[] {
  const errs = validateAccessModes(spec, 'spec.accessModes');
  const cap = objAt(spec, 'capacity');
  if (!cap || Object.keys(cap).length === 0) errs.push(required('spec.capacity', ''));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy !== undefined && !oneOf(policy, RECLAIM_POLICIES)) {
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, RECLAIM_POLICIES));
  }
  const known = new Set(['accessModes', 'capacity', 'claimRef', 'mountOptions', 'nodeAffinity']);
  const sources = Object.keys(spec).filter(
    (k) => !known.has(k) && objAt(spec, k) !== undefined && k !== 'persistentVolumeReclaimPolicy',
  );
  if (sources.length === 0) errs.push(required('spec', 'must specify a volume type'));
  return errs;
}

/** The PV strategy. */
export const persistentVolumeStrategy: Strategy = {
  nameValidation: 'subdomain',
  applyDefaults: (obj) => defaultVolume(obj),
  prepareForCreate(obj: KubeObject, ctx: StrategyContext): void {
    obj.status = { phase: 'Pending', lastPhaseTransitionTime: isoSeconds(ctx.now) };
  },
  validateCreate: (obj) => validateVolumeSpec(child(obj, 'spec')),
};
