// Result shape of an operator benchmark run and its human-readable table (pure).
import { spreadOf, type Latency, type Spread } from './stats.ts';

/** One apply → Ready repetition of a 3-instance cluster. */
export interface ReadyRep {
  rep: number;
  name: string;
  /** kubectl apply started → the watch saw phase Ready and condition Ready (ms). */
  ms: number | null;
  /** How long `kubectl apply` itself took (ms). */
  applyMs: number | null;
  error: string | null;
}

/** Many single-instance clusters created by one `kubectl apply`. */
export interface ScaleResult {
  clusters: number;
  /** How many reached Ready within the timeout. */
  ready: number;
  applyMs: number | null;
  /** kubectl apply started → the last cluster Ready (null when some never were). */
  allReadyMs: number | null;
  /** Per cluster: kubectl apply started → that cluster Ready. */
  readyMs: Latency | null;
  error: string | null;
}

/** Spec changes timed until the operator reported them observed. */
export interface ReconcileResult {
  clusters: number;
  observed: number;
  /** The watch saw the new metadata.generation → it saw status.observedGeneration reach it. */
  latencyMs: Latency | null;
  /** kubectl started → observedGeneration seen (includes kubectl and the API write). */
  issuedToObservedMs: Latency | null;
  /** kubectl apply started → the last cluster observed (burst only). */
  spanMs: number | null;
  /** Reconciles and failed reconciles the operator counted meanwhile (burst only). */
  reconciles: number | null;
  reconcileErrors: number | null;
  /** The operator's largest RSS reading meanwhile. */
  peakRssBytes: number | null;
  error: string | null;
}

/** The operator's memory at one moment, from its /metrics. */
export interface MemoryPoint {
  rssBytes: number | null;
  heapUsedBytes: number | null;
}

/** Everything one run measured (written to results.json). */
export interface OperatorBenchResults {
  node: string;
  cpus: number;
  /** 1-minute load average at start and end (other load skews every figure). */
  loadAvg: { start: number; end: number };
  config: {
    clusters: number;
    reps: number;
    samples: number;
    timeoutMs: number;
    nodes: number;
    parameters: Record<string, string>;
    knob: string;
  };
  applyToReady: { reps: ReadyRep[]; ms: Spread | null };
  scale: ScaleResult | null;
  burst: ReconcileResult | null;
  oneAtATime: ReconcileResult | null;
  memory: {
    idle: MemoryPoint | null;
    loaded: MemoryPoint | null;
    /** After the reconcile measurements, the clusters still running (growth since `loaded`). */
    end: MemoryPoint | null;
    /** Largest RSS reading over the run, and the kernel's high-water mark (VmHWM). */
    peakRssBytes: number | null;
    highWaterMarkBytes: number | null;
  };
  totalMs: number;
}

/** The spread of the successful repetitions. */
export function readySpread(reps: readonly ReadyRep[]): Spread | null {
  return spreadOf(reps.flatMap((r) => (r.ms === null ? [] : [r.ms])));
}

/** Milliseconds as seconds (or ms under one second). */
export function dur(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Bytes as MiB. */
export function mib(bytes: number | null): string {
  return bytes === null ? '—' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const lat = (l: Latency | null): string[] =>
  l ? [dur(l.p50), dur(l.p95), dur(l.max)] : ['—', '—', '—'];
const cols = (cells: string[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(16) : c.padStart(i === 1 ? 6 : 9))).join(' ');
const centered = (text: string, width: number): string =>
  text.padStart(Math.floor((width + text.length) / 2)).padEnd(width);
/** The two header lines of the reconcile table: two groups of p50, p95, max. */
const reconcileHeader = (): string[] => [
  `${''.padEnd(23)} ${centered('gen → observed', 29)} ${centered('kubectl → observed', 29)}`.trimEnd(),
  cols(['', 'n', 'p50', 'p95', 'max', 'p50', 'p95', 'max']),
];
const failed = (e: string | null): string[] => (e ? [`  FAILED: ${e}`] : []);

function readyLines(r: OperatorBenchResults): string[] {
  const a = r.applyToReady;
  const ok = a.reps.filter((x) => x.ms !== null).length;
  const applies = spreadOf(a.reps.flatMap((x) => (x.applyMs === null ? [] : [x.applyMs])));
  const s = a.ms;
  return [
    `apply → Ready, one 3-instance cluster (${ok}/${a.reps.length} repetitions Ready):`,
    s
      ? `  min ${dur(s.min)}, median ${dur(s.median)}, max ${dur(s.max)}` +
        ` (kubectl apply itself: median ${dur(applies?.median ?? null)})`
      : '  —',
    ...a.reps.flatMap((x) => failed(x.error && `${x.name}: ${x.error}`)),
  ];
}

function scaleLines(s: ScaleResult | null): string[] {
  if (!s) return [];
  const per = s.readyMs;
  return [
    `${s.clusters} single-instance clusters from one kubectl apply: ${s.ready}/${s.clusters} Ready, ` +
      `all Ready after ${dur(s.allReadyMs)}` +
      (per ? ` (per cluster p50 ${dur(per.p50)}, p95 ${dur(per.p95)})` : ''),
    ...failed(s.error),
  ];
}

function reconcileRow(label: string, x: ReconcileResult | null): string[] {
  if (!x) return [];
  const counts =
    x.reconciles === null ? '' : `  ${x.reconciles} reconciles (${x.reconcileErrors} failed)`;
  const span = x.spanMs === null ? '' : `, all observed after ${dur(x.spanMs)}`;
  return [
    cols([label, String(x.observed), ...lat(x.latencyMs), ...lat(x.issuedToObservedMs)]) +
      counts +
      span,
    ...failed(x.error),
  ];
}

function memoryLines(r: OperatorBenchResults): string[] {
  const m = r.memory;
  const point = (label: string, p: MemoryPoint | null): string =>
    `  ${label.padEnd(30)} ${mib(p?.rssBytes ?? null).padStart(10)}   heap used ${mib(p?.heapUsedBytes ?? null)}`;
  return [
    'operator memory (RSS from /metrics; peaks from /proc):',
    point('idle, no cluster', m.idle),
    point(`with ${r.config.clusters} clusters, settled`, m.loaded),
    point('the same, after the changes', m.end),
    `  ${'peak during the burst'.padEnd(30)} ${mib(r.burst?.peakRssBytes ?? null).padStart(10)}`,
    `  ${'peak over the run (VmHWM)'.padEnd(30)} ${mib(m.highWaterMarkBytes).padStart(10)}`,
  ];
}

/** Renders the results as a compact text table. */
export function formatTable(r: OperatorBenchResults): string {
  const c = r.config;
  const params = Object.entries(c.parameters)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `operator: ${c.nodes} sandbox nodes; ${c.clusters} single-instance clusters (${params}); ` +
      `${r.cpus} CPUs, load average ${r.loadAvg.start.toFixed(2)} → ${r.loadAvg.end.toFixed(2)}`,
    ...readyLines(r),
    ...scaleLines(r.scale),
    `reconcile latency of a spec change (${c.knob}):`,
    ...reconcileHeader(),
    ...reconcileRow(`burst of ${c.clusters}`, r.burst),
    ...reconcileRow('one at a time', r.oneAtATime),
    '  (gen → observed: the watch saw the new metadata.generation → it saw status.observedGeneration reach it)',
    ...memoryLines(r),
    `total ${dur(r.totalMs)}`,
  ].join('\n');
}
