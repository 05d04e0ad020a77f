import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verdict } from './report.ts';

const lat = (p99: number) => ({ n: 1, p50: 1, p99, max: p99, mean: 1 });

test('verdict passes only when both p99s are under the limit', () => {
  assert.equal(verdict(lat(4.9), lat(1), 5).pass, true);
  assert.equal(verdict(lat(5), lat(1), 5).pass, false);
  assert.deepEqual(verdict(lat(1), lat(7), 5), {
    limitMs: 5,
    createP99: 1,
    getP99: 7,
    pass: false,
  });
});
