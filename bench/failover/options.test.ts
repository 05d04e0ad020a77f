import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULT_KINDS, parseOptions } from './options.ts';

test('defaults: 5 repetitions of every fault with the default timings, asynchronous', () => {
  assert.deepEqual(parseOptions([]), {
    reps: 5,
    timings: [15, 10, 2],
    faults: [...FAULT_KINDS],
    sync: 'off',
    repTimeoutMs: 120_000,
    out: null,
  });
});

test('options are parsed and duplicates of a fault dropped', () => {
  const o = parseOptions(['--reps', '7', '--timings', '8,6,1', '--faults', 'crash, kill,crash']);
  assert.deepEqual([o.reps, o.timings, o.faults], [7, [8, 6, 1], ['crash', 'kill']]);
  assert.equal(parseOptions(['--sync', 'quorum']).sync, 'quorum');
  assert.equal(parseOptions(['--rep-timeout', '30']).repTimeoutMs, 30_000);
  assert.equal(parseOptions(['--out', 'x.json']).out, 'x.json');
});

test('bad options are refused with the option named', () => {
  assert.throws(() => parseOptions(['--reps', '0']), /--reps/);
  assert.throws(() => parseOptions(['--reps', '2x']), /--reps/);
  assert.throws(() => parseOptions(['--timings', '15,10']), /--timings/);
  assert.throws(() => parseOptions(['--timings', '10,15,2']), /retry < renew < lease/);
  assert.throws(() => parseOptions(['--faults', 'kill,meteor']), /--faults/);
  assert.throws(() => parseOptions(['--sync', 'maybe']), /--sync/);
  assert.throws(() => parseOptions(['--nope']));
});
