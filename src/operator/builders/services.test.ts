import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectMeta } from './metadata.ts';
import { sampleCluster } from './sample-cluster.ts';
import {
  buildHeadlessService,
  buildReadOnlyService,
  buildReadService,
  buildReadWriteService,
  buildServices,
} from './services.ts';

const cluster = sampleCluster();
const ports = [{ name: 'postgres', protocol: 'TCP', port: 5432, targetPort: 'postgres' }];

test('buildHeadlessService: no cluster IP, publishes not-ready pods, selects the cluster', () => {
  assert.deepEqual(buildHeadlessService(cluster), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(cluster, 'pg-headless'),
    spec: {
      type: 'ClusterIP',
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { 'steward.dev/cluster': 'pg' },
      ports,
    },
  });
});

test('buildReadWriteService selects the primary', () => {
  assert.deepEqual(buildReadWriteService(cluster), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(cluster, 'pg-rw'),
    spec: {
      type: 'ClusterIP',
      selector: { 'steward.dev/cluster': 'pg', 'steward.dev/role': 'primary' },
      ports,
    },
  });
});

test('buildReadOnlyService selects replicas; buildReadService any instance', () => {
  assert.deepEqual(buildReadOnlyService(cluster).spec?.selector, {
    'steward.dev/cluster': 'pg',
    'steward.dev/role': 'replica',
  });
  assert.equal(buildReadOnlyService(cluster).metadata?.name, 'pg-ro');
  assert.deepEqual(buildReadService(cluster), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(cluster, 'pg-r'),
    spec: { type: 'ClusterIP', selector: { 'steward.dev/cluster': 'pg' }, ports },
  });
});

test('buildServices: all four, headless first; only the headless one publishes not-ready', () => {
  const all = buildServices(cluster);
  assert.deepEqual(
    all.map((s) => s.metadata?.name),
    ['pg-headless', 'pg-rw', 'pg-ro', 'pg-r'],
  );
  assert.deepEqual(
    all.map((s) => s.spec?.publishNotReadyAddresses ?? false),
    [true, false, false, false],
  );
});
