import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectMeta } from './metadata.ts';
import { buildPodDisruptionBudget } from './pod-disruption-budget.ts';
import { sampleCluster } from './sample-cluster.ts';

test('buildPodDisruptionBudget: at most one instance down, all instances selected', () => {
  const cluster = sampleCluster();
  assert.deepEqual(buildPodDisruptionBudget(cluster), {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(cluster, 'pg'),
    spec: { maxUnavailable: 1, selector: { matchLabels: { 'steward.dev/cluster': 'pg' } } },
  });
});
