import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from './defaults.ts';
import { instanceImage } from './postgres-cluster.ts';

void test('a minimal spec gets every default, nested objects included', () => {
  assert.deepEqual(applyDefaults({ storage: { size: '1Gi' } }), {
    instances: 3,
    postgresVersion: '15',
    storage: { size: '1Gi' },
    synchronous: { mode: 'off', number: 1 },
    bootstrap: { initdb: { database: 'app', owner: 'app' } },
    failover: {
      leaseDurationSeconds: 15,
      renewDeadlineSeconds: 10,
      retryPeriodSeconds: 2,
      recloneWhenRewindImpossible: true,
    },
    affinity: {
      enablePodAntiAffinity: true,
      topologyKey: 'kubernetes.io/hostname',
      podAntiAffinityType: 'preferred',
    },
    primaryUpdateStrategy: 'unsupervised',
    pause: false,
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
  });
});

void test('set values win, partial objects are completed, the input is untouched', () => {
  const input = { instances: 5, storage: { size: 1 }, synchronous: { mode: 'quorum' as const } };
  const out = applyDefaults(input);
  assert.equal(out.instances, 5);
  assert.deepEqual(out.synchronous, { mode: 'quorum', number: 1 });
  assert.deepEqual(input.synchronous, { mode: 'quorum' });
});

void test('defaulting twice changes nothing', () => {
  const once = applyDefaults({ storage: { size: '1Gi' }, failover: { maximumLagBytes: 1024 } });
  assert.deepEqual(applyDefaults(once), once);
});

void test('the image defaults to the instance image of the major version', () => {
  const spec = applyDefaults({ storage: { size: '1Gi' } });
  assert.equal(instanceImage(spec), 'steward/instance:15');
  assert.equal(
    instanceImage({ ...spec, image: 'steward/instance:15.20' }),
    'steward/instance:15.20',
  );
});
