// StatefulSet strategy: apps/v1 defaults, validation and the immutable-spec rule on update.
import { forbidden, invalid, notSupported, required } from '../field-errors.ts';
import type { Strategy } from '../strategy.ts';
import type { FieldError, KubeObject } from '../types.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { defaultClaimTemplate } from './pvc-defaults.ts';
import type { Obj } from './util.ts';
import { child, clone, deepEqual, objAt, objList, setDefault, oneOf } from './util.ts';
import { nonNegative, validateSelectorAndTemplate } from './workload-common.ts';

/** Upstream's (1.32) refusal of changes to immutable StatefulSet spec fields. */
export const STS_IMMUTABLE_MSG =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', " +
  "'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and " +
  "'minReadySeconds' are forbidden";

const MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];
const RETENTION = ['Retain', 'Delete'];

/** SetDefaults_StatefulSet plus template and claim-template defaults. */
export function defaultStatefulSet(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const strategy = child(spec, 'updateStrategy');
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    setDefault(strategy, 'rollingUpdate', {});
  }
  const ru = objAt(strategy, 'rollingUpdate');
  if (strategy.type === 'RollingUpdate' && ru) setDefault(ru, 'partition', 0);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(child(spec, 'template'));
  for (const t of objList(spec, 'volumeClaimTemplates')) defaultClaimTemplate(t);
}

function validateStrategy(spec: Obj): FieldError[] {
  const s = objAt(spec, 'updateStrategy');
  const f = 'spec.updateStrategy';
  switch (s?.type) {
    case undefined:
    case '':
      return [required(f, '')];
    case 'OnDelete':
      return s.rollingUpdate
        ? [
            invalid(
              `${f}.rollingUpdate`,
              s.rollingUpdate,
              "only allowed for updateStrategy 'RollingUpdate'",
            ),
          ]
        : [];
    case 'RollingUpdate':
      return nonNegative(objAt(s, 'rollingUpdate')?.partition, `${f}.rollingUpdate.partition`);
    default:
      return [invalid(f, s, "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

function validatePolicies(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy;
  if (!pmp) errs.push(required('spec.podManagementPolicy', ''));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errs.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  }
  const r = objAt(spec, 'persistentVolumeClaimRetentionPolicy');
  for (const k of ['whenDeleted', 'whenScaled']) {
    if (r && !oneOf(r[k], RETENTION)) {
      errs.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${k}`, r[k], RETENTION));
    }
  }
  return errs;
}

/** ValidateStatefulSetSpec (the template's pod spec is not validated upstream either). */
export function validateStatefulSetSpec(spec: Obj): FieldError[] {
  const errs = [...validatePolicies(spec), ...validateStrategy(spec)];
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(objAt(spec, 'ordinals')?.start, 'spec.ordinals.start'));
  errs.push(...validateSelectorAndTemplate(spec, 'empty selector is invalid for statefulset'));
  const podSpec = objAt(objAt(spec, 'template'), 'spec');
  if (podSpec?.restartPolicy !== 'Always') {
    errs.push(
      notSupported('spec.template.spec.restartPolicy', podSpec?.restartPolicy ?? '', ['Always']),
    );
  }
  if (podSpec?.activeDeadlineSeconds !== undefined) {
    errs.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in StatefulSet is not Supported',
      ),
    );
  }
  return errs;
}

function immutableErrors(spec: Obj, oldSpec: Obj): FieldError[] {
  const a = clone(spec);
  const b = clone(oldSpec);
  for (const k of MUTABLE) {
    delete a[k];
    delete b[k];
  }
  return deepEqual(a, b) ? [] : [forbidden('spec', STS_IMMUTABLE_MSG)];
}

/** The StatefulSet strategy. */
export const statefulSetStrategy: Strategy = {
  nameValidation: 'label',
  applyDefaults: defaultStatefulSet,
  prepareForCreate(obj: KubeObject): void {
    obj.status = { availableReplicas: 0, replicas: 0 };
  },
  validateCreate: (obj) => validateStatefulSetSpec(child(obj, 'spec')),
  validateUpdate(obj, old): FieldError[] {
    const spec = child(obj, 'spec');
    return [...validateStatefulSetSpec(spec), ...immutableErrors(spec, child(old, 'spec'))];
  },
};
