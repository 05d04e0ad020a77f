import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planStatefulSetSync } from './plan.ts';
import { NOW, makeClaims, makePod, makeSet, revisionOf } from './fixtures.test-util.ts';
import { completeRollingUpdate } from './status.ts';
import type { StatefulSet } from './types.ts';

function setup(spec: Partial<StatefulSet['spec']> = {}) {
  const v1 = makeSet(spec, 'nginx:1');
  const v2 = makeSet(spec, 'nginx:2');
  const r1 = revisionOf(v1, 1);
  const r2 = revisionOf(v2, 2);
  const claims = makeClaims(v2, [0, 1, 2]);
  const run = (pods: ReturnType<typeof makePod>[]) =>
    planStatefulSetSync({
      set: v2,
      pods,
      claims,
      current: r1,
      update: r2,
      collisionCount: 0,
      nowMs: NOW,
    });
  return { v1, v2, r1, r2, run };
}

const deletes = (p: ReturnType<typeof planStatefulSetSync>): string[] =>
  p.actions.flatMap((a) => (a.kind === 'deletePod' ? [`${a.pod}:${a.reason}`] : []));

test('rolling update deletes the highest ordinal not at the update revision, then waits', () => {
  const { v1, v2, r1, r2, run } = setup();
  const p = run([0, 1, 2].map((o) => makePod(v1, r1, o)));
  assert.deepEqual(deletes(p), ['web-2:update']);
  assert.equal(p.status.currentReplicas, 2);
  assert.equal(p.status.updatedReplicas, undefined);
  assert.equal(p.status.currentRevision, r1.metadata.name);
  assert.equal(p.status.updateRevision, r2.metadata.name);
  // web-2 recreated at the new revision but not ready yet: nothing else happens.
  const waiting = run([makePod(v1, r1, 0), makePod(v1, r1, 1), makePod(v2, r2, 2, 'running')]);
  assert.deepEqual(waiting.actions, []);
  assert.equal(waiting.note, 'waiting for Pod web-2 to be Running and Ready');
  const next = run([makePod(v1, r1, 0), makePod(v1, r1, 1), makePod(v2, r2, 2)]);
  assert.deepEqual(deletes(next), ['web-1:update']);
});

test('a missing pod is recreated at the update revision', () => {
  const { v1, r1, r2, run } = setup();
  const p = run([makePod(v1, r1, 0), makePod(v1, r1, 1)]);
  const created = p.actions.find((a) => a.kind === 'createPod');
  assert.equal(
    created?.kind === 'createPod' ? created.pod.metadata.labels?.['controller-revision-hash'] : '',
    r2.metadata.name,
  );
  assert.equal(
    created?.kind === 'createPod'
      ? (created.pod.spec?.containers as { image: string }[])[0]?.image
      : '',
    'nginx:2',
  );
});

test('partition: ordinals below it stay at (and are recreated at) the current revision', () => {
  const { v1, v2, r1, r2, run } = setup({
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
  });
  assert.deepEqual(deletes(run([0, 1, 2].map((o) => makePod(v1, r1, o)))), ['web-2:update']);
  assert.deepEqual(deletes(run([makePod(v1, r1, 0), makePod(v1, r1, 1), makePod(v2, r2, 2)])), []);
  const recreate = run([makePod(v1, r1, 0), makePod(v2, r2, 2)]);
  const created = recreate.actions.find((a) => a.kind === 'createPod');
  assert.equal(
    created?.kind === 'createPod' ? created.pod.metadata.labels?.['controller-revision-hash'] : '',
    r1.metadata.name,
  );
});

test('OnDelete never deletes pods for an update; deleted pods come back at the update revision', () => {
  const { v1, r1, r2, run } = setup({ updateStrategy: { type: 'OnDelete' } });
  assert.deepEqual(deletes(run([0, 1, 2].map((o) => makePod(v1, r1, o)))), []);
  const p = run([makePod(v1, r1, 0), makePod(v1, r1, 2)]);
  const created = p.actions.find((a) => a.kind === 'createPod');
  assert.equal(created?.kind === 'createPod' ? created.pod.metadata.name : '', 'web-1');
  assert.equal(
    created?.kind === 'createPod' ? created.pod.metadata.labels?.['controller-revision-hash'] : '',
    r2.metadata.name,
  );
});

test('status: the update revision becomes current once every replica is updated and ready', () => {
  const { v2, r1, r2, run } = setup();
  const p = run([0, 1, 2].map((o) => makePod(v2, r2, o)));
  assert.deepEqual(p.actions, []);
  assert.deepEqual(p.status, {
    observedGeneration: 1,
    replicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    currentReplicas: 3,
    updatedReplicas: 3,
    currentRevision: r2.metadata.name,
    updateRevision: r2.metadata.name,
    collisionCount: 0,
  });
  assert.notEqual(r1.metadata.name, r2.metadata.name);
});

test('completeRollingUpdate does nothing under OnDelete', () => {
  const set = makeSet({ updateStrategy: { type: 'OnDelete' }, replicas: 1 });
  const s = {
    replicas: 1,
    readyReplicas: 1,
    updatedReplicas: 1,
    availableReplicas: 1,
    currentRevision: 'a',
    updateRevision: 'b',
  };
  assert.equal(completeRollingUpdate(set, s).currentRevision, 'a');
});

test('a set being deleted only gets its status computed', () => {
  const { v1, r1, r2 } = setup();
  const set = { ...makeSet(), metadata: { ...makeSet().metadata, deletionTimestamp: 'x' } };
  const p = planStatefulSetSync({
    set,
    pods: [makePod(v1, r1, 0)],
    claims: [],
    current: r1,
    update: r2,
    collisionCount: 0,
    nowMs: NOW,
  });
  assert.deepEqual(p.actions, []);
  assert.equal(p.status.replicas, 1);
});
