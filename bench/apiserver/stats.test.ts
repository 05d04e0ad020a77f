import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentile, perSecond, summarize } from './stats.ts';

test('percentile uses the nearest rank', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(xs, 50), 50);
  assert.equal(percentile(xs, 99), 99);
  assert.equal(percentile(xs, 100), 100);
  assert.equal(percentile([7], 99), 7);
  assert.equal(percentile([], 50), 0);
});

test('summarize sorts a copy and reports n, p50, p99, max, mean', () => {
  const xs = [3, 1, 2, 4];
  assert.deepEqual(summarize(xs), { n: 4, p50: 2, p99: 4, max: 4, mean: 2.5 });
  assert.deepEqual(xs, [3, 1, 2, 4]);
});

test('perSecond guards against zero time', () => {
  assert.equal(perSecond(1000, 500), 2000);
  assert.equal(perSecond(10, 0), 0);
});
