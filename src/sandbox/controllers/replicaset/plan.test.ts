import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareForDeletion, planReplicaSetSync, type ReplicaSet } from './plan.ts';
import type { Pod } from './pod-util.ts';

const NOW = Date.parse('2025-01-01T00:10:00Z');
const rs = (replicas: number, minReadySeconds = 0): ReplicaSet => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'op-abc', namespace: 'default', uid: 'rs-uid', generation: 2 },
  spec: {
    replicas,
    minReadySeconds,
    selector: { matchLabels: { app: 'op' } },
    template: {
      metadata: { labels: { app: 'op', 'pod-template-hash': 'abc' } },
      spec: { containers: [] },
    },
  },
});
const pod = (
  name: string,
  opts: {
    ready?: boolean;
    node?: string;
    phase?: string;
    created?: string;
    labels?: Record<string, string>;
  } = {},
): Pod => ({
  metadata: {
    name,
    namespace: 'default',
    creationTimestamp: opts.created ?? '2025-01-01T00:00:00Z',
    labels: opts.labels ?? { app: 'op', 'pod-template-hash': 'abc' },
  },
  spec: opts.node ? { nodeName: opts.node } : {},
  status: {
    phase: opts.phase ?? 'Running',
    conditions: [
      {
        type: 'Ready',
        status: opts.ready === false ? 'False' : 'True',
        lastTransitionTime: '2025-01-01T00:01:00Z',
      },
    ],
  },
});

test('creates the missing pods from the template with a controller ref', () => {
  const p = planReplicaSetSync(rs(3), [pod('a', { node: 'n' })], NOW);
  assert.equal(p.create.length, 2);
  assert.equal(p.create[0]?.metadata.generateName, 'op-abc-');
  assert.deepEqual(p.create[0]?.metadata.labels, { app: 'op', 'pod-template-hash': 'abc' });
  assert.equal(p.create[0]?.metadata.ownerReferences?.[0]?.kind, 'ReplicaSet');
  assert.deepEqual(p.delete, []);
});

test('deletes surplus pods: unscheduled, then pending, then unready, then newest', () => {
  const pods = [
    pod('old-ready', { node: 'n', created: '2025-01-01T00:00:00Z' }),
    pod('new-ready', { node: 'n', created: '2025-01-01T00:05:00Z' }),
    pod('unready', { node: 'n', ready: false }),
    pod('pending', { node: 'n', phase: 'Pending', ready: false }),
    pod('unscheduled', { phase: 'Pending', ready: false }),
  ];
  assert.deepEqual(
    [...pods].sort(compareForDeletion).map((p) => p.metadata.name),
    ['unscheduled', 'pending', 'unready', 'new-ready', 'old-ready'],
  );
  assert.deepEqual(
    planReplicaSetSync(rs(2), pods, NOW).delete.map((p) => p.metadata.name),
    ['unscheduled', 'pending', 'unready'],
  );
});

test('terminating and finished pods do not count', () => {
  const gone = {
    ...pod('x', { node: 'n' }),
    metadata: { ...pod('x').metadata, deletionTimestamp: 't' },
  };
  const p = planReplicaSetSync(rs(1), [gone, pod('f', { node: 'n', phase: 'Failed' })], NOW);
  assert.equal(p.create.length, 1);
  assert.equal(p.status.replicas, 0);
});

test('status counts ready, available and fully labelled pods', () => {
  const pods = [
    pod('a', { node: 'n' }),
    pod('b', { node: 'n', ready: false }),
    pod('c', { node: 'n', labels: { app: 'op' } }),
  ];
  assert.deepEqual(planReplicaSetSync(rs(3), pods, NOW).status, {
    replicas: 3,
    fullyLabeledReplicas: 2,
    readyReplicas: 2,
    availableReplicas: 2,
    observedGeneration: 2,
  });
});

test('minReadySeconds: ready but not yet available pods requeue the sync', () => {
  const p = planReplicaSetSync(rs(1, 600), [pod('a', { node: 'n' })], NOW);
  assert.equal(p.status.readyReplicas, 1);
  assert.equal(p.status.availableReplicas, undefined);
  assert.equal(p.requeueAfterMs, 60_001);
});
