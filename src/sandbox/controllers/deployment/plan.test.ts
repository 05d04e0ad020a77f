import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReplicaSet } from '../replicaset/plan.ts';
import { buildNewReplicaSet, planDeploymentSync, type DeploymentAction } from './plan.ts';
import { resolveFenceposts } from './rollout.ts';
import type { Deployment } from './types.ts';

const NOW = Date.parse('2025-01-01T00:10:00Z');
const deployment = (image: string, extra: Partial<Deployment['spec']> = {}): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'op', namespace: 'default', uid: 'd-uid', generation: 1 },
  spec: {
    replicas: 4,
    selector: { matchLabels: { app: 'op' } },
    template: { metadata: { labels: { app: 'op' } }, spec: { containers: [{ name: 'c', image }] } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    ...extra,
  },
});
const withState = (
  rs: ReplicaSet,
  replicas: number,
  available: number,
  created: string,
): ReplicaSet => ({
  ...rs,
  metadata: { ...rs.metadata, creationTimestamp: created },
  spec: { ...rs.spec, replicas },
  status: { replicas, readyReplicas: available, availableReplicas: available },
});
const brief = (actions: DeploymentAction[]): string[] =>
  actions.map((a) =>
    a.kind === 'scaleRS'
      ? `scale ${a.to > a.from ? 'up' : 'down'} ${String(a.from)}->${String(a.to)}`
      : a.kind,
  );

test('fenceposts: surge rounds up, unavailable rounds down, never both zero', () => {
  assert.deepEqual(resolveFenceposts(deployment('a')), { maxSurge: 1, maxUnavailable: 1 });
  assert.deepEqual(resolveFenceposts(deployment('a', { replicas: 1 })), {
    maxSurge: 1,
    maxUnavailable: 0,
  });
  const zero = deployment('a', {
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } },
  });
  assert.equal(resolveFenceposts(zero).maxUnavailable, 1);
});

test('first sync creates the new replica set at full size with revision 1', () => {
  const p = planDeploymentSync({
    d: deployment('a'),
    replicaSets: [],
    oldPodsRunning: false,
    nowMs: NOW,
  });
  assert.deepEqual(brief(p.actions), ['createRS', 'setDeploymentRevision']);
  const rs = p.actions[0]?.kind === 'createRS' ? p.actions[0].rs : undefined;
  const hash = rs?.metadata.labels?.['pod-template-hash'] ?? '';
  assert.equal(rs?.metadata.name, `op-${hash}`);
  assert.equal(rs?.spec.replicas, 4);
  assert.deepEqual(rs?.spec.selector?.matchLabels, { app: 'op', 'pod-template-hash': hash });
  assert.equal(rs?.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  assert.equal(rs?.metadata.annotations?.['deployment.kubernetes.io/max-replicas'], '5');
  const progressing = p.status.conditions?.find((c) => c.type === 'Progressing');
  assert.equal(progressing?.reason, 'NewReplicaSetCreated');
});

test('rolling update: surge the new set by maxSurge, then scale the old one down within maxUnavailable', () => {
  const old = withState(buildNewReplicaSet(deployment('a'), '1', 4), 4, 4, '2025-01-01T00:00:00Z');
  const d2 = deployment('b');
  const first = planDeploymentSync({ d: d2, replicaSets: [old], oldPodsRunning: true, nowMs: NOW });
  // As upstream: the new set is created at 1 (4 + surge 1 = 5 pods) and, in the same sync, the
  // old set loses one pod (5 - minAvailable 3 - 1 unavailable new pod).
  assert.deepEqual(brief(first.actions), ['createRS', 'setDeploymentRevision', 'scale down 4->3']);
  const created = first.actions[0]?.kind === 'createRS' ? first.actions[0].rs : undefined;
  assert.equal(created?.spec.replicas, 1);
  const fresh = withState(created, 1, 0, '2025-01-01T00:05:00Z');
  const second = planDeploymentSync({
    d: d2,
    replicaSets: [withState(old, 3, 3, '2025-01-01T00:00:00Z'), fresh],
    oldPodsRunning: true,
    nowMs: NOW,
  });
  assert.deepEqual(brief(second.actions), ['setDeploymentRevision', 'scale up 1->2']);
});

test('a completed rollout reports NewReplicaSetAvailable', () => {
  const d = deployment('a');
  const rs = withState(buildNewReplicaSet(d, '1', 4), 4, 4, '2025-01-01T00:00:00Z');
  d.metadata.annotations = { 'deployment.kubernetes.io/revision': '1' };
  const p = planDeploymentSync({ d, replicaSets: [rs], oldPodsRunning: false, nowMs: NOW });
  assert.deepEqual(p.actions, []);
  assert.equal(
    p.status.conditions?.find((c) => c.type === 'Progressing')?.reason,
    'NewReplicaSetAvailable',
  );
  assert.equal(p.status.conditions?.find((c) => c.type === 'Available')?.status, 'True');
  assert.equal(p.status.updatedReplicas, 4);
});

test('Recreate: old sets go to zero first, the new one grows only once old pods are gone', () => {
  const recreate = { strategy: { type: 'Recreate' as const } };
  const old = withState(
    buildNewReplicaSet(deployment('a', recreate), '1', 4),
    4,
    4,
    '2025-01-01T00:00:00Z',
  );
  const d2 = deployment('b', recreate);
  const first = planDeploymentSync({ d: d2, replicaSets: [old], oldPodsRunning: true, nowMs: NOW });
  assert.deepEqual(brief(first.actions), ['createRS', 'setDeploymentRevision', 'scale down 4->0']);
  const created = first.actions[0]?.kind === 'createRS' ? first.actions[0].rs : undefined;
  const emptyOld = withState(old, 0, 0, '2025-01-01T00:00:00Z');
  const fresh = withState(
    { ...created!, spec: { ...created!.spec, replicas: 0 } },
    0,
    0,
    '2025-01-01T00:05:00Z',
  );
  const waiting = planDeploymentSync({
    d: d2,
    replicaSets: [emptyOld, fresh],
    oldPodsRunning: true,
    nowMs: NOW,
  });
  assert.deepEqual(brief(waiting.actions), ['setDeploymentRevision']);
  const go = planDeploymentSync({
    d: d2,
    replicaSets: [emptyOld, fresh],
    oldPodsRunning: false,
    nowMs: NOW,
  });
  assert.deepEqual(brief(go.actions), ['setDeploymentRevision', 'scale up 0->4']);
});
