import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StewardError } from '../../lib/errors.ts';
import { clusterIdentity, commonLabels, objectMeta, ownerReference } from './metadata.ts';
import { sampleCluster } from './sample-cluster.ts';

const cluster = sampleCluster();

test('commonLabels name the app, the instance, the manager and the cluster', () => {
  assert.deepEqual(commonLabels(cluster), {
    'app.kubernetes.io/name': 'postgresql',
    'app.kubernetes.io/instance': 'pg',
    'app.kubernetes.io/managed-by': 'steward',
    'steward.dev/cluster': 'pg',
  });
});

test('ownerReference makes the cluster the controlling, deletion-blocking owner', () => {
  assert.deepEqual(ownerReference(cluster), {
    apiVersion: 'steward.dev/v1alpha1',
    kind: 'PostgresCluster',
    name: 'pg',
    uid: 'uid-1',
    controller: true,
    blockOwnerDeletion: true,
  });
});

test('objectMeta puts the object in the cluster namespace, labelled and owned', () => {
  assert.deepEqual(objectMeta(cluster, 'x'), {
    name: 'x',
    namespace: 'db',
    labels: commonLabels(cluster),
    ownerReferences: [ownerReference(cluster)],
  });
});

test('a cluster without uid (never stored) is refused', () => {
  const c = { ...cluster, metadata: { name: 'pg', namespace: 'db' } };
  assert.throws(
    () => clusterIdentity(c),
    (e: unknown) => e instanceof StewardError && e.code === 'CLUSTER_METADATA',
  );
});
