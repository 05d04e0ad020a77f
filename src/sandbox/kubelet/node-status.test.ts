import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCluster } from '../config.ts';
import {
  buildLease,
  buildNode,
  healthyConditions,
  mergeConditions,
  microTime,
  statusChanged,
  type NodeFacts,
} from './node-status.ts';

const spec = defaultCluster(2).nodes[1]!;
const facts: NodeFacts = {
  spec,
  address: '127.1.2.1',
  kubeletPort: 10250,
  machine: {
    kernelVersion: '6.1',
    osImage: 'Linux',
    machineID: 'm',
    bootID: 'b',
    ephemeralStorageBytes: 1024,
  },
  volumesInUse: ['b', 'a'],
};

test('microTime has six fractional digits', () => {
  assert.equal(microTime(Date.UTC(2006, 0, 2, 15, 4, 5, 123)), '2006-01-02T15:04:05.123000Z');
});

test('buildNode: labels, addresses, capacity, nodeInfo, daemon endpoint', () => {
  const n = buildNode(facts) as {
    metadata: { labels: Record<string, string> };
    status: Record<string, unknown>;
  };
  assert.equal(n.metadata.labels['topology.kubernetes.io/zone'], 'zone-b');
  assert.equal(n.metadata.labels['node.kubernetes.io/instance-type'], 'sandbox');
  assert.deepEqual(n.status.addresses, [
    { type: 'InternalIP', address: '127.1.2.1' },
    { type: 'Hostname', address: 'node-2' },
  ]);
  assert.deepEqual((n.status.capacity as Record<string, string>).pods, '110');
  assert.deepEqual(n.status.daemonEndpoints, { kubeletEndpoint: { Port: 10250 } });
  assert.equal(
    (n.status.nodeInfo as Record<string, string>).containerRuntimeVersion,
    'steward://1.0',
  );
  assert.deepEqual(n.status.volumesInUse, ['a', 'b']);
});

test('mergeConditions keeps the transition time of unchanged conditions and bumps heartbeats', () => {
  const first = mergeConditions(undefined, healthyConditions(), 1_000);
  const second = mergeConditions(first, healthyConditions(), 61_000);
  const ready = second.find((c) => c.type === 'Ready')!;
  assert.equal(ready.lastTransitionTime, '1970-01-01T00:00:01Z');
  assert.equal(ready.lastHeartbeatTime, '1970-01-01T00:01:01Z');
  assert.equal(ready.message, 'kubelet is posting ready status');
  const notReady = healthyConditions().map((c) =>
    c.type === 'Ready' ? { ...c, status: 'False' as const } : c,
  );
  assert.equal(
    mergeConditions(second, notReady, 70_000).find((c) => c.type === 'Ready')!.lastTransitionTime,
    '1970-01-01T00:01:10Z',
  );
});

test('buildLease: holder, duration, MicroTime renewTime, owned by the node', () => {
  const l = buildLease({ name: 'node-2', uid: 'u' }, 40, 0) as {
    metadata: Record<string, unknown>;
    spec: Record<string, unknown>;
  };
  assert.deepEqual(l.spec, {
    holderIdentity: 'node-2',
    leaseDurationSeconds: 40,
    renewTime: '1970-01-01T00:00:00.000000Z',
  });
  assert.equal(l.metadata.namespace, 'kube-node-lease');
});

test('statusChanged ignores heartbeats and notices real changes', () => {
  const a = { status: { x: 1 }, conditions: healthyConditions() };
  assert.equal(statusChanged(undefined, a), true);
  assert.equal(statusChanged(a, { status: { x: 1 }, conditions: healthyConditions() }), false);
  assert.equal(statusChanged(a, { status: { x: 2 }, conditions: healthyConditions() }), true);
});
