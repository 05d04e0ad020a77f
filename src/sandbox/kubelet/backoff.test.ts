import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crashLoopMessage, decideRestart, goDuration } from './backoff.ts';

const cfg = { initialMs: 10_000, maxMs: 300_000, resetMs: 600_000 };

test('restarts at once, then after 10 s, 20 s, 40 s ... capped at 5 min', () => {
  let d = decideRestart(undefined, 0, 0, cfg);
  assert.ok(d.start);
  let entry = d.start ? d.entry : undefined;
  const waits: number[] = [];
  let now = 0;
  for (let i = 0; i < 7; i++) {
    const w = decideRestart(entry, now, now, cfg);
    assert.equal(w.start, false);
    if (!w.start) waits.push(w.waitMs);
    now += w.start ? 0 : w.waitMs;
    d = decideRestart(entry, now - (w.start ? 0 : w.waitMs), now, cfg);
    assert.ok(d.start);
    entry = d.start ? d.entry : undefined;
  }
  assert.deepEqual(waits, [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
});

test('an entry unused for resetMs starts over', () => {
  const d = decideRestart({ backoffMs: 300_000, lastUpdate: 0 }, 700_000, 700_000, cfg);
  assert.ok(d.start && d.entry.backoffMs === 10_000);
});

test('Go durations and the CrashLoopBackOff message', () => {
  assert.deepEqual(
    [goDuration(10_000), goDuration(80_000), goDuration(300_000), goDuration(500)],
    ['10s', '1m20s', '5m0s', '500ms'],
  );
  assert.equal(
    crashLoopMessage(40_000, 'c', { name: 'p', namespace: 'ns', uid: 'u' }),
    'back-off 40s restarting failed container=c pod=p_ns(u)',
  );
});
