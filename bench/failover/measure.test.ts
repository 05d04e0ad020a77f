import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accepts,
  hasRecovered,
  maxGapMs,
  missingIds,
  overlapOf,
  resumedAt,
  spreadOf,
  type Ack,
} from './measure.ts';

const acks = (member: string, times: number[], firstId = 1): Ack[] =>
  times.map((at, i) => ({ id: firstId + i, at, member }));

test('accepts: another member, a named member, or any', () => {
  assert.equal(accepts({ kind: 'other', than: 'a' }, 'b'), true);
  assert.equal(accepts({ kind: 'other', than: 'a' }, 'a'), false);
  assert.equal(accepts({ kind: 'member', name: 'c' }, 'b'), false);
  assert.equal(accepts({ kind: 'any' }, 'a'), true);
});

test('recovered needs a failure since the fault, then n acks after it on an accepted member', () => {
  const before = acks('a', [0, 20, 40]);
  const after = acks('b', [5000, 5020, 5040], 4);
  const other = { kind: 'other', than: 'a' } as const;
  assert.equal(hasRecovered([...before, ...after], [], 30, other, 3), false, 'no failure yet');
  assert.equal(hasRecovered([...before, ...after], [10], 30, other, 3), false, 'failure before');
  assert.equal(hasRecovered([...before, ...after], [100, 4000], 30, other, 3), true);
  assert.equal(hasRecovered([...before, ...after], [100, 5030], 30, other, 3), false);
  assert.equal(hasRecovered([...before, ...after], [100], 30, other, 4), false, 'too few');
  assert.equal(hasRecovered(acks('a', [0, 500, 520, 540]), [100], 30, other, 3), false);
  assert.equal(hasRecovered(acks('a', [0, 500, 520, 540]), [100], 30, { kind: 'any' }, 3), true);
});

test('resumedAt is the first ack after the last failure since the fault', () => {
  const all = [...acks('a', [0, 20]), ...acks('b', [3000, 3020], 3)];
  assert.equal(resumedAt(all, [500, 2900], 10), 3000);
  assert.equal(resumedAt(all, [5], 10), null);
  assert.equal(resumedAt(all, [4000], 10), null);
});

test('maxGapMs takes the longest gap ending after `from` and starting before `to`', () => {
  const t = [0, 20, 40, 2040, 2060, 2080, 9080, 9100];
  assert.equal(maxGapMs(t, 50, 2070), 2000);
  assert.equal(maxGapMs(t, 30, 3000), 7000);
  assert.equal(maxGapMs(t, 2070, 2080), 20);
  assert.equal(maxGapMs(t, 0, Infinity), 7000);
  assert.equal(maxGapMs(t, 3000, Infinity), 7000);
  assert.equal(maxGapMs(t, 9100, Infinity), 0);
  assert.equal(maxGapMs([], 0, 1), 0);
});

test('missingIds lists acknowledged ids absent from the final primary, ascending', () => {
  assert.deepEqual(missingIds([5, 1, 2, 3, 4], [1, 2, 4, 9]), [3, 5]);
  assert.deepEqual(missingIds([1, 2], [1, 2]), []);
});

test('overlapOf counts old writes after the new primary first write', () => {
  assert.deepEqual(overlapOf([10, 20, 30], [40, 50]), { writes: 0, ms: 0 });
  assert.deepEqual(overlapOf([10, 20, 45, 60], [40, 50]), { writes: 2, ms: 20 });
  assert.equal(overlapOf([], [1]), null);
  assert.equal(overlapOf([1], []), null);
});

test('spreadOf: min, median (mean of the middle two when even), max', () => {
  assert.deepEqual(spreadOf([3, 1, 2]), { n: 3, min: 1, median: 2, max: 3 });
  assert.deepEqual(spreadOf([4, 1, 2, 3]), { n: 4, min: 1, median: 2.5, max: 4 });
  assert.equal(spreadOf([]), null);
});
