import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dur,
  formatTable,
  mib,
  readySpread,
  type OperatorBenchResults,
  type ReconcileResult,
} from './report.ts';

const reconcile = (over: Partial<ReconcileResult> = {}): ReconcileResult => ({
  clusters: 50,
  observed: 50,
  latencyMs: { n: 50, p50: 420, p95: 1800, max: 2100 },
  issuedToObservedMs: { n: 50, p50: 900, p95: 2600, max: 2900 },
  spanMs: 3100,
  reconciles: 112,
  reconcileErrors: 0,
  peakRssBytes: 150 * 1024 * 1024,
  error: null,
  ...over,
});

function results(): OperatorBenchResults {
  return {
    node: 'v24.0.0',
    cpus: 2,
    loadAvg: { start: 1, end: 2.5 },
    config: {
      clusters: 50,
      reps: 2,
      samples: 5,
      timeoutMs: 600_000,
      nodes: 3,
      parameters: { shared_buffers: '16MB', max_connections: '20' },
      knob: 'log_min_duration_statement',
    },
    applyToReady: {
      reps: [
        { rep: 1, name: 'ready-1', ms: 41_000, applyMs: 300, error: null },
        { rep: 2, name: 'ready-2', ms: null, applyMs: 310, error: 'timed out' },
      ],
      ms: { n: 1, min: 41_000, median: 41_000, max: 41_000 },
    },
    scale: {
      clusters: 50,
      ready: 50,
      applyMs: 2000,
      allReadyMs: 95_000,
      readyMs: { n: 50, p50: 60_000, p95: 90_000, max: 95_000 },
      error: null,
    },
    burst: reconcile(),
    oneAtATime: reconcile({ observed: 5, spanMs: null, reconciles: null }),
    memory: {
      idle: { rssBytes: 80 * 1024 * 1024, heapUsedBytes: 20 * 1024 * 1024 },
      loaded: { rssBytes: 120 * 1024 * 1024, heapUsedBytes: 40 * 1024 * 1024 },
      end: { rssBytes: 125 * 1024 * 1024, heapUsedBytes: 41 * 1024 * 1024 },
      peakRssBytes: 150 * 1024 * 1024,
      highWaterMarkBytes: 160 * 1024 * 1024,
    },
    totalMs: 600_000,
  };
}

test('dur and mib', () => {
  assert.equal(dur(null), '—');
  assert.equal(dur(420.4), '420 ms');
  assert.equal(dur(1234), '1.23 s');
  assert.equal(dur(95_000), '95.0 s');
  assert.equal(mib(150 * 1024 * 1024), '150.0 MiB');
  assert.equal(mib(null), '—');
});

test('readySpread counts only the repetitions that reached Ready', () => {
  assert.deepEqual(readySpread(results().applyToReady.reps), {
    n: 1,
    min: 41_000,
    median: 41_000,
    max: 41_000,
  });
  assert.equal(readySpread([]), null);
});

test('formatTable shows every figure and every failure', () => {
  const t = formatTable(results());
  assert.match(t, /apply → Ready, one 3-instance cluster \(1\/2 repetitions Ready\)/);
  assert.match(t, /min 41\.0 s, median 41\.0 s, max 41\.0 s/);
  assert.match(t, /FAILED: ready-2: timed out/);
  assert.match(t, /50\/50 Ready, all Ready after 95\.0 s \(per cluster p50 60\.0 s, p95 90\.0 s\)/);
  assert.match(
    t,
    /burst of 50 +50 +420 ms +1\.80 s +2\.10 s +900 ms +2\.60 s +2\.90 s +112 reconciles \(0 failed\), all observed after 3\.10 s/,
  );
  assert.match(t, /one at a time +5 +420 ms/);
  assert.match(t, /idle, no cluster +80\.0 MiB +heap used 20\.0 MiB/);
  assert.match(t, /with 50 clusters, settled +120\.0 MiB/);
  assert.match(t, /the same, after the changes +125\.0 MiB +heap used 41\.0 MiB/);
  assert.match(t, /peak during the burst +150\.0 MiB/);
  assert.match(t, /total 600\.0 s/);
});

test('formatTable without the scale phase (it failed early) still renders', () => {
  const r = { ...results(), scale: null, burst: null, oneAtATime: null };
  r.memory = { idle: null, loaded: null, end: null, peakRssBytes: null, highWaterMarkBytes: null };
  const t = formatTable(r);
  assert.doesNotMatch(t, /burst of/);
  assert.match(t, /peak during the burst +—/);
});
