import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schedule } from './schedule.ts';
import { mkNode, mkPod, mkSnapshot, threeNodes, withRequests } from './fixtures.ts';
import type { Pod, ScheduleResult } from './types.ts';

const nodeOf = (r: ScheduleResult): string => {
  assert.ok('node' in r, 'unschedulable' in r ? r.unschedulable.message : '');
  return r.node;
};
const messageOf = (r: ScheduleResult): string => {
  assert.ok('unschedulable' in r, 'expected a failure');
  return r.unschedulable.message;
};

const antiAffinity = (app: string, topologyKey = 'kubernetes.io/hostname') => ({
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { app } }, topologyKey },
      ],
    },
  },
});

test('binds a plain pod; ties go to the first node by name, or to the random pick', () => {
  const snap = mkSnapshot({ nodes: threeNodes() });
  assert.equal(nodeOf(schedule(mkPod('p'), snap)), 'node-1');
  assert.equal(nodeOf(schedule(mkPod('p'), snap, { random: () => 0.99 })), 'node-3');
  assert.equal(nodeOf(schedule(mkPod('p'), snap, { random: () => 0.5 })), 'node-2');
});

test('least allocated: prefers the node with the most free cpu and memory', () => {
  const busy = mkPod('busy', { nodeName: 'node-1', ...withRequests('3', '6Gi') });
  const snap = mkSnapshot({ nodes: threeNodes().slice(0, 2), pods: [busy] });
  assert.equal(nodeOf(schedule(mkPod('p', withRequests('100m', '100Mi')), snap)), 'node-2');
});

test('no nodes: upstream message', () => {
  assert.equal(
    messageOf(schedule(mkPod('p'), mkSnapshot({}))),
    'no nodes available to schedule pods',
  );
});

test('cordoned nodes are skipped unless the pod tolerates the unschedulable taint', () => {
  const nodes = [
    mkNode('node-1', { unschedulable: true }),
    mkNode('node-2', { unschedulable: true }),
  ];
  const snap = mkSnapshot({ nodes });
  assert.equal(
    messageOf(schedule(mkPod('p'), snap)),
    '0/2 nodes are available: 2 node(s) were unschedulable. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..',
  );
  const tolerant = mkPod('p', {
    tolerations: [
      { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ],
  });
  assert.equal(nodeOf(schedule(tolerant, snap)), 'node-1');
});

test('the message of the brief: an unreachable taint and anti-affinity', () => {
  const nodes = threeNodes();
  nodes[0]!.spec = { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }] };
  const pods = ['node-2', 'node-3'].map((n, i) =>
    mkPod(`web-${String(i)}`, { nodeName: n }, { app: 'web' }),
  );
  const r = schedule(
    mkPod('web-2', antiAffinity('web'), { app: 'web' }),
    mkSnapshot({ nodes, pods }),
  );
  assert.equal(
    messageOf(r),
    '0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, ' +
      "2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: " +
      '1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..',
  );
});

test('tolerations: Exists, Equal with value, effect-specific; NoExecute counts, PreferNoSchedule does not', () => {
  const taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
  const snap = mkSnapshot({ nodes: [mkNode('node-1', { taints: [taint] })] });
  assert.match(
    messageOf(schedule(mkPod('p'), snap)),
    /1 node\(s\) had untolerated taint \{dedicated: db\}\./,
  );
  for (const t of [
    { key: 'dedicated', operator: 'Exists' },
    { key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' },
    { operator: 'Exists' },
  ]) {
    assert.equal(nodeOf(schedule(mkPod('p', { tolerations: [t] }), snap)), 'node-1');
  }
  const wrong = mkPod('p', { tolerations: [{ key: 'dedicated', value: 'web' }] });
  assert.ok('unschedulable' in schedule(wrong, snap));
  const noExec = mkSnapshot({
    nodes: [mkNode('n', { taints: [{ key: 'k', effect: 'NoExecute' }] })],
  });
  assert.ok('unschedulable' in schedule(mkPod('p'), noExec));
  const prefer = [
    mkNode('node-1', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }),
    mkNode('node-2'),
  ];
  assert.equal(nodeOf(schedule(mkPod('p'), mkSnapshot({ nodes: prefer }))), 'node-2');
});

test('nodeSelector and required node affinity', () => {
  const snap = mkSnapshot({ nodes: threeNodes() });
  assert.equal(
    nodeOf(
      schedule(mkPod('p', { nodeSelector: { 'topology.kubernetes.io/zone': 'zone-c' } }), snap),
    ),
    'node-3',
  );
  const affinity = (operator: string, values: string[]) => ({
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator, values }] },
          ],
        },
      },
    },
  });
  assert.equal(nodeOf(schedule(mkPod('p', affinity('In', ['zone-b'])), snap)), 'node-2');
  assert.equal(nodeOf(schedule(mkPod('p', affinity('NotIn', ['zone-a'])), snap)), 'node-2');
  assert.equal(
    messageOf(schedule(mkPod('p', affinity('In', ['zone-x'])), snap)),
    "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
  );
  const byName = {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-3'] }] },
          ],
        },
      },
    },
  };
  assert.equal(nodeOf(schedule(mkPod('p', byName), snap)), 'node-3');
});

test('preferred node affinity wins over equal nodes', () => {
  const pod = mkPod('p', {
    affinity: {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 50,
            preference: {
              matchExpressions: [
                { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-b'] },
              ],
            },
          },
        ],
      },
    },
  });
  assert.equal(nodeOf(schedule(pod, mkSnapshot({ nodes: threeNodes() }))), 'node-2');
});

test('resources: Insufficient cpu / memory and Too many pods, counted per node', () => {
  const nodes = [mkNode('node-1', { cpu: '1', memory: '1Gi' }), mkNode('node-2', { pods: '1' })];
  const pods = [mkPod('a', { nodeName: 'node-2' })];
  const r = schedule(mkPod('p', withRequests('2', '2Gi')), mkSnapshot({ nodes, pods }));
  assert.equal(
    messageOf(r),
    '0/2 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods. ' +
      'preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
  );
  assert.equal(
    nodeOf(schedule(mkPod('p', withRequests('500m', '512Mi')), mkSnapshot({ nodes, pods }))),
    'node-1',
  );
});

test('resources: requests of pods already on the node count; limits stand in for requests', () => {
  const nodes = [mkNode('node-1', { cpu: '2' })];
  const pods = [mkPod('a', { nodeName: 'node-1', ...withRequests('1500m', '1Gi') })];
  const limitsOnly: Pod = mkPod('p', {
    containers: [{ name: 'c', resources: { limits: { cpu: '1' } } }],
  });
  assert.match(
    messageOf(schedule(limitsOnly, mkSnapshot({ nodes, pods }))),
    /1 Insufficient cpu\./,
  );
  assert.equal(
    nodeOf(schedule(mkPod('p', withRequests('500m', '1Gi')), mkSnapshot({ nodes, pods }))),
    'node-1',
  );
});

test('preemption dry run: lower-priority victims that would make room still report reasons', () => {
  const nodes = [mkNode('node-1', { cpu: '1' })];
  const pods = [mkPod('low', { nodeName: 'node-1', priority: 0, ...withRequests('900m', '1Mi') })];
  const big = mkPod('p', { priority: 1000, ...withRequests('2', '1Mi') });
  assert.equal(
    messageOf(schedule(big, mkSnapshot({ nodes, pods }))),
    '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu..',
  );
  const never = mkPod('p', { preemptionPolicy: 'Never', ...withRequests('2', '1Mi') });
  assert.equal(
    messageOf(schedule(never, mkSnapshot({ nodes, pods }))),
    '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..',
  );
});

test('host ports conflict', () => {
  const port = { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 8080 }] }] };
  const nodes = [mkNode('node-1'), mkNode('node-2')];
  const pods = [mkPod('a', { nodeName: 'node-1', ...port })];
  assert.equal(nodeOf(schedule(mkPod('p', port), mkSnapshot({ nodes, pods }))), 'node-2');
});
