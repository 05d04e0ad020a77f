// Operator benchmark: a sandbox with the operator (test/operator/harness.ts); apply → Ready of a
// 3-instance cluster; many single-instance clusters to Ready; the reconcile latency of spec
// changes in a burst and one at a time; the operator's memory idle, loaded and at its peak.
// Usage: node bench/operator/run.ts [--clusters 50] [--reps 3] [--samples 5] [--timeout 900]
//   [--out FILE]
// STEWARD_KEEP_TEST_DIR=1 keeps the sandbox directory (operator.log, the pods' logs).
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { format } from 'prettier';
import { KNOB, SMALL_PARAMETERS, smallName } from './manifests.ts';
import { peakIn, promValue, RssSampler } from './memory.ts';
import { parseOptions, USAGE, type BenchOptions } from './options.ts';
import { applyToReady, burst, createMany, message, oneAtATime, sleep, type Ctx } from './phases.ts';
import {
  formatTable,
  readySpread,
  type MemoryPoint,
  type OperatorBenchResults,
  type ReadyRep,
} from './report.ts';
import { UPSTREAM_TIMINGS } from '../../src/sandbox/config.ts';
import { BenchSandbox, ClusterWatch } from './sandbox.ts';

const NODES = 3;
/** Quiet time before a memory reading, so start-up or creation garbage can be collected. */
const SETTLE_MS = 10_000;
const log = (msg: string): boolean => process.stderr.write(`… ${msg}\n`);

let opts: BenchOptions;
try {
  opts = parseOptions(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${message(err)}\n${USAGE}\n`);
  process.exit(2);
}

const s = new BenchSandbox();
let watch: ClusterWatch | null = null;
let sampler: RssSampler | null = null;
let stopped: Promise<void> | null = null;
/** Stops the sampler, the watch, the operator and the sandbox (with every pod) once. */
function stopAll(): Promise<void> {
  stopped ??= (async () => {
    sampler?.stop();
    await watch?.stop().catch(() => undefined);
    if (process.env['STEWARD_KEEP_TEST_DIR'] === '1' && s.t) log(`keeping ${s.t.dir}`);
    await s.stop().catch((err: unknown) => void log(`stopping the sandbox: ${message(err)}`));
  })();
  return stopped;
}

let interrupted = false;
/** Ctrl-C, SIGTERM or a crash: stop every process, then exit. */
function abort(why: string, code: number): void {
  if (interrupted) return;
  interrupted = true;
  log(`${why}: stopping every process`);
  void stopAll().finally(() => process.exit(code));
}
process.on('SIGINT', (sig) => abort(sig, 130));
process.on('SIGTERM', (sig) => abort(sig, 143));
process.on('uncaughtException', (err) => abort(`uncaught ${err.stack ?? err.message}`, 1));
process.on('unhandledRejection', (err) => abort(`unhandled rejection ${message(err)}`, 1));

async function memoryNow(): Promise<MemoryPoint> {
  try {
    const text = await s.metrics();
    return {
      rssBytes: promValue(text, 'process_resident_memory_bytes'),
      heapUsedBytes: promValue(text, 'nodejs_heap_size_used_bytes'),
    };
  } catch {
    return { rssBytes: s.procBytes('VmRSS'), heapUsedBytes: null };
  }
}

async function waitLeading(ctx: Ctx): Promise<void> {
  const deadline = ctx.now() + ctx.timeoutMs;
  while (ctx.now() < deadline) {
    const leading = await s.metrics().then(
      (t) => promValue(t, 'steward_leader') === 1,
      () => false,
    );
    if (leading) return;
    await sleep(500);
  }
  throw new Error('the operator did not become leader in time');
}

async function start(now: () => number): Promise<Ctx> {
  log(`starting the sandbox (${NODES} nodes, upstream timings) and the operator`);
  // Upstream node-health timings: with fifty clusters starting on two cores a kubelet may miss a
  // compressed 4 s grace period, and the evictions that follow would be measured instead.
  await s.start(NODES, UPSTREAM_TIMINGS);
  log(`sandbox in ${s.t.dir}`);
  watch = new ClusterWatch(s.t.kubeconfig, now);
  await watch.start();
  sampler = new RssSampler({ readRss: () => s.procBytes('VmRSS'), now, everyMs: 250 });
  const ctx: Ctx = { s, watch, sampler, timeoutMs: opts.timeoutMs, now, log };
  await waitLeading(ctx);
  return ctx;
}

async function readyReps(ctx: Ctx): Promise<ReadyRep[]> {
  const reps: ReadyRep[] = [];
  for (let rep = 1; rep <= opts.reps && !interrupted; rep++) {
    log(`apply → Ready of a 3-instance cluster, ${rep}/${opts.reps}`);
    const r = await applyToReady(ctx, rep);
    log(`  ${r.name}: ${r.ms === null ? `failed: ${r.error ?? ''}` : `${r.ms} ms`}`);
    reps.push(r);
  }
  return reps;
}

async function manyClusters(ctx: Ctx, results: OperatorBenchResults): Promise<void> {
  const names = Array.from({ length: opts.clusters }, (_, i) => smallName(i + 1));
  log(`creating ${names.length} single-instance clusters`);
  results.scale = await createMany(ctx, names);
  log(`  ${results.scale.ready}/${names.length} Ready`);
  if (results.scale.error !== null || interrupted) return;
  await sleep(SETTLE_MS);
  results.memory.loaded = await memoryNow();
  log(`burst: one kubectl apply changing ${KNOB} on every cluster`);
  results.burst = await burst(ctx, names, '60000');
  if (opts.samples === 0 || interrupted) return;
  await sleep(SETTLE_MS);
  log(`${opts.samples} changes one at a time`);
  const few = names.slice(0, opts.samples);
  results.oneAtATime = await oneAtATime(ctx, few, (i) => String(60001 + i));
}

/** The memory after the reconcile measurements, when the clusters were all up. */
async function endMemory(results: OperatorBenchResults): Promise<void> {
  if (results.memory.loaded === null || interrupted) return;
  await sleep(SETTLE_MS);
  results.memory.end = await memoryNow();
}

async function main(): Promise<void> {
  const started = performance.now();
  const now = (): number => performance.now();
  const load = (): number => loadavg()[0] ?? 0;
  const results: OperatorBenchResults = {
    node: process.version,
    cpus: availableParallelism(),
    loadAvg: { start: load(), end: 0 },
    config: {
      clusters: opts.clusters,
      reps: opts.reps,
      samples: opts.samples,
      timeoutMs: opts.timeoutMs,
      nodes: NODES,
      parameters: { ...SMALL_PARAMETERS },
      knob: KNOB,
    },
    applyToReady: { reps: [], ms: null },
    scale: null,
    burst: null,
    oneAtATime: null,
    memory: { idle: null, loaded: null, end: null, peakRssBytes: null, highWaterMarkBytes: null },
    totalMs: 0,
  };
  try {
    const ctx = await start(now);
    await sleep(SETTLE_MS);
    results.memory.idle = await memoryNow();
    results.applyToReady.reps = await readyReps(ctx);
    results.applyToReady.ms = readySpread(results.applyToReady.reps);
    if (!interrupted) await manyClusters(ctx, results);
    await endMemory(results);
    results.memory.highWaterMarkBytes = s.procBytes('VmHWM');
    results.memory.peakRssBytes = peakIn(ctx.sampler.samples, 0, Infinity);
  } finally {
    await stopAll();
  }
  results.loadAvg.end = load();
  results.totalMs = Math.round(performance.now() - started);
  process.stdout.write(`${formatTable(results)}\n`);
  // Formatted as the repository's formatter would, so `npm run check` passes on a fresh run.
  const json = await format(JSON.stringify(results), { parser: 'json' });
  writeFileSync(opts.out ?? join(import.meta.dirname, 'results.json'), json);
}

await main();
