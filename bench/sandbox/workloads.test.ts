import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDeployment, buildSleepTemplate, buildStatefulSet } from './workloads.ts';

test('the pod template sleeps and has a 1 s exec readiness probe only when asked', () => {
  const spec = (t: Record<string, unknown>) =>
    (t.spec as { containers: Record<string, unknown>[] }).containers[0];
  assert.deepEqual(spec(buildSleepTemplate('x', false))?.command, ['sleep', '86400']);
  assert.equal(spec(buildSleepTemplate('x', false))?.readinessProbe, undefined);
  assert.deepEqual(spec(buildSleepTemplate('x', true))?.readinessProbe, {
    exec: { command: ['true'] },
    periodSeconds: 1,
    initialDelaySeconds: 0,
    timeoutSeconds: 1,
  });
});

test('StatefulSet and Deployment select their template labels', () => {
  const sts = buildStatefulSet('web', 30, 'OrderedReady', true) as {
    spec: { replicas: number; podManagementPolicy: string; selector: unknown; template: unknown };
  };
  assert.equal(sts.spec.replicas, 30);
  assert.equal(sts.spec.podManagementPolicy, 'OrderedReady');
  assert.deepEqual(sts.spec.selector, { matchLabels: { app: 'web' } });
  assert.deepEqual(sts.spec.template, buildSleepTemplate('web', true));
  const dep = buildDeployment('many', 300) as { kind: string; spec: { replicas: number } };
  assert.deepEqual([dep.kind, dep.spec.replicas], ['Deployment', 300]);
});
