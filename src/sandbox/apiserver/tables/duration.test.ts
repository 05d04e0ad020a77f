import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanDuration, since } from './duration.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

void test('humanDuration matches upstream boundaries', () => {
  const cases: [number, string][] = [
    [-2 * S, '<invalid>'],
    [-1.5 * S, '0s'],
    [-500, '0s'],
    [0, '0s'],
    [999, '0s'],
    [5 * S, '5s'],
    [119 * S, '119s'],
    [120 * S, '2m'],
    [182 * S, '3m2s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M, '10m'],
    [10 * M + 30 * S, '10m'],
    [179 * M, '179m'],
    [3 * H, '3h'],
    [3 * H + 15 * M, '3h15m'],
    [7 * H + 59 * M, '7h59m'],
    [8 * H + 30 * M, '8h'],
    [47 * H + 59 * M, '47h'],
    [48 * H, '2d'],
    [2 * D + 3 * H, '2d3h'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'],
    [729 * D, '729d'],
    [730 * D, '2y'],
    [731 * D, '2y1d'],
    [5 * 365 * D, '5y'],
    [8 * 365 * D - H, '7y364d'],
    [8 * 365 * D, '8y'],
    [3000 * D, '8y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
});

void test('since prints <unknown> for unset timestamps and parses micro-times', () => {
  const now = new Date('2024-06-01T12:00:00Z');
  assert.equal(since(undefined, now), '<unknown>');
  assert.equal(since('', now), '<unknown>');
  assert.equal(since('2024-06-01T11:55:00Z', now), '5m');
  assert.equal(since('2024-06-01T11:59:30.123456Z', now), '29s');
});
