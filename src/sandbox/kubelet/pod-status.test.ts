import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPodStatus, containerStatus, mergePodConditions, podPhase } from './pod-status.ts';
import { newRecord, type ContainerRecord } from './records.ts';
import type { PodSpec } from './types.ts';

const base = (name: string): ContainerRecord => {
  const { waiting: _w, ...rest } = newRecord(name, 'img', false);
  return rest;
};
const running = (name: string, ready = true): ContainerRecord => ({
  ...base(name),
  pid: 42,
  startedAt: 0,
  started: true,
  ready,
});
const exited = (name: string, exitCode: number): ContainerRecord => ({
  ...base(name),
  pid: 42,
  terminated: {
    exitCode,
    reason: exitCode ? 'Error' : 'Completed',
    startedAt: 0,
    finishedAt: 1000,
    containerID: 'steward://42',
  },
});
const clean = (r: ContainerRecord): ContainerRecord => {
  const { waiting: _w, ...rest } = r;
  return rest;
};
const spec: PodSpec = { containers: [{ name: 'a' }] };
const phase = (s: PodSpec, recs: ContainerRecord[], initDone = true) =>
  podPhase({
    spec: s,
    records: new Map(recs.map((r) => [r.name, clean(r)])),
    initDone,
    initFailed: false,
  });

test('phases follow upstream getPhase', () => {
  assert.equal(phase(spec, []), 'Pending');
  assert.equal(phase(spec, [running('a')]), 'Running');
  assert.equal(phase(spec, [running('a')], false), 'Pending');
  assert.equal(phase({ ...spec, restartPolicy: 'Never' }, [exited('a', 0)]), 'Succeeded');
  assert.equal(phase({ ...spec, restartPolicy: 'Never' }, [exited('a', 1)]), 'Failed');
  assert.equal(phase({ ...spec, restartPolicy: 'OnFailure' }, [exited('a', 1)]), 'Running');
  assert.equal(phase({ ...spec, restartPolicy: 'OnFailure' }, [exited('a', 0)]), 'Succeeded');
  assert.equal(phase(spec, [exited('a', 0)]), 'Running');
});

test('containerStatus: running with containerID; crash loop shows waiting and lastState', () => {
  const s = containerStatus({ name: 'a', image: 'img' }, clean(running('a')), false);
  assert.equal(s.containerID, 'steward://42');
  assert.deepEqual(s.state, { running: { startedAt: '1970-01-01T00:00:00Z' } });
  const crash = { ...clean(exited('a', 2)), waiting: { reason: 'CrashLoopBackOff', message: 'm' } };
  const c = containerStatus({ name: 'a', image: 'img' }, crash, false);
  assert.deepEqual(c.state, { waiting: { reason: 'CrashLoopBackOff', message: 'm' } });
  assert.equal((c.lastState as { terminated: { exitCode: number } }).terminated.exitCode, 2);
});

test('conditions: not ready lists the containers; PodScheduled added; others kept', () => {
  const st = buildPodStatus(
    {
      spec: { containers: [{ name: 'a' }, { name: 'b' }] },
      records: new Map([
        ['a', clean(running('a'))],
        ['b', clean(running('b', false))],
      ]),
      podIP: '127.1.1.2',
      hostIP: '127.1.1.1',
      startTime: 0,
      sandboxReady: true,
      initDone: true,
      initFailed: false,
      prevConditions: [
        { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: 'x' },
      ],
    },
    5_000,
  ) as { conditions: { type: string; status: string; message?: string }[]; podIP: string };
  const ready = st.conditions.find((c) => c.type === 'Ready');
  assert.deepEqual(
    [ready?.status, ready?.message],
    ['False', 'containers with unready status: [b]'],
  );
  assert.ok(st.conditions.some((c) => c.type === 'DisruptionTarget'));
  assert.ok(st.conditions.some((c) => c.type === 'PodScheduled' && c.status === 'True'));
  assert.equal(st.podIP, '127.1.1.2');
});

test('mergePodConditions keeps lastTransitionTime when the status is unchanged', () => {
  const prev = [
    { type: 'Ready', status: 'True' as const, lastProbeTime: null, lastTransitionTime: 'old' },
  ];
  const next = mergePodConditions(
    prev,
    [{ type: 'Ready', status: 'True', lastProbeTime: null }],
    0,
  );
  assert.equal(next.find((c) => c.type === 'Ready')?.lastTransitionTime, 'old');
});
