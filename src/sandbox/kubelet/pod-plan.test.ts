import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planPod } from './pod-plan.ts';
import { newRecord, type ContainerRecord } from './records.ts';
import type { PodSpec } from './types.ts';

const cfg = { initialMs: 10_000, maxMs: 300_000, resetMs: 600_000 };
const ref = { name: 'p', namespace: 'ns', uid: 'u' };
const spec: PodSpec = {
  initContainers: [{ name: 'i1' }, { name: 'i2' }],
  containers: [{ name: 'a' }, { name: 'b' }],
};
const done = (name: string, exitCode = 0, init = true): ContainerRecord => ({
  ...newRecord(name, 'img', init),
  pid: 1,
  terminated: {
    exitCode,
    reason: exitCode ? 'Error' : 'Completed',
    startedAt: 0,
    finishedAt: 0,
    containerID: 'steward://1',
  },
});
const names = (p: ReturnType<typeof planPod>): string[] =>
  p.actions.map((a) =>
    a.type === 'start' ? `start ${a.container.name}` : `${a.reason} ${a.name}`,
  );

test('init containers run one at a time, in order, before the regular ones', () => {
  assert.deepEqual(names(planPod(spec, new Map(), ref, 0, cfg)), ['start i1']);
  const running = new Map([['i1', { ...newRecord('i1', 'img', true), pid: 5 }]]);
  assert.deepEqual(names(planPod(spec, running, ref, 0, cfg)), []);
  assert.deepEqual(names(planPod(spec, new Map([['i1', done('i1')]]), ref, 0, cfg)), ['start i2']);
  const all = planPod(
    spec,
    new Map([
      ['i1', done('i1')],
      ['i2', done('i2')],
    ]),
    ref,
    0,
    cfg,
  );
  assert.deepEqual([names(all), all.initDone], [['start a', 'start b'], true]);
});

test('a failed init container fails a Never pod and is retried otherwise', () => {
  const failed = new Map([['i1', done('i1', 1)]]);
  assert.equal(planPod({ ...spec, restartPolicy: 'Never' }, failed, ref, 0, cfg).initFailed, true);
  assert.deepEqual(names(planPod(spec, failed, ref, 0, cfg)), ['start i1']);
});

test('exited containers restart per restartPolicy, with back-off after the first restart', () => {
  const s: PodSpec = { containers: [{ name: 'a' }] };
  const exited = new Map([['a', done('a', 0, false)]]);
  assert.deepEqual(names(planPod({ ...s, restartPolicy: 'OnFailure' }, exited, ref, 0, cfg)), []);
  assert.deepEqual(names(planPod(s, exited, ref, 0, cfg)), ['start a']);
  const crashing = new Map([
    ['a', { ...done('a', 2, false), backoff: { backoffMs: 10_000, lastUpdate: 0 } }],
  ]);
  const plan = planPod(s, crashing, ref, 1_000, cfg);
  assert.deepEqual(names(plan), ['CrashLoopBackOff a']);
  const a = plan.actions[0];
  assert.ok(a?.type === 'backoff' && a.waitMs === 9_000);
  assert.equal(a.message, 'back-off 10s restarting failed container=a pod=p_ns(u)');
});

test('a failed image pull waits in ImagePullBackOff', () => {
  const rec: ContainerRecord = {
    ...newRecord('a', 'x:1', false),
    waiting: { reason: 'ErrImagePull' },
    failedAt: 0,
    backoff: { backoffMs: 10_000, lastUpdate: 0 },
  };
  const plan = planPod(
    { containers: [{ name: 'a', image: 'x:1' }] },
    new Map([['a', rec]]),
    ref,
    100,
    cfg,
  );
  const a = plan.actions[0];
  assert.ok(a?.type === 'backoff' && a.reason === 'ImagePullBackOff');
  assert.equal(a.message, 'Back-off pulling image "x:1"');
});
