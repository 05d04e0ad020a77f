// Failover benchmark: a 3-member cluster of instance agents (test/instance/harness.ts) with the
// default timings; for each fault kind, repetitions of fault → recovery → heal with a writer on
// the read-write path, measuring the write outage, lost acknowledged writes and split brain.
// Usage: node bench/failover/run.ts [--reps 5] [--timings 15,10,2]
//   [--faults kill,freeze,partition,agent-freeze,crash,switchover] [--sync off|quorum|strict]
//   [--rep-timeout 120] [--out FILE]
// STEWARD_KEEP_TEST_DIR=1 keeps the cluster directory (agent.log of every member).
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { format } from 'prettier';
import { AgentCluster, type ClusterOptions } from '../../test/instance/harness.ts';
import { prepareCluster } from './cluster.ts';
import { parseOptions, USAGE, type BenchOptions, type FaultKind } from './options.ts';
import { PROBE_EVERY_MS, runRepetition, WRITER_EVERY_MS } from './repetition.ts';
import { formatTable, summarizeFault, type FailoverResults, type RepResult } from './report.ts';

const MEMBERS = 3;
const log = (msg: string): boolean => process.stderr.write(`… ${msg}\n`);
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

let opts: BenchOptions;
try {
  opts = parseOptions(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${message(err)}\n${USAGE}\n`);
  process.exit(2);
}
const sync = opts.sync !== 'off';
const clusterOptions: ClusterOptions = {
  members: MEMBERS,
  timings: opts.timings,
  synchronous: { mode: opts.sync, number: 1 },
};

/** Stops a cluster once, however many callers ask (the main path and a signal handler). */
const stopping = new WeakMap<AgentCluster, Promise<void>>();
function stopCluster(c: AgentCluster): Promise<void> {
  let p = stopping.get(c);
  if (!p) {
    if (process.env['STEWARD_KEEP_TEST_DIR'] === '1' && c.t) log(`keeping ${c.t.dir}`);
    p = c.stop().catch((err: unknown) => void log(`stopping the cluster: ${message(err)}`));
    stopping.set(c, p);
  }
  return p;
}

let current: AgentCluster | null = null;
let interrupted = false;
/** Ctrl-C, SIGTERM or a crash: stop every process of the cluster, then exit. */
function abort(why: string, code: number): void {
  if (interrupted) return;
  interrupted = true;
  log(`${why}: stopping every process`);
  void (current ? stopCluster(current) : Promise.resolve()).finally(() => process.exit(code));
}
process.on('SIGINT', (sig) => abort(sig, 130));
process.on('SIGTERM', (sig) => abort(sig, 143));
process.on('uncaughtException', (err) => abort(`uncaught ${err.stack ?? err.message}`, 1));
process.on('unhandledRejection', (err) => abort(`unhandled rejection ${message(err)}`, 1));

async function freshCluster(): Promise<AgentCluster> {
  const c = new AgentCluster(clusterOptions);
  current = c;
  log(
    `starting ${MEMBERS} members (timings ${opts.timings.join('/')} s, synchronous ${opts.sync})`,
  );
  try {
    await prepareCluster(c, sync);
  } catch (err) {
    await stopCluster(c);
    throw err;
  }
  return c;
}

function failedRep(fault: FaultKind, rep: number, error: string): RepResult {
  return {
    fault,
    rep,
    ok: false,
    error,
    faultAt: null,
    oldPrimary: '?',
    newPrimary: null,
    outageMs: null,
    resumedAfterMs: null,
    oldAcksAfterFault: 0,
    oldWritesForMs: null,
    healGapMs: null,
    healMs: null,
    acked: 0,
    lost: null,
    lostIds: [],
    overlap: null,
  };
}

function describe(r: RepResult): string {
  const s = (ms: number | null): string => (ms === null ? '—' : `${(ms / 1000).toFixed(2)} s`);
  const o = r.overlap ? `, overlap ${r.overlap.writes} writes/${r.overlap.ms} ms` : '';
  const w = r.oldWritesForMs === null ? '' : `, old primary wrote for ${s(r.oldWritesForMs)}`;
  const e = r.error ? ` — ${r.error}` : '';
  return (
    `${r.fault} ${r.rep} at ${r.faultAt ?? '?'}: ${r.oldPrimary} → ${r.newPrimary ?? '?'}, outage ${s(r.outageMs)}${w}, ` +
    `resumed after ${s(r.resumedAfterMs)}, lost ${r.lost ?? '?'}/${r.acked}${o}, heal ${s(r.healMs)}${e}`
  );
}

/** Runs every repetition; rebuilds the cluster when it is not healthy after one. */
async function runAll(reps: RepResult[]): Promise<number> {
  let id = 0;
  const nextId = (): number => ++id;
  let rebuilds = 0;
  let c = await freshCluster();
  try {
    for (const fault of opts.faults) {
      for (let rep = 1; rep <= opts.reps && !interrupted; rep++) {
        log(`${fault} ${rep}/${opts.reps}`);
        const deps = { c, sync, timeoutMs: opts.repTimeoutMs, nextId, log };
        const out = await runRepetition(deps, fault, rep).catch((err: unknown) => ({
          result: failedRep(fault, rep, message(err)),
          healthy: false,
        }));
        reps.push(out.result);
        log(describe(out.result));
        if (!out.healthy && !interrupted) {
          log('the cluster is not healthy: rebuilding it');
          await stopCluster(c);
          rebuilds++;
          c = await freshCluster();
        }
      }
    }
  } finally {
    await stopCluster(c);
  }
  return rebuilds;
}

async function main(): Promise<void> {
  const started = performance.now();
  const load = (): number => loadavg()[0] ?? 0;
  const loadStart = load();
  const reps: RepResult[] = [];
  const clusterRebuilds = await runAll(reps);
  const [leaseSeconds, renewSeconds, retrySeconds] = opts.timings;
  const results: FailoverResults = {
    node: process.version,
    cpus: availableParallelism(),
    loadAvg: { start: loadStart, end: load() },
    config: {
      members: MEMBERS,
      reps: opts.reps,
      timings: { leaseSeconds, renewSeconds, retrySeconds },
      sync: opts.sync,
      faults: opts.faults,
      writerEveryMs: WRITER_EVERY_MS,
      probeEveryMs: PROBE_EVERY_MS,
      repTimeoutMs: opts.repTimeoutMs,
    },
    summary: opts.faults.map((f) => summarizeFault(f, reps)),
    repetitions: reps,
    clusterRebuilds,
    totalMs: Math.round(performance.now() - started),
  };
  process.stdout.write(`${formatTable(results)}\n`);
  // Formatted as the repository's formatter would, so `npm run check` passes on a fresh run.
  const json = await format(JSON.stringify(results), { parser: 'json' });
  writeFileSync(opts.out ?? join(import.meta.dirname, 'results.json'), json);
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

await main();
