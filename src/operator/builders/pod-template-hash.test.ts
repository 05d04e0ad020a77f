import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPodTemplateHash, canonicalJson } from './pod-template-hash.ts';
import { sampleCluster } from './sample-cluster.ts';

test('canonicalJson sorts keys at every depth and drops undefined', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } }),
    '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
  );
});

test('the hash is stable, 16 hex characters, and blind to key order', () => {
  const a = sampleCluster({ resources: { requests: { cpu: '1', memory: '1Gi' } } });
  const b = sampleCluster({ resources: { requests: { memory: '1Gi', cpu: '1' } } });
  assert.match(buildPodTemplateHash(a), /^[0-9a-f]{16}$/);
  assert.equal(buildPodTemplateHash(a), buildPodTemplateHash(b));
});

test('image and resources change the hash', () => {
  const base = buildPodTemplateHash(sampleCluster());
  assert.notEqual(buildPodTemplateHash(sampleCluster({ image: 'steward/instance:15.20' })), base);
  assert.notEqual(
    buildPodTemplateHash(sampleCluster({ resources: { limits: { memory: '2Gi' } } })),
    base,
  );
});

test('what needs no restart (instances, storage, parameters, failover) leaves it alone', () => {
  const base = buildPodTemplateHash(sampleCluster());
  const others = [
    sampleCluster({ instances: 5 }),
    sampleCluster({ storage: { size: '20Gi' } }),
    sampleCluster({ postgresql: { parameters: { shared_buffers: '1GB' } } }),
    sampleCluster({ failover: { leaseDurationSeconds: 30 } }),
  ];
  for (const c of others) assert.equal(buildPodTemplateHash(c), base);
});

test('the default image is the same as naming it explicitly', () => {
  assert.equal(
    buildPodTemplateHash(sampleCluster({ image: 'steward/instance:15' })),
    buildPodTemplateHash(sampleCluster()),
  );
});
