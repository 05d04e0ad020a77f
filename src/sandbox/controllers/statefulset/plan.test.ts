import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planStatefulSetSync, type SyncAction, type SyncInput } from './plan.ts';
import { NOW, makeClaims, makePod, makeSet, revisionOf } from './fixtures.test-util.ts';
import type { StatefulSet } from './types.ts';

function plan(
  set: StatefulSet,
  over: Partial<SyncInput> = {},
): ReturnType<typeof planStatefulSetSync> {
  const rev = revisionOf(set);
  return planStatefulSetSync({
    set,
    pods: [],
    claims: [],
    current: rev,
    update: rev,
    collisionCount: 0,
    nowMs: NOW,
    ...over,
  });
}

const summary = (actions: SyncAction[]): string[] =>
  actions.map((a) => {
    switch (a.kind) {
      case 'createClaim':
        return `createClaim ${a.claim.metadata.name ?? ''}`;
      case 'setClaimOwners':
        return `owners ${a.claim} ${a.ownerReferences.map((r) => r.kind).join('+') || '-'}`;
      case 'createPod':
      case 'updatePod':
        return `${a.kind} ${a.pod.metadata.name ?? ''}`;
      case 'failCreatePod':
        return `failCreate ${a.pod}: ${a.error}`;
      case 'deletePod':
        return `delete ${a.pod} (${a.reason})`;
    }
  });

test('ordered creation: claims first, then the lowest missing pod, one per sync', () => {
  const set = makeSet();
  const p = plan(set);
  assert.deepEqual(summary(p.actions), ['createClaim data-web-0', 'createPod web-0']);
  assert.equal(p.note, 'created Pod web-0');
  const pod = p.actions[1]?.kind === 'createPod' ? p.actions[1].pod : undefined;
  assert.equal(pod?.metadata.generateName, 'web-');
  assert.equal(pod?.metadata.labels?.['statefulset.kubernetes.io/pod-name'], 'web-0');
  assert.equal(pod?.metadata.labels?.['apps.kubernetes.io/pod-index'], '0');
  assert.equal(pod?.metadata.labels?.['controller-revision-hash'], revisionOf(set).metadata.name);
  assert.equal(pod?.spec?.hostname, 'web-0');
  assert.equal(pod?.spec?.subdomain, 'web');
  assert.deepEqual(pod?.spec?.volumes, [
    { name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } },
  ]);
  assert.deepEqual(pod?.metadata.ownerReferences?.[0], {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    name: 'web',
    uid: 'set-uid',
    controller: true,
    blockOwnerDeletion: true,
  });
});

test('ordered creation waits for the previous pod to be Running and Ready', () => {
  const set = makeSet();
  const rev = revisionOf(set);
  const pending = plan(set, {
    pods: [makePod(set, rev, 0, 'pending')],
    claims: makeClaims(set, [0]),
  });
  assert.deepEqual(summary(pending.actions), []);
  assert.equal(pending.note, 'waiting for Pod web-0 to be Running and Ready');
  const ready = plan(set, { pods: [makePod(set, rev, 0)], claims: makeClaims(set, [0]) });
  assert.deepEqual(summary(ready.actions), ['createClaim data-web-1', 'createPod web-1']);
});

test('existing claims are reused, never updated', () => {
  const set = makeSet();
  const rev = revisionOf(set);
  const p = plan(set, { pods: [makePod(set, rev, 0)], claims: makeClaims(set, [0, 1]) });
  assert.deepEqual(summary(p.actions), ['createPod web-1']);
});

test('minReadySeconds: a Ready pod is not yet available, and a requeue is asked for', () => {
  const set = makeSet({ minReadySeconds: 900 });
  const rev = revisionOf(set);
  const p = plan(set, { pods: [makePod(set, rev, 0)], claims: makeClaims(set, [0]) });
  assert.deepEqual(p.actions, []);
  assert.equal(p.note, 'waiting for Pod web-0 to be Available');
  assert.equal(p.status.readyReplicas, 1);
  assert.equal(p.status.availableReplicas, 0);
  assert.equal(p.requeueAfterMs, 300_001);
});

test('a claim being deleted blocks the pod with an error', () => {
  const set = makeSet();
  const claims = makeClaims(set, [0]).map((c) => ({
    ...c,
    metadata: { ...c.metadata, deletionTimestamp: 'x' },
  }));
  const p = plan(set, { claims });
  assert.deepEqual(summary(p.actions), ['failCreate web-0: pvc data-web-0 is being deleted']);
});

test('a failed pod is deleted and the sync stops', () => {
  const set = makeSet();
  const rev = revisionOf(set);
  const p = plan(set, {
    pods: [makePod(set, rev, 0), makePod(set, rev, 1, 'failed')],
    claims: makeClaims(set, [0, 1]),
  });
  assert.deepEqual(summary(p.actions), ['delete web-1 (failed)']);
});

test('a terminating pod blocks ordered progress', () => {
  const set = makeSet();
  const rev = revisionOf(set);
  const p = plan(set, {
    pods: [makePod(set, rev, 0, 'ready-terminating')],
    claims: makeClaims(set, [0]),
  });
  assert.deepEqual(p.actions, []);
  assert.equal(p.note, 'waiting for Pod web-0 to terminate');
});

test('Parallel creates every missing pod at once', () => {
  const set = makeSet({ podManagementPolicy: 'Parallel' });
  const p = plan(set);
  assert.deepEqual(summary(p.actions), [
    'createClaim data-web-0',
    'createPod web-0',
    'createClaim data-web-1',
    'createPod web-1',
    'createClaim data-web-2',
    'createPod web-2',
  ]);
});

test('spec.ordinals.start shifts the names', () => {
  const set = makeSet({ replicas: 1, ordinals: { start: 5 } });
  assert.deepEqual(summary(plan(set).actions), ['createClaim data-web-5', 'createPod web-5']);
});

test('scale-down deletes the highest ordinal first, one at a time', () => {
  const set = makeSet({ replicas: 1 });
  const rev = revisionOf(set);
  const pods = [0, 1, 2].map((o) => makePod(set, rev, o));
  const p = plan(set, { pods, claims: makeClaims(set, [0, 1, 2]) });
  assert.deepEqual(summary(p.actions), ['delete web-2 (scale-down)']);
  const next = plan(set, {
    pods: [pods[0]!, pods[1]!, makePod(set, rev, 2, 'ready-terminating')],
    claims: makeClaims(set, [0, 1, 2]),
  });
  assert.deepEqual(next.actions, []);
  assert.equal(next.note, 'waiting for Pod web-2 to terminate prior to scale down');
});

test('scale-down is blocked by an unhealthy pod unless the condemned pod is the first unhealthy one', () => {
  const set = makeSet({ replicas: 1 });
  const rev = revisionOf(set);
  const claims = makeClaims(set, [0, 1, 2]);
  const blocked = plan(set, {
    pods: [makePod(set, rev, 0), makePod(set, rev, 1, 'running'), makePod(set, rev, 2, 'running')],
    claims,
  });
  assert.deepEqual(blocked.actions, []);
  assert.equal(blocked.note, 'waiting for Pod web-1 to be Running and Ready prior to scale down');
  const first = plan(set, {
    pods: [makePod(set, rev, 0), makePod(set, rev, 1), makePod(set, rev, 2, 'running')],
    claims,
  });
  assert.deepEqual(summary(first.actions), ['delete web-2 (scale-down)']);
});

test('Parallel scale-down deletes all condemned pods at once', () => {
  const set = makeSet({ replicas: 1, podManagementPolicy: 'Parallel' });
  const rev = revisionOf(set);
  const pods = [0, 1, 2].map((o) => makePod(set, rev, o, o === 1 ? 'running' : 'ready'));
  assert.deepEqual(summary(plan(set, { pods, claims: makeClaims(set, [0, 1, 2]) }).actions), [
    'delete web-2 (scale-down)',
    'delete web-1 (scale-down)',
  ]);
});
