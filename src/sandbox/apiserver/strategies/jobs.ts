// Job and CronJob strategies: batch/v1 defaults, generated selectors, validation.
import { GoLiteral, invalid, notSupported, required } from '../field-errors.ts';
import type { Strategy } from '../strategy.ts';
import type { FieldError, KubeObject } from '../types.ts';
import { cronError } from './cron.ts';
import { maxLenError } from './names.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { validatePodSpec } from './pod-validation.ts';
import type { Obj } from './util.ts';
import { child, clone, deepEqual, objAt, setDefault, stringMap, str, oneOf } from './util.ts';
import { goSelector, nonNegative, validateSelectorAndTemplate } from './workload-common.ts';

const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];
const UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];
const CONCURRENCY = ['Allow', 'Forbid', 'Replace'];

/** SetDefaults_Job (batch/v1); job labels default to the template's labels. */
export function defaultJob(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(
    spec,
    'podReplacementPolicy',
    spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed',
  );
  setDefault(spec, 'manualSelector', false);
  const template = child(spec, 'template');
  const labels = stringMap(objAt(template, 'metadata')?.labels);
  const own = obj.metadata.labels;
  if (labels && (!own || Object.keys(own).length === 0)) obj.metadata.labels = { ...labels };
  defaultPodTemplate(template);
}

/**
 * generateSelector: template labels job-name/controller-uid (legacy and batch.kubernetes.io) and
 * selector `batch.kubernetes.io/controller-uid`. Upstream's job labels alias the template map when
 * they were defaulted from it, so they receive the generated labels too. Needs metadata.uid set.
 */
export function generateJobSelector(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  if (spec.manualSelector === true) return;
  const meta = child(child(spec, 'template'), 'metadata');
  const labels: Record<string, string> = stringMap(meta.labels) ?? {};
  const aliased = obj.metadata.labels !== undefined && deepEqual(obj.metadata.labels, labels);
  const uid = obj.metadata.uid ?? '';
  for (const k of JOB_NAME_LABELS) setDefault(labels, k, obj.metadata.name ?? '');
  for (const k of UID_LABELS) setDefault(labels, k, uid);
  meta.labels = labels;
  if (aliased) obj.metadata.labels = { ...labels };
  const selector = child(spec, 'selector');
  const ml = child(selector, 'matchLabels');
  setDefault(ml, 'batch.kubernetes.io/controller-uid', uid);
}

function validateGeneratedSelector(obj: KubeObject, spec: Obj): FieldError[] {
  if (spec.manualSelector === true || !obj.metadata.uid) return [];
  const uid = obj.metadata.uid;
  const ml = stringMap(objAt(spec, 'selector')?.matchLabels) ?? {};
  const want = { 'batch.kubernetes.io/controller-uid': uid };
  if (deepEqual(ml, want) && objAt(spec, 'selector')?.matchExpressions === undefined) return [];
  return [
    invalid('spec.selector', goSelector(objAt(spec, 'selector')), '`selector` not auto-generated'),
  ];
}

function validateJobTemplate(spec: Obj, path: string): FieldError[] {
  const podSpec = child(child(spec, 'template'), 'spec');
  const errs = validatePodSpec(podSpec, `${path}.template.spec`);
  const rp = podSpec.restartPolicy;
  if (rp !== 'OnFailure' && rp !== 'Never') {
    errs.push(
      notSupported(`${path}.template.spec.restartPolicy`, rp ?? '', ['OnFailure', 'Never']),
    );
  }
  return errs;
}

/** ValidateJobSpec (subset). */
export function validateJobSpec(spec: Obj): FieldError[] {
  const errs = validateSelectorAndTemplate(spec);
  for (const k of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds']) {
    errs.push(...nonNegative(spec[k], `spec.${k}`));
  }
  const mode = spec.completionMode;
  if (mode !== 'NonIndexed' && mode !== 'Indexed') {
    errs.push(notSupported('spec.completionMode', mode, ['NonIndexed', 'Indexed']));
  }
  if (mode === 'Indexed' && spec.completions === undefined) {
    errs.push(required('spec.completions', 'when completion mode is Indexed'));
  }
  return [...errs, ...validateJobTemplate(spec, 'spec')];
}

function jobUpdateErrors(spec: Obj, oldSpec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (!deepEqual(spec.selector, oldSpec.selector)) {
    errs.push(invalid('spec.selector', goSelector(objAt(spec, 'selector')), 'field is immutable'));
  }
  if (spec.completions !== oldSpec.completions && spec.completionMode !== 'Indexed') {
    errs.push(invalid('spec.completions', spec.completions ?? null, 'field is immutable'));
  }
  if (!deepEqual(spec.template, oldSpec.template) && oldSpec.suspend !== true) {
    errs.push(
      invalid('spec.template', new GoLiteral('core.PodTemplateSpec{...}'), 'field is immutable'),
    );
  }
  if (spec.completionMode !== oldSpec.completionMode) {
    errs.push(invalid('spec.completionMode', spec.completionMode, 'field is immutable'));
  }
  return errs;
}

/** The Job strategy. */
export const jobStrategy: Strategy = {
  nameValidation: 'subdomain',
  applyDefaults: defaultJob,
  prepareForCreate(obj: KubeObject): void {
    if (obj.metadata.uid) generateJobSelector(obj);
    obj.status = {};
  },
  validateCreate: (obj) => {
    // The uid may only be assigned after prepareForCreate; generate the selector once it exists.
    if (obj.metadata.uid && !objAt(child(obj, 'spec'), 'selector')) generateJobSelector(obj);
    const spec = child(obj, 'spec');
    return [...validateJobSpec(spec), ...validateGeneratedSelector(obj, spec)];
  },
  validateUpdate(obj, old): FieldError[] {
    const spec = child(obj, 'spec');
    return [...validateJobSpec(spec), ...jobUpdateErrors(spec, child(old, 'spec'))];
  },
};

/** SetDefaults_CronJob (batch/v1) plus the job template's pod template defaults. */
export function defaultCronJob(obj: KubeObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jt = child(spec, 'jobTemplate');
  const meta = child(jt, 'metadata');
  if (!('creationTimestamp' in meta)) meta.creationTimestamp = null;
  defaultPodTemplate(child(child(jt, 'spec'), 'template'));
}

function validateSchedule(spec: Obj): FieldError[] {
  const schedule = str(spec, 'schedule') ?? '';
  if (schedule === '') return [required('spec.schedule', '')];
  if (/(^|\s)(CRON_)?TZ=/.test(schedule)) {
    return [
      invalid(
        'spec.schedule',
        schedule,
        'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
      ),
    ];
  }
  const err = cronError(schedule.replace(/^(CRON_)?TZ=\S+\s+/, ''));
  return err ? [invalid('spec.schedule', schedule, err)] : [];
}

/** ValidateCronJobSpec (subset); names are limited to 52 characters. */
export function validateCronJob(obj: KubeObject): FieldError[] {
  const spec = child(obj, 'spec');
  const errs = validateSchedule(spec);
  const name = obj.metadata.name ?? '';
  if (name.length > 52) errs.push(invalid('metadata.name', name, maxLenError(52)));
  if (!oneOf(spec.concurrencyPolicy, CONCURRENCY)) {
    errs.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, CONCURRENCY));
  }
  for (const k of [
    'startingDeadlineSeconds',
    'successfulJobsHistoryLimit',
    'failedJobsHistoryLimit',
  ]) {
    errs.push(...nonNegative(spec[k], `spec.${k}`));
  }
  const jobSpec = clone(child(child(spec, 'jobTemplate'), 'spec'));
  errs.push(...validateJobTemplate(jobSpec, 'spec.jobTemplate.spec'));
  return errs;
}

/** The CronJob strategy. */
export const cronJobStrategy: Strategy = {
  nameValidation: 'subdomain',
  applyDefaults: defaultCronJob,
  prepareForCreate(obj: KubeObject): void {
    obj.status = {};
  },
  validateCreate: validateCronJob,
  validateUpdate: (obj) => validateCronJob(obj),
};
