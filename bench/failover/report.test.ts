import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FaultKind } from './options.ts';
import {
  formatTable,
  judge,
  summarizeFault,
  type FailoverResults,
  type RepResult,
} from './report.ts';

function rep(fault: FaultKind, n: number, over: Partial<RepResult> = {}): RepResult {
  return {
    fault,
    rep: n,
    ok: true,
    error: null,
    faultAt: '2026-01-01T00:00:00.000Z',
    oldPrimary: 'pg-0',
    newPrimary: 'pg-1',
    outageMs: 1000 * n,
    resumedAfterMs: 1000 * n + 100,
    oldAcksAfterFault: 0,
    oldWritesForMs: null,
    healGapMs: 40,
    healMs: 5000,
    acked: 500,
    lost: 0,
    lostIds: [],
    overlap: null,
    ...over,
  };
}

test('summarizeFault: spreads over successful repetitions, failures counted', () => {
  const reps = [
    rep('kill', 1),
    rep('kill', 2, { lost: 3 }),
    rep('kill', 3, { ok: false, outageMs: null, resumedAfterMs: null, lost: null }),
    rep('crash', 1),
  ];
  const s = summarizeFault('kill', reps);
  assert.equal(s.reps, 3);
  assert.equal(s.failed, 1);
  assert.deepEqual(s.outageMs, { n: 2, min: 1000, median: 1500, max: 2000 });
  assert.deepEqual(s.lost, { n: 2, min: 0, median: 1.5, max: 3 });
  assert.equal(s.lostTotal, 3);
  assert.equal(s.overlap, null);
  assert.match(s.patroni, /28\.5/);
  assert.equal(s.verdict.pass, false);
  assert.match(s.verdict.text, /1 failed/);
});

test('judge: outage median bound, zero overlap, and "no target"', () => {
  const spread = (median: number) => ({ n: 5, min: median, median, max: median });
  const o = (withOverlap: number) => ({ measured: 5, withOverlap, maxWrites: 0, maxMs: 0 });
  assert.equal(judge('kill', { failed: 0, outageMs: spread(16_000), overlap: null }).pass, true);
  assert.equal(judge('kill', { failed: 0, outageMs: spread(17_001), overlap: null }).pass, false);
  assert.equal(judge('switchover', { failed: 0, outageMs: spread(900), overlap: null }).pass, true);
  assert.equal(judge('crash', { failed: 0, outageMs: spread(2500), overlap: null }).pass, false);
  assert.equal(judge('agent-freeze', { failed: 0, outageMs: null, overlap: o(0) }).pass, true);
  assert.equal(judge('agent-freeze', { failed: 0, outageMs: null, overlap: o(1) }).pass, false);
  assert.equal(judge('partition', { failed: 0, outageMs: null, overlap: null }).pass, false);
  const freeze = judge('freeze', { failed: 0, outageMs: spread(12_000), overlap: o(1) });
  assert.deepEqual(freeze, {
    target: 'median outage ≤ 17.00 s, zero overlap',
    pass: false,
    text: 'median 12.00 s, overlap in 1/5',
  });
});

test('formatTable has one row per fault and a comparison line with the Patroni figure', () => {
  const reps = [rep('kill', 1), rep('agent-freeze', 1, { overlap: { writes: 0, ms: 0 } })];
  const r: FailoverResults = {
    node: 'v24',
    cpus: 2,
    loadAvg: { start: 1, end: 2 },
    config: {
      members: 3,
      reps: 1,
      timings: { leaseSeconds: 15, renewSeconds: 10, retrySeconds: 2 },
      sync: 'off',
      faults: ['kill', 'agent-freeze'],
      writerEveryMs: 20,
      probeEveryMs: 50,
      repTimeoutMs: 120_000,
    },
    summary: [summarizeFault('kill', reps), summarizeFault('agent-freeze', reps)],
    repetitions: reps,
    clusterRebuilds: 0,
    totalMs: 1234,
  };
  const text = formatTable(r);
  assert.match(text, /lease 15 s \/ renew 10 s \/ retry 2 s/);
  assert.match(text, /^kill +1\/1 +1\.00 +1\.00 +1\.00/m);
  assert.match(text, /^agent-freeze +1\/1 .* 0\/1 +0$/m);
  assert.match(text, /kill +Patroni: node death 25–30 s.*median 1\.00 s → PASS/);
  assert.match(text, /agent-freeze +Patroni: .*hundreds.*overlap in 0\/1 → PASS/);
});
