// Deployment and ReplicaSet strategies: apps/v1 defaults, validation, immutable selector.
import { forbidden, invalid, notSupported } from '../field-errors.ts';
import type { Strategy } from '../strategy.ts';
import type { FieldError, KubeObject } from '../types.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { validatePodSpec } from './pod-validation.ts';
import type { Obj } from './util.ts';
import { child, deepEqual, objAt, setDefault } from './util.ts';
import { goSelector, nonNegative, validateSelectorAndTemplate } from './workload-common.ts';

/** SetDefaults_Deployment (apps/v1). */
export function defaultDeployment(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = child(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(child(spec, 'template'));
}

/** SetDefaults_ReplicaSet (apps/v1). */
export function defaultReplicaSet(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(child(spec, 'template'));
}

/** Template checks shared by Deployments and ReplicaSets: pod spec valid, restartPolicy Always. */
function validateAlwaysTemplate(spec: Obj): FieldError[] {
  const podSpec = child(child(spec, 'template'), 'spec');
  const errs = validatePodSpec(podSpec, 'spec.template.spec');
  if (podSpec.restartPolicy !== undefined && podSpec.restartPolicy !== 'Always') {
    errs.push(notSupported('spec.template.spec.restartPolicy', podSpec.restartPolicy, ['Always']));
  }
  if (podSpec.activeDeadlineSeconds !== undefined) {
    errs.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  }
  return errs;
}

function validateStrategy(spec: Obj): FieldError[] {
  const s = objAt(spec, 'strategy');
  if (s?.type === 'Recreate') {
    return s.rollingUpdate
      ? [
          forbidden(
            'spec.strategy.rollingUpdate',
            "may not be specified when strategy `type` is 'Recreate'",
          ),
        ]
      : [];
  }
  if (s?.type !== 'RollingUpdate')
    return [notSupported('spec.strategy.type', s?.type, ['Recreate', 'RollingUpdate'])];
  const ru = objAt(s, 'rollingUpdate');
  const zero = (v: unknown): boolean => v === 0 || v === '0%';
  if (zero(ru?.maxUnavailable) && zero(ru?.maxSurge)) {
    return [
      invalid(
        'spec.strategy.rollingUpdate.maxUnavailable',
        ru?.maxUnavailable,
        'may not be 0 when `maxSurge` is 0',
      ),
    ];
  }
  return [];
}

/** ValidateDeploymentSpec (subset). */
export function validateDeploymentSpec(spec: Obj): FieldError[] {
  const errs = validateSelectorAndTemplate(spec, 'empty selector is invalid for deployment');
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  errs.push(...validateStrategy(spec), ...validateAlwaysTemplate(spec));
  const pds = spec.progressDeadlineSeconds;
  if (
    typeof pds === 'number' &&
    typeof spec.minReadySeconds === 'number' &&
    pds <= spec.minReadySeconds
  ) {
    errs.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

/** ValidateReplicaSetSpec (subset). */
export function validateReplicaSetSpec(spec: Obj): FieldError[] {
  const errs = validateSelectorAndTemplate(spec, 'empty selector is invalid for deployment');
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateAlwaysTemplate(spec));
  return errs;
}

/** apps/v1 forbids selector changes: `spec.selector: Invalid value: ...: field is immutable`. */
export function selectorImmutable(spec: Obj, oldSpec: Obj): FieldError[] {
  if (deepEqual(spec.selector, oldSpec.selector)) return [];
  return [invalid('spec.selector', goSelector(objAt(spec, 'selector')), 'field is immutable')];
}

function workloadStrategy(
  defaults: (obj: KubeObject) => void,
  validate: (spec: Obj) => FieldError[],
  status: Obj,
): Strategy {
  return {
    nameValidation: 'subdomain',
    applyDefaults: defaults,
    prepareForCreate(obj: KubeObject): void {
      obj.status = structuredClone(status);
    },
    validateCreate: (obj) => validate(child(obj, 'spec')),
    validateUpdate(obj, old): FieldError[] {
      const spec = child(obj, 'spec');
      return [...validate(spec), ...selectorImmutable(spec, child(old, 'spec'))];
    },
  };
}

/** The Deployment strategy. */
export const deploymentStrategy = workloadStrategy(defaultDeployment, validateDeploymentSpec, {});
/** The ReplicaSet strategy. */
export const replicaSetStrategy = workloadStrategy(defaultReplicaSet, validateReplicaSetSpec, {
  replicas: 0,
});
