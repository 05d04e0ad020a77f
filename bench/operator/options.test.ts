import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptions } from './options.ts';

test('defaults: 50 clusters, 3 repetitions, 5 samples, 900 s per wait', () => {
  assert.deepEqual(parseOptions([]), {
    clusters: 50,
    reps: 3,
    samples: 5,
    timeoutMs: 900_000,
    out: null,
  });
});

test('options are parsed; samples never exceed the clusters', () => {
  const o = parseOptions(['--clusters', '5', '--reps', '1', '--timeout', '60', '--out', 'x.json']);
  assert.deepEqual(o, { clusters: 5, reps: 1, samples: 5, timeoutMs: 60_000, out: 'x.json' });
  assert.equal(parseOptions(['--clusters', '2', '--samples', '9']).samples, 2);
  assert.equal(parseOptions(['--samples', '0']).samples, 0);
});

test('bad or unbounded options are refused with the option named', () => {
  assert.throws(() => parseOptions(['--clusters', '0']), /--clusters/);
  assert.throws(() => parseOptions(['--clusters', '201']), /--clusters/);
  assert.throws(() => parseOptions(['--reps', '2x']), /--reps/);
  assert.throws(() => parseOptions(['--reps', '21']), /--reps/);
  assert.throws(() => parseOptions(['--timeout', '5']), /--timeout/);
  assert.throws(() => parseOptions(['--samples', '-1']));
  assert.throws(() => parseOptions(['--nope']));
});
