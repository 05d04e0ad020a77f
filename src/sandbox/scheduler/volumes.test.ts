import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schedule } from './schedule.ts';
import { mkNode, mkPod, mkPvc, mkSnapshot, threeNodes } from './fixtures.ts';
import type { Pv, ScheduleResult } from './types.ts';

const claim = (name: string) => ({
  volumes: [{ name: 'data', persistentVolumeClaim: { claimName: name } }],
});
const messageOf = (r: ScheduleResult): string => {
  assert.ok('unschedulable' in r);
  return r.unschedulable.message;
};
const pv = (name: string, zone?: string, extra: Partial<Pv['spec']> = {}): Pv => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: {
    storageClassName: 'standard',
    accessModes: ['ReadWriteOnce'],
    capacity: { storage: '1Gi' },
    ...(zone
      ? {
          nodeAffinity: {
            required: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] },
                  ],
                },
              ],
            },
          },
        }
      : {}),
    ...extra,
  },
});

test('missing or deleting claims are rejected at pre-filter', () => {
  const snap = mkSnapshot({ nodes: threeNodes() });
  assert.equal(
    messageOf(schedule(mkPod('p', claim('data')), snap)),
    '0/3 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..',
  );
  const deleting = mkPvc('data', { volumeName: 'pv-1' });
  deleting.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
  assert.match(
    messageOf(schedule(mkPod('p', claim('data')), { ...snap, pvcs: [deleting] })),
    /persistentvolumeclaim "data" is being deleted\./,
  );
});

test('unbound Immediate claims block scheduling', () => {
  const snap = mkSnapshot({
    nodes: threeNodes(),
    pvcs: [mkPvc('data', { storageClassName: 'fast' })],
  });
  assert.equal(
    messageOf(schedule(mkPod('p', claim('data')), snap)),
    '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..',
  );
});

test('WaitForFirstConsumer: the chosen node provisions the claim', () => {
  const snap = mkSnapshot({
    nodes: threeNodes(),
    pvcs: [mkPvc('data', { storageClassName: 'standard' })],
  });
  assert.deepEqual(schedule(mkPod('p', claim('data')), snap), {
    node: 'node-1',
    volumes: { provision: ['data'], staticBindings: [] },
  });
  const pinned = mkPvc(
    'data',
    { storageClassName: 'standard' },
    { 'volume.kubernetes.io/selected-node': 'node-2' },
  );
  const r = schedule(mkPod('p', claim('data')), { ...snap, pvcs: [pinned] });
  assert.ok('node' in r && r.node === 'node-2');
});

test('WaitForFirstConsumer: a matching static PV wins; allowedTopologies limit provisioning', () => {
  const snap = mkSnapshot({
    nodes: threeNodes(),
    pvcs: [mkPvc('data', { storageClassName: 'standard' })],
    pvs: [pv('small', 'zone-c', { capacity: { storage: '500Mi' } }), pv('local', 'zone-b')],
  });
  const staticOnly = { ...snap.storageClasses[0]!, provisioner: 'kubernetes.io/no-provisioner' };
  assert.deepEqual(schedule(mkPod('p', claim('data')), { ...snap, storageClasses: [staticOnly] }), {
    node: 'node-2',
    volumes: { provision: [], staticBindings: [{ claim: 'data', pv: 'local' }] },
  });
  const sc = {
    ...snap.storageClasses[0]!,
    allowedTopologies: [
      { matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['zone-c'] }] },
    ],
  };
  const r = schedule(mkPod('p', claim('data')), { ...snap, pvs: [], storageClasses: [sc] });
  assert.ok('node' in r && r.node === 'node-3');
  const noProv = { ...sc, provisioner: 'kubernetes.io/no-provisioner', allowedTopologies: [] };
  assert.match(
    messageOf(schedule(mkPod('p', claim('data')), { ...snap, pvs: [], storageClasses: [noProv] })),
    /^0\/3 nodes are available: 3 node\(s\) didn't find available persistent volumes to bind\./,
  );
});

test("bound claims follow their PV's node affinity, and a missing PV is reported", () => {
  const nodes = threeNodes();
  const pvcs = [mkPvc('data', { volumeName: 'pv-a', storageClassName: 'standard' })];
  const r = schedule(
    mkPod('p', claim('data')),
    mkSnapshot({ nodes, pvcs, pvs: [pv('pv-a', 'zone-c')] }),
  );
  assert.ok('node' in r && r.node === 'node-3');
  const one = mkSnapshot({ nodes: [mkNode('node-1')], pvcs, pvs: [pv('pv-a', 'zone-c')] });
  assert.match(
    messageOf(schedule(mkPod('p', claim('data')), one)),
    /1 node\(s\) had volume node affinity conflict\./,
  );
  assert.match(
    messageOf(schedule(mkPod('p', claim('data')), { ...one, pvs: [] })),
    /1 node\(s\) unavailable due to one or more pvc\(s\) bound to non-existent pv\(s\)\./,
  );
});

test('ReadWriteOncePod: a second pod using the claim is refused everywhere', () => {
  const pvcs = [mkPvc('data', { volumeName: 'pv-a', accessModes: ['ReadWriteOncePod'] })];
  const pods = [mkPod('first', { nodeName: 'node-1', ...claim('data') })];
  const snap = mkSnapshot({ nodes: threeNodes(), pvcs, pvs: [pv('pv-a')], pods });
  assert.equal(
    messageOf(schedule(mkPod('second', claim('data')), snap)),
    '0/3 nodes are available: 3 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
  );
});
