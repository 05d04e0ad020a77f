import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timeline, viewOf, type ClusterView } from './timeline.ts';

test('viewOf: Ready needs the phase and the Ready condition', () => {
  const ready = {
    metadata: { name: 'a', generation: 2 },
    status: {
      phase: 'Ready',
      observedGeneration: 2,
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
  assert.deepEqual(viewOf(ready), { name: 'a', generation: 2, observedGeneration: 2, ready: true });
  const noCondition = { ...ready, status: { ...ready.status, conditions: [] } };
  assert.equal(viewOf(noCondition).ready, false);
  assert.deepEqual(viewOf({ metadata: { name: 'b' } }), {
    name: 'b',
    generation: 0,
    observedGeneration: null,
    ready: false,
  });
});

test('Timeline keeps the first time of each generation, observedGeneration and Ready', () => {
  const t = new Timeline();
  const v = (generation: number, og: number | null, ready = false): ClusterView => ({
    name: 'a',
    generation,
    observedGeneration: og,
    ready,
  });
  t.record(v(1, null), 0);
  t.record(v(1, 1), 100);
  t.record(v(1, 1, true), 900);
  t.record(v(1, 1, true), 950);
  t.record(v(2, 1, true), 1000);
  t.record(v(2, 1, true), 1010);
  t.record(v(2, 2, true), 1200);
  assert.equal(t.readyAt('a'), 900);
  assert.equal(t.generation('a'), 2);
  assert.equal(t.generationSeenAt('a', 2), 1000);
  assert.equal(t.observedAt('a', 1), 100);
  assert.equal(t.observedAt('a', 2), 1200);
  assert.equal(t.observedAt('a', 3), null);
  assert.equal(t.readyAt('b'), null);
  t.forget('a');
  assert.equal(t.generation('a'), null);
});

test('a generation skipped over counts as reached', () => {
  const t = new Timeline();
  t.record({ name: 'a', generation: 3, observedGeneration: 1, ready: true }, 10);
  t.record({ name: 'a', generation: 3, observedGeneration: 3, ready: true }, 40);
  assert.equal(t.generationSeenAt('a', 2), 10);
  assert.equal(t.observedAt('a', 2), 40);
});
