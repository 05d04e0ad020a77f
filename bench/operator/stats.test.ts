import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latencyOf, percentile, spreadOf } from './stats.ts';

test('spreadOf: min, median (mean of the middle two when even), max', () => {
  assert.deepEqual(spreadOf([3, 1, 2]), { n: 3, min: 1, median: 2, max: 3 });
  assert.deepEqual(spreadOf([4, 1, 2, 3]), { n: 4, min: 1, median: 2.5, max: 4 });
  assert.deepEqual(spreadOf([7]), { n: 1, min: 7, median: 7, max: 7 });
  assert.equal(spreadOf([]), null);
});

test('percentile is nearest-rank: always an observed value', () => {
  const xs = Array.from({ length: 20 }, (_, i) => 20 - i); // 20..1, unsorted on purpose
  assert.equal(percentile(xs, 50), 10);
  assert.equal(percentile(xs, 95), 19);
  assert.equal(percentile(xs, 100), 20);
  assert.equal(percentile(xs, 1), 1);
  assert.equal(percentile([5], 95), 5);
  assert.equal(percentile([1, 2], 50), 1);
  assert.equal(percentile([], 50), null);
});

test('latencyOf: p50, p95, max over 50 values', () => {
  const xs = Array.from({ length: 50 }, (_, i) => (i + 1) * 10);
  assert.deepEqual(latencyOf(xs), { n: 50, p50: 250, p95: 480, max: 500 });
  assert.equal(latencyOf([]), null);
});
