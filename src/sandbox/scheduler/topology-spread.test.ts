import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schedule } from './schedule.ts';
import { mkNode, mkPod, mkSnapshot, threeNodes } from './fixtures.ts';
import type { ScheduleResult, TopologySpreadConstraint } from './types.ts';

const nodeOf = (r: ScheduleResult): string => {
  assert.ok('node' in r, 'unschedulable' in r ? r.unschedulable.message : '');
  return r.node;
};
const spread = (whenUnsatisfiable: string, extra: Partial<TopologySpreadConstraint> = {}) => ({
  topologySpreadConstraints: [
    {
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable,
      labelSelector: { matchLabels: { app: 'web' } },
      ...extra,
    },
  ],
});
const web = (name: string, node: string) => mkPod(name, { nodeName: node }, { app: 'web' });

test('DoNotSchedule: only the emptiest zones stay feasible', () => {
  const pods = [web('a', 'node-1'), web('b', 'node-2')];
  const snap = mkSnapshot({ nodes: threeNodes(), pods });
  assert.equal(
    nodeOf(schedule(mkPod('c', spread('DoNotSchedule'), { app: 'web' }), snap)),
    'node-3',
  );
  const crowded = mkSnapshot({
    nodes: threeNodes(),
    pods: [...pods, web('x', 'node-1'), web('c', 'node-3')],
  });
  const zoneA = {
    nodeSelector: { 'topology.kubernetes.io/zone': 'zone-a' },
    ...spread('DoNotSchedule', { nodeAffinityPolicy: 'Ignore' }),
  };
  const r = schedule(mkPod('e', zoneA, { app: 'web' }), crowded);
  assert.ok('unschedulable' in r);
  assert.equal(
    r.unschedulable.message,
    "0/3 nodes are available: 1 node(s) didn't match pod topology spread constraints, 2 node(s) didn't match Pod's node affinity/selector. " +
      'preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..',
  );
});

test('DoNotSchedule: nodes without the topology key are rejected as unresolvable', () => {
  const nodes = [mkNode('n1', { labels: { 'topology.kubernetes.io/zone': 'a' } }), mkNode('n2')];
  delete nodes[1]!.metadata.labels!['topology.kubernetes.io/zone'];
  const r = schedule(
    mkPod('p', spread('DoNotSchedule'), { app: 'web' }),
    mkSnapshot({ nodes: [nodes[1]!] }),
  );
  assert.ok('unschedulable' in r);
  assert.match(
    r.unschedulable.message,
    /\(missing required label\)\. preemption: 0\/1 nodes are available: 1 Preemption is not helpful/,
  );
});

test('minDomains: fewer domains than required makes the global minimum 0', () => {
  const nodes = [mkNode('n1', { zone: 'a' })];
  const pods = [web('a', 'n1')];
  const pod = mkPod('b', spread('DoNotSchedule', { minDomains: 3 }), { app: 'web' });
  assert.ok('unschedulable' in schedule(pod, mkSnapshot({ nodes, pods })));
  assert.equal(
    nodeOf(
      schedule(mkPod('b', spread('DoNotSchedule'), { app: 'web' }), mkSnapshot({ nodes, pods })),
    ),
    'n1',
  );
});

test('ScheduleAnyway prefers the emptier zone but never blocks', () => {
  const pods = [web('a', 'node-1'), web('b', 'node-2')];
  const snap = mkSnapshot({ nodes: threeNodes(), pods });
  assert.equal(
    nodeOf(schedule(mkPod('c', spread('ScheduleAnyway'), { app: 'web' }), snap)),
    'node-3',
  );
});

test('default constraints spread the pods of a workload (StatefulSet selector)', () => {
  const pods = [web('a', 'node-1')];
  const workloads = [{ namespace: 'default', selector: { matchLabels: { app: 'web' } } }];
  const snap = mkSnapshot({ nodes: threeNodes().slice(0, 2), pods, workloads });
  assert.equal(nodeOf(schedule(mkPod('b', {}, { app: 'web' }), snap)), 'node-2');
});
