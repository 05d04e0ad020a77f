import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAffinity } from './affinity.ts';
import { sampleCluster } from './sample-cluster.ts';

const term = {
  labelSelector: { matchLabels: { 'steward.dev/cluster': 'pg' } },
  topologyKey: 'kubernetes.io/hostname',
};

test('default (preferred): a weight-100 preference to spread over nodes', () => {
  assert.deepEqual(buildAffinity(sampleCluster()), {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }],
    },
  });
});

test('required: never two instances on one node', () => {
  const c = sampleCluster({ affinity: { podAntiAffinityType: 'required' } });
  assert.deepEqual(buildAffinity(c), {
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] },
  });
});

test('a custom topology key is used as is', () => {
  const c = sampleCluster({
    affinity: { podAntiAffinityType: 'required', topologyKey: 'topology.kubernetes.io/zone' },
  });
  const t = buildAffinity(c)?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  assert.equal(t?.[0]?.topologyKey, 'topology.kubernetes.io/zone');
});

test('disabled: no affinity at all', () => {
  assert.equal(
    buildAffinity(sampleCluster({ affinity: { enablePodAntiAffinity: false } })),
    undefined,
  );
});
