import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schedule } from './schedule.ts';
import { mkNode, mkPod, mkSnapshot, threeNodes } from './fixtures.ts';
import type { Pod, PodAffinityTerm, ScheduleResult } from './types.ts';

const nodeOf = (r: ScheduleResult): string => {
  assert.ok('node' in r, 'unschedulable' in r ? r.unschedulable.message : '');
  return r.node;
};
const reasonsOf = (r: ScheduleResult): string => {
  assert.ok('unschedulable' in r);
  return r.unschedulable.message.split(' preemption:')[0] ?? '';
};
const term = (app: string, topologyKey: string, extra: Partial<PodAffinityTerm> = {}) => ({
  labelSelector: { matchLabels: { app } },
  topologyKey,
  ...extra,
});
const anti = (t: PodAffinityTerm) => ({
  affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] } },
});
const affine = (t: PodAffinityTerm) => ({
  affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] } },
});
const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

test('required anti-affinity on hostname spreads replicas one per node, then fails', () => {
  const snap = mkSnapshot({ nodes: threeNodes() });
  const placed: Pod[] = [];
  for (let i = 0; i < 3; i++) {
    const pod = mkPod(`db-${String(i)}`, anti(term('db', HOST)), { app: 'db' });
    const node = nodeOf(schedule(pod, { ...snap, pods: placed }));
    placed.push({ ...pod, spec: { ...pod.spec, nodeName: node } });
  }
  assert.deepEqual(placed.map((p) => p.spec.nodeName).sort(), ['node-1', 'node-2', 'node-3']);
  const fourth = mkPod('db-3', anti(term('db', HOST)), { app: 'db' });
  assert.equal(
    reasonsOf(schedule(fourth, { ...snap, pods: placed })),
    "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.",
  );
});

test('anti-affinity on zone: nodes sharing a zone are excluded together', () => {
  const nodes = [
    mkNode('n1', { zone: 'a' }),
    mkNode('n2', { zone: 'a' }),
    mkNode('n3', { zone: 'b' }),
  ];
  const pods = [mkPod('x', { nodeName: 'n1' }, { app: 'db' })];
  assert.equal(
    nodeOf(schedule(mkPod('y', anti(term('db', ZONE))), mkSnapshot({ nodes, pods }))),
    'n3',
  );
});

test("existing pods' anti-affinity repels a matching newcomer", () => {
  const pods = [mkPod('x', { nodeName: 'node-1', ...anti(term('web', HOST)) }, { app: 'db' })];
  const nodes = [mkNode('node-1')];
  assert.equal(
    reasonsOf(schedule(mkPod('w', {}, { app: 'web' }), mkSnapshot({ nodes, pods }))),
    "0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules.",
  );
});

test('anti-affinity only counts the namespaces of the term', () => {
  const pods = [mkPod('x', { nodeName: 'node-1' }, { app: 'db' }, 'other')];
  const snap = mkSnapshot({
    nodes: [mkNode('node-1')],
    pods,
    namespaces: { default: {}, other: { team: 'a' } },
  });
  assert.equal(nodeOf(schedule(mkPod('y', anti(term('db', HOST))), snap)), 'node-1');
  const sel = anti(term('db', HOST, { namespaceSelector: { matchLabels: { team: 'a' } } }));
  assert.ok('unschedulable' in schedule(mkPod('y', sel), snap));
  const all = anti(term('db', HOST, { namespaceSelector: {} }));
  assert.ok('unschedulable' in schedule(mkPod('y', all), snap));
});

test('required affinity: co-locates in the topology; first pod of a self-affine group goes anywhere', () => {
  const snap = mkSnapshot({ nodes: threeNodes() });
  const first = mkPod('a', affine(term('cache', ZONE)), { app: 'cache' });
  assert.equal(nodeOf(schedule(first, snap)), 'node-1');
  const pods = [mkPod('c', { nodeName: 'node-3' }, { app: 'cache' })];
  assert.equal(
    nodeOf(schedule(mkPod('w', affine(term('cache', ZONE))), { ...snap, pods })),
    'node-3',
  );
  assert.equal(
    reasonsOf(schedule(mkPod('w', affine(term('nothing', ZONE))), snap)),
    "0/3 nodes are available: 3 node(s) didn't match pod affinity rules.",
  );
});

test('preferred anti-affinity steers away, preferred affinity steers towards', () => {
  const pods = [mkPod('x', { nodeName: 'node-1' }, { app: 'db' })];
  const snap = mkSnapshot({ nodes: threeNodes().slice(0, 2), pods });
  const pref = (kind: 'podAffinity' | 'podAntiAffinity') =>
    mkPod('p', {
      affinity: {
        [kind]: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: 100, podAffinityTerm: term('db', HOST) },
          ],
        },
      },
    });
  assert.equal(nodeOf(schedule(pref('podAntiAffinity'), snap)), 'node-2');
  assert.equal(nodeOf(schedule(pref('podAffinity'), snap)), 'node-1');
});
