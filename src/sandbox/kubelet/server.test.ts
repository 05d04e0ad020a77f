import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tailText } from './log-reader.ts';
import { newRecord } from './records.ts';
import { frame, logInstance, parseFrames } from './server.ts';

test('exec frames round-trip', () => {
  const buf = Buffer.concat([
    frame(1, Buffer.from('out')),
    frame(2, Buffer.from('err')),
    frame(3, Buffer.from('{}')),
  ]);
  assert.deepEqual(
    parseFrames(buf).map((f) => [f.channel, f.payload.toString()]),
    [
      [1, 'out'],
      [2, 'err'],
      [3, '{}'],
    ],
  );
});

test('tailText keeps the last lines', () => {
  assert.equal(tailText('a\nb\nc\n', 2), 'b\nc\n');
  assert.equal(tailText('a\nb', 1), 'b');
  assert.equal(tailText('a\n', 0), '');
});

test('logInstance: current, previous after a restart, previous while crash-looping', () => {
  const rec = { ...newRecord('c', 'i', false), restartCount: 2 };
  assert.equal(logInstance(rec, false), 2);
  assert.equal(logInstance(rec, true), undefined);
  const t = { exitCode: 1, reason: 'Error', startedAt: 0, finishedAt: 0, containerID: 'x' };
  assert.equal(logInstance({ ...rec, lastTerminated: t, waiting: undefined } as never, true), 1);
  assert.equal(
    logInstance({ ...rec, terminated: t, waiting: { reason: 'CrashLoopBackOff' } }, true),
    2,
  );
});
