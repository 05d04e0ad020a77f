import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types.ts';
import { cronError } from './cron.ts';
import { errorText, fakeContext } from './fake-context.ts';
import { cronJobStrategy, jobStrategy } from './jobs.ts';
import { deploymentStrategy, replicaSetStrategy } from './workloads.ts';

const ctx = fakeContext();
const container = { name: 'app', image: 'app:1' };
const tplSpec = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  containers: [{ ...container }],
  ...extra,
});

function deploy(spec: Record<string, unknown> = {}): KubeObject {
  const obj: KubeObject = {
    metadata: { name: 'op', namespace: 'steward' },
    spec: {
      selector: { matchLabels: { app: 'op' } },
      template: { metadata: { labels: { app: 'op' } }, spec: tplSpec() },
      ...spec,
    },
  };
  deploymentStrategy.applyDefaults?.(obj, ctx);
  return obj;
}

void test('Deployment defaults', () => {
  const spec = deploy().spec as Record<string, unknown>;
  assert.equal(spec.replicas, 1);
  assert.deepEqual(spec.strategy, {
    type: 'RollingUpdate',
    rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
  });
  assert.equal(spec.revisionHistoryLimit, 10);
  assert.equal(spec.progressDeadlineSeconds, 600);
  assert.equal(errorText(deploymentStrategy.validateCreate?.(deploy(), ctx)), '');
});

void test('Deployment: selector immutable, restartPolicy Always, empty selector', () => {
  const next = deploy({
    selector: { matchLabels: { app: 'op', v: '2' } },
    template: { metadata: { labels: { app: 'op', v: '2' } }, spec: tplSpec() },
  });
  assert.equal(
    errorText(deploymentStrategy.validateUpdate?.(next, deploy(), ctx)),
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"op", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
  );
  const never = deploy({
    template: { metadata: { labels: { app: 'op' } }, spec: tplSpec({ restartPolicy: 'Never' }) },
  });
  assert.equal(
    errorText(deploymentStrategy.validateCreate?.(never, ctx)),
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  );
  const empty = deploy({ selector: {} });
  assert.equal(
    errorText(deploymentStrategy.validateCreate?.(empty, ctx)),
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
  );
});

void test('ReplicaSet defaults replicas and validates the template', () => {
  const rs: KubeObject = {
    metadata: { name: 'rs', namespace: 'ns' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c' }] } },
    },
  };
  replicaSetStrategy.applyDefaults?.(rs, ctx);
  assert.equal((rs.spec as Record<string, unknown>).replicas, 1);
  assert.equal(
    errorText(replicaSetStrategy.validateCreate?.(rs, ctx)),
    'spec.template.spec.containers[0].image: Required value',
  );
});

function job(spec: Record<string, unknown> = {}): KubeObject {
  const obj: KubeObject = {
    metadata: { name: 'backup', namespace: 'db', uid: 'u-1' },
    spec: { template: { spec: tplSpec({ restartPolicy: 'Never' }) }, ...spec },
  };
  jobStrategy.applyDefaults?.(obj, ctx);
  jobStrategy.prepareForCreate?.(obj, ctx);
  return obj;
}

void test('Job defaults and the generated selector', () => {
  const obj = job();
  const spec = obj.spec as Record<string, unknown>;
  assert.deepEqual(
    { ...spec, template: undefined },
    {
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } },
      suspend: false,
      template: undefined,
    },
  );
  assert.deepEqual((spec.template as { metadata: unknown }).metadata, {
    creationTimestamp: null,
    labels: {
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'backup',
      'controller-uid': 'u-1',
      'job-name': 'backup',
    },
  });
  assert.equal(errorText(jobStrategy.validateCreate?.(obj, ctx)), '');
  assert.equal(
    job({ parallelism: 3 }).spec &&
      (job({ parallelism: 3 }).spec as Record<string, unknown>).completions,
    undefined,
  );
});

void test('Job selector is generated at validation when the uid comes after prepareForCreate', () => {
  const obj: KubeObject = {
    metadata: { name: 'late', namespace: 'db' },
    spec: { template: { spec: tplSpec({ restartPolicy: 'Never' }) } },
  };
  jobStrategy.applyDefaults?.(obj, ctx);
  jobStrategy.prepareForCreate?.(obj, ctx);
  obj.metadata.uid = 'u-2';
  assert.equal(errorText(jobStrategy.validateCreate?.(obj, ctx)), '');
  assert.deepEqual((obj.spec as Record<string, unknown>).selector, {
    matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-2' },
  });
});

void test('Job labels alias the template labels when defaulted from them', () => {
  const obj = job({
    template: { metadata: { labels: { app: 'b' } }, spec: tplSpec({ restartPolicy: 'Never' }) },
  });
  assert.deepEqual(obj.metadata.labels, {
    app: 'b',
    'batch.kubernetes.io/controller-uid': 'u-1',
    'batch.kubernetes.io/job-name': 'backup',
    'controller-uid': 'u-1',
    'job-name': 'backup',
  });
});

void test('Job template restartPolicy must be OnFailure or Never; selector not auto-generated', () => {
  const obj = job({ template: { spec: tplSpec() } });
  assert.equal(
    errorText(jobStrategy.validateCreate?.(obj, ctx)),
    'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
  );
  const manual = job({ selector: { matchLabels: { x: 'y' } } });
  assert.match(
    errorText(jobStrategy.validateCreate?.(manual, ctx)),
    /`selector` not auto-generated/,
  );
});

void test('CronJob defaults and schedule validation', () => {
  const cj: KubeObject = {
    metadata: { name: 'nightly', namespace: 'db' },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: { spec: { template: { spec: tplSpec({ restartPolicy: 'OnFailure' }) } } },
    },
  };
  cronJobStrategy.applyDefaults?.(cj, ctx);
  const spec = cj.spec as Record<string, unknown>;
  assert.equal(spec.concurrencyPolicy, 'Allow');
  assert.equal(spec.suspend, false);
  assert.equal(spec.successfulJobsHistoryLimit, 3);
  assert.equal(spec.failedJobsHistoryLimit, 1);
  assert.equal(errorText(cronJobStrategy.validateCreate?.(cj, ctx)), '');
  spec.schedule = 'every day';
  assert.equal(
    errorText(cronJobStrategy.validateCreate?.(cj, ctx)),
    'spec.schedule: Invalid value: "every day": expected exactly 5 fields, found 2: [every day]',
  );
  spec.schedule = '';
  assert.equal(
    errorText(cronJobStrategy.validateCreate?.(cj, ctx)),
    'spec.schedule: Required value',
  );
});

void test('cron parser errors', () => {
  assert.equal(cronError('*/5 * * * *'), undefined);
  assert.equal(cronError('0 0 * jan mon-fri'), undefined);
  assert.equal(cronError('@daily'), undefined);
  assert.equal(cronError('61 * * * *'), 'end of range (61) above maximum (59): 61');
  assert.equal(cronError('@sometimes'), 'unrecognized descriptor: @sometimes');
});
