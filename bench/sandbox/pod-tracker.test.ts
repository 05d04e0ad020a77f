import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countOutOfOrder, isPodReady, PodTracker } from './pod-tracker.ts';

const ev = (type: string, name: string, ready: boolean, node?: string): string =>
  JSON.stringify({
    type,
    object: {
      metadata: { name },
      spec: node ? { nodeName: node } : {},
      status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    },
  });

test('isPodReady reads the Ready condition', () => {
  assert.equal(isPodReady({ status: { conditions: [{ type: 'Ready', status: 'True' }] } }), true);
  assert.equal(isPodReady({ status: {} }), false);
});

test('records first-seen and first-Ready times, nodes, and forgets deleted pods', async () => {
  const t = new PodTracker();
  const twoReady = t.until('2 ready', () => t.readyCount() === 2, 1000);
  t.observe(ev('ADDED', 'a', false), 10);
  t.observe(ev('MODIFIED', 'a', false, 'node-1'), 12);
  t.observe(ev('ADDED', 'b', false, 'node-2'), 11);
  t.observe('not json', 13);
  t.observe(ev('MODIFIED', 'a', true, 'node-1'), 20);
  t.observe(ev('MODIFIED', 'a', true, 'node-1'), 25);
  t.observe(ev('MODIFIED', 'b', true, 'node-2'), 30);
  await twoReady;
  assert.deepEqual(t.times(), [
    { seen: 10, node: 'node-1', scheduled: 12, ready: 20 },
    { seen: 11, node: 'node-2', scheduled: 11, ready: 30 },
  ]);
  assert.deepEqual(t.perNode(), { 'node-1': 1, 'node-2': 1 });
  t.observe(ev('DELETED', 'a', false), 40);
  assert.equal(t.count(), 1);
  await assert.rejects(
    t.until('none', () => t.count() === 0, 10),
    /timed out after 10 ms waiting for none/,
  );
});

test('countOutOfOrder counts StatefulSet pods created before their predecessor was Ready', () => {
  const pods: [string, { seen: number; ready?: number }][] = [
    ['web-0', { seen: 0, ready: 10 }],
    ['web-1', { seen: 11, ready: 20 }],
    ['web-2', { seen: 15 }],
    ['web-3', { seen: 16 }],
    ['other-1', { seen: 0 }],
  ];
  assert.equal(countOutOfOrder('web', pods), 2);
  assert.equal(countOutOfOrder('web', pods.slice(0, 2)), 0);
});
