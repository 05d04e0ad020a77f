// Pod update rules (core/validation ValidatePodUpdate): only a few spec fields may change.
import { forbidden, invalid, required } from '../field-errors.ts';
import type { FieldError } from '../types.ts';
import { specDiff } from './spec-diff.ts';
import type { Obj } from './util.ts';
import { clone, deepEqual, num, objList } from './util.ts';

/** The fields upstream (1.32) names in its pod-update refusal. */
export const POD_UPDATABLE_FIELDS =
  'pod updates may not change fields other than `spec.containers[*].image`,' +
  '`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,' +
  '`spec.tolerations` (only additions to existing tolerations),' +
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

function containerErrors(newSpec: Obj, oldSpec: Obj): { errs: FieldError[]; stop: boolean } {
  const errs: FieldError[] = [];
  for (const key of ['containers', 'initContainers']) {
    const next = objList(newSpec, key);
    const prev = objList(oldSpec, key);
    if (next.length !== prev.length) {
      return {
        errs: [forbidden(`spec.${key}`, 'pod updates may not add or remove containers')],
        stop: true,
      };
    }
    next.forEach((c, i) => {
      if (!c.image) errs.push(required(`spec.${key}[${i}].image`, ''));
    });
  }
  return { errs, stop: false };
}

function deadlineErrors(newSpec: Obj, oldSpec: Obj): FieldError[] {
  const next = num(newSpec, 'activeDeadlineSeconds');
  const prev = num(oldSpec, 'activeDeadlineSeconds');
  if (prev === undefined) return [];
  const f = 'spec.activeDeadlineSeconds';
  if (next === undefined)
    return [invalid(f, null, 'must not update from a positive integer to nil value')];
  return next > prev ? [invalid(f, next, 'must be less than or equal to previous value')] : [];
}

const sameToleration = (a: Obj, b: Obj): boolean =>
  deepEqual({ ...a, tolerationSeconds: undefined }, { ...b, tolerationSeconds: undefined });

function tolerationErrors(newSpec: Obj, oldSpec: Obj): FieldError[] {
  const next = objList(newSpec, 'tolerations');
  const lost = objList(oldSpec, 'tolerations').some((t) => !next.some((n) => sameToleration(n, t)));
  return lost
    ? [
        forbidden(
          'spec.tolerations',
          'existing toleration can not be modified except its tolerationSeconds',
        ),
      ]
    : [];
}

function gateErrors(newSpec: Obj, oldSpec: Obj): FieldError[] {
  const before = new Set(objList(oldSpec, 'schedulingGates').map((g) => g.name));
  const added = objList(newSpec, 'schedulingGates').find((g) => !before.has(g.name));
  if (!added) return [];
  return [
    forbidden(
      'spec.schedulingGates',
      `only deletion is allowed, but found new scheduling gate '${String(added.name)}'`,
    ),
  ];
}

/** The old spec with every change that is allowed copied over from the new one. */
function mungedSpec(newSpec: Obj, oldSpec: Obj): Obj {
  const m = clone(oldSpec);
  for (const key of ['containers', 'initContainers']) {
    const next = objList(newSpec, key);
    objList(m, key).forEach((c, i) => (c.image = next[i]?.image));
  }
  m.activeDeadlineSeconds = newSpec.activeDeadlineSeconds;
  m.tolerations = newSpec.tolerations;
  m.schedulingGates = newSpec.schedulingGates;
  const oldGrace = num(oldSpec, 'terminationGracePeriodSeconds');
  if (oldGrace !== undefined && oldGrace < 0 && newSpec.terminationGracePeriodSeconds === 1) {
    m.terminationGracePeriodSeconds = 1;
  }
  return m;
}

/** Errors of a pod spec update; the catch-all refusal carries a short diff after a newline. */
export function validatePodSpecUpdate(newSpec: Obj, oldSpec: Obj): FieldError[] {
  const { errs, stop } = containerErrors(newSpec, oldSpec);
  if (stop) return errs;
  errs.push(...deadlineErrors(newSpec, oldSpec));
  errs.push(...tolerationErrors(newSpec, oldSpec));
  errs.push(...gateErrors(newSpec, oldSpec));
  const m = mungedSpec(newSpec, oldSpec);
  if (!deepEqual(m, newSpec)) {
    errs.push(
      forbidden('spec', `${POD_UPDATABLE_FIELDS}\n${specDiff('core.PodSpec', m, newSpec)}`),
    );
  }
  return errs;
}
