// Result shape of one benchmark run, the PASS/FAIL verdict and the human-readable table.
import type { FanOutResult } from './watch-phase.ts';
import type { BatchResult, ListResult } from './phases.ts';
import type { LatencySummary } from './stats.ts';

/** Server memory at one point: kernel RSS after a forced GC, peak RSS, V8 heap in use (bytes). */
export interface MemorySample {
  rssBytes: number;
  hwmBytes: number;
  heapUsedBytes: number;
}

/** Everything one run measured (written to results.json and printed as the last line). */
export interface BenchResults {
  quick: boolean;
  node: string;
  cpus: number;
  /** 1-minute load average of the machine at start and end (other load skews every figure). */
  loadAvg: { start: number; end: number };
  config: {
    objects: number;
    pods: number;
    concurrency: number;
    watchers: number;
    fanOutWrites: number;
    watchWrites: number;
  };
  create: BatchResult;
  get: BatchResult;
  list: { full: ListResult; labelled: ListResult & { selector: string } };
  watch: { latency: LatencySummary; fanOut: FanOutResult };
  update: BatchResult;
  pods: { create: BatchResult; sentBytes: number; storedBytes: number };
  memory: {
    baseline: MemorySample;
    beforePods: MemorySample;
    afterPods: MemorySample;
    bytesPerPod: number;
  };
  /** CPU time the server child used per phase (ms). */
  serverCpuMs: Record<string, number>;
  target: Verdict;
  totalMs: number;
}

/** The target: p99 create and get latency under `limitMs`. */
export interface Verdict {
  limitMs: number;
  createP99: number;
  getP99: number;
  pass: boolean;
}

/** Judges create and get p99 latency against the limit. */
export function verdict(create: LatencySummary, get: LatencySummary, limitMs: number): Verdict {
  return {
    limitMs,
    createP99: create.p99,
    getP99: get.p99,
    pass: create.p99 < limitMs && get.p99 < limitMs,
  };
}

const mb = (b: number): string => `${(b / 1048576).toFixed(1)} MB`;
const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(2));
const pad = (cells: string[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(22) : c.padStart(10))).join(' ');

function batchRow(name: string, b: BatchResult, cpuMs: number | undefined): string {
  return pad([
    name,
    String(b.n),
    String(b.opsPerSec),
    num(b.p50),
    num(b.p99),
    num(b.max),
    num(cpuMs ?? 0),
  ]);
}

/** Renders the results as a compact text table. */
export function formatTable(r: BenchResults): string {
  const cpu = r.serverCpuMs;
  const f = r.watch.fanOut;
  const lines = [
    `sandbox API server: ${String(r.config.objects)} objects, ${String(r.config.concurrency)} requests in flight, server in a child process`,
    pad(['phase', 'n', 'ops/s', 'p50 ms', 'p99 ms', 'max ms', 'srv cpu ms']),
    batchRow('create configmap', r.create, cpu.create),
    batchRow('get configmap', r.get, cpu.get),
    batchRow('update configmap (PUT)', r.update, cpu.update),
    batchRow('create pod', r.pods.create, cpu.pods),
    pad([
      'watch latency (1 w.)',
      String(r.watch.latency.n),
      '',
      num(r.watch.latency.p50),
      num(r.watch.latency.p99),
      num(r.watch.latency.max),
      num(cpu.watch ?? 0),
    ]),
    pad([
      `watch fan-out (${String(f.watchers)} w.)`,
      String(f.delivered),
      '',
      num(f.p50),
      num(f.p99),
      num(f.max),
      num(cpu.fanOut ?? 0),
    ]),
    '',
    `list all ${String(r.list.full.items)} configmaps: ${num(r.list.full.ms)} ms, ${mb(r.list.full.bytes)}`,
    `list ${r.list.labelled.selector} (${String(r.list.labelled.items)} items): ${num(r.list.labelled.ms)} ms, ${mb(r.list.labelled.bytes)}`,
    `fan-out: ${String(f.delivered)}/${String(f.expected)} deliveries of ${String(f.writes)} writes in ${num(f.totalMs)} ms`,
    `pod size: ${String(r.pods.sentBytes)} B sent, ${String(r.pods.storedBytes)} B stored`,
    `server RSS: start ${mb(r.memory.baseline.rssBytes)}, before pods ${mb(r.memory.beforePods.rssBytes)}, after ${String(r.config.pods)} pods ${mb(r.memory.afterPods.rssBytes)} (${String(r.memory.bytesPerPod)} B/pod), peak ${mb(r.memory.afterPods.hwmBytes)}`,
    `server heap used: before pods ${mb(r.memory.beforePods.heapUsedBytes)}, after ${mb(r.memory.afterPods.heapUsedBytes)}`,
    `target p99 create and get < ${String(r.target.limitMs)} ms at ${String(r.config.objects)} objects: create ${num(r.target.createP99)} ms, get ${num(r.target.getP99)} ms → ${r.target.pass ? 'PASS' : 'FAIL'}`,
    `total ${(r.totalMs / 1000).toFixed(1)} s on ${String(r.cpus)} CPUs, load average ${r.loadAvg.start.toFixed(2)} → ${r.loadAvg.end.toFixed(2)}`,
  ];
  return lines.join('\n');
}
