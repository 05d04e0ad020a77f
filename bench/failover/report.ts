// Result shape of a failover benchmark run, per-fault summaries, verdicts against Steward's
// targets, the Patroni reference figures and the human-readable table (all pure).
import { spreadOf, type Overlap, type Spread } from './measure.ts';
import type { FaultKind, SyncMode } from './options.ts';

/** One repetition of one fault. */
export interface RepResult {
  fault: FaultKind;
  rep: number;
  /** Recovered within the repetition timeout and measured. */
  ok: boolean;
  error: string | null;
  /** When the fault was injected (ISO 8601, to match the members' agent.log). */
  faultAt: string | null;
  oldPrimary: string;
  /** Member the writer recovered on (null when it did not). */
  newPrimary: string | null;
  /** Longest gap between acknowledged writes around the fault (ms). */
  outageMs: number | null;
  /** Fault → the first write after the writer's last failure, on the member it recovered on (ms). */
  resumedAfterMs: number | null;
  /** Writes the old primary acknowledged after the fault, before the writer's last failure. */
  oldAcksAfterFault: number;
  /** Fault → the old primary's last acknowledged write, when it had one after the fault (ms). */
  oldWritesForMs: number | null;
  /** Longest gap between acknowledged writes while the old primary was healed and rejoined (ms). */
  healGapMs: number | null;
  /** Heal → one primary and all replicas streaming again (ms). */
  healMs: number | null;
  acked: number;
  /** Acknowledged writes missing on the final primary (null when not checked). */
  lost: number | null;
  /** The first few missing ids. */
  lostIds: number[];
  /** Split brain from per-member probes (freeze, partition, agent freeze); null otherwise. */
  overlap: Overlap | null;
}

/** Overlap over the repetitions that measured it. */
export interface OverlapSummary {
  measured: number;
  withOverlap: number;
  maxWrites: number;
  maxMs: number;
}

/** A verdict against a target; `pass` null when there is nothing to judge. */
export interface Verdict {
  target: string;
  pass: boolean | null;
  text: string;
}

/** Figures over the repetitions of one fault kind. */
export interface FaultSummary {
  fault: FaultKind;
  reps: number;
  failed: number;
  outageMs: Spread | null;
  resumedAfterMs: Spread | null;
  lost: Spread | null;
  lostTotal: number;
  overlap: OverlapSummary | null;
  patroni: string;
  verdict: Verdict;
}

/** Everything one run measured (written to results.json and printed as the last line). */
export interface FailoverResults {
  node: string;
  cpus: number;
  /** 1-minute load average at start and end (other load skews every figure). */
  loadAvg: { start: number; end: number };
  config: {
    members: number;
    reps: number;
    timings: { leaseSeconds: number; renewSeconds: number; retrySeconds: number };
    sync: SyncMode;
    faults: FaultKind[];
    writerEveryMs: number;
    probeEveryMs: number;
    repTimeoutMs: number;
  };
  summary: FaultSummary[];
  repetitions: RepResult[];
  /** Times the cluster was rebuilt because it did not become healthy after a heal. */
  clusterRebuilds: number;
  totalMs: number;
}

/** Patroni 3.0.2 figures from the issue, for comparison. */
export const PATRONI: Record<FaultKind, string> = {
  kill: 'node death 25–30 s, median ≈ 28.5 s',
  freeze: 'node death 25–30 s, median ≈ 28.5 s',
  partition: 'no figure',
  'agent-freeze': '≈ 10 s of both primaries accepting writes, hundreds of acked writes lost',
  crash: '3.5–11 s',
  shutdown: 'no figure',
  switchover: '≈ 1.5 s write gap',
};

/** Steward's targets: a median outage bound and/or no overlap at all. */
export const TARGETS: Record<FaultKind, { outageMedianMs?: number; zeroOverlap?: boolean }> = {
  kill: { outageMedianMs: 17_000 },
  freeze: { outageMedianMs: 17_000, zeroOverlap: true },
  partition: { zeroOverlap: true },
  'agent-freeze': { zeroOverlap: true },
  crash: { outageMedianMs: 2_000 },
  shutdown: { outageMedianMs: 3_000 },
  switchover: { outageMedianMs: 1_000 },
};

const sec = (ms: number): string => (ms / 1000).toFixed(2);

/** Judges a summary against the fault's targets; any failed repetition fails it. */
export function judge(
  fault: FaultKind,
  s: Pick<FaultSummary, 'failed' | 'outageMs' | 'overlap'>,
): Verdict {
  const t = TARGETS[fault];
  const parts: string[] = [];
  const checks: { target: string; pass: boolean; text: string }[] = [];
  if (t.outageMedianMs !== undefined) {
    const m = s.outageMs?.median;
    checks.push({
      target: `median outage ≤ ${sec(t.outageMedianMs)} s`,
      pass: m !== undefined && m <= t.outageMedianMs,
      text: m === undefined ? 'no outage measured' : `median ${sec(m)} s`,
    });
  }
  if (t.zeroOverlap) {
    const o = s.overlap;
    checks.push({
      target: 'zero overlap',
      pass: o !== null && o.measured > 0 && o.withOverlap === 0,
      text: o === null ? 'overlap not measured' : `overlap in ${o.withOverlap}/${o.measured}`,
    });
  }
  for (const c of checks) parts.push(c.text);
  if (s.failed > 0) parts.push(`${s.failed} failed`);
  const pass = checks.length === 0 ? null : s.failed === 0 && checks.every((c) => c.pass);
  return { target: checks.map((c) => c.target).join(', ') || 'none', pass, text: parts.join(', ') };
}

function overlapSummary(reps: readonly RepResult[]): OverlapSummary | null {
  const measured = reps.map((r) => r.overlap).filter((o): o is Overlap => o !== null);
  if (measured.length === 0) return null;
  return {
    measured: measured.length,
    withOverlap: measured.filter((o) => o.writes > 0 || o.ms > 0).length,
    maxWrites: Math.max(...measured.map((o) => o.writes)),
    maxMs: Math.max(...measured.map((o) => o.ms)),
  };
}

/** Summarizes the repetitions of one fault kind (outage over the successful ones only). */
export function summarizeFault(fault: FaultKind, all: readonly RepResult[]): FaultSummary {
  const reps = all.filter((r) => r.fault === fault);
  const ok = reps.filter((r) => r.ok);
  const nums = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);
  const lost = nums(reps.map((r) => r.lost));
  const s = {
    fault,
    reps: reps.length,
    failed: reps.length - ok.length,
    outageMs: spreadOf(nums(ok.map((r) => r.outageMs))),
    resumedAfterMs: spreadOf(nums(ok.map((r) => r.resumedAfterMs))),
    lost: spreadOf(lost),
    lostTotal: lost.reduce((a, b) => a + b, 0),
    overlap: overlapSummary(reps),
    patroni: PATRONI[fault],
  };
  return { ...s, verdict: judge(fault, s) };
}

const pad = (cells: string[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(13) : c.padStart(i === 1 ? 5 : 8))).join(' ');
const spreadCells = (s: Spread | null, f: (x: number) => string): string[] =>
  s ? [f(s.min), f(s.median), f(s.max)] : ['—', '—', '—'];
const int = (x: number): string => String(Math.round(x));

function row(s: FaultSummary): string {
  const o = s.overlap;
  return pad([
    s.fault,
    `${s.reps - s.failed}/${s.reps}`,
    ...spreadCells(s.outageMs, sec),
    ...spreadCells(s.resumedAfterMs, sec),
    ...spreadCells(s.lost, int),
    o ? `${o.withOverlap}/${o.measured}` : '—',
    o ? String(o.maxWrites) : '—',
  ]);
}

function verdictLine(s: FaultSummary): string {
  const v = s.verdict;
  const mark = v.pass === null ? '' : v.pass ? ' → PASS' : ' → FAIL';
  return `  ${s.fault.padEnd(13)} Patroni: ${s.patroni}; target: ${v.target}; Steward: ${v.text}${mark}`;
}

/** Renders the results as a compact text table. */
export function formatTable(r: FailoverResults): string {
  const c = r.config;
  const t = c.timings;
  return [
    `failover: ${c.members} members, lease ${t.leaseSeconds} s / renew ${t.renewSeconds} s / retry ${t.retrySeconds} s, ` +
      `synchronous ${c.sync}, a read-write writer every ${c.writerEveryMs} ms, ${c.reps} repetitions per fault`,
    pad(['', '', 'outage s', '', '', 'resumed', 'after s', '', 'lost', 'acked', '', 'overlap', '']),
    pad(['fault', 'ok', 'min', 'median', 'max', 'min', 'median', 'max', 'min', 'median', 'max']) +
      ' ' +
      ['reps>0', 'max wr.'].map((x) => x.padStart(8)).join(' '),
    ...r.summary.map(row),
    `  (outage: longest gap between acknowledged writes around the fault; resumed after: fault → first write after the writer's last failure;`,
    `   overlap: the old primary acknowledged a probe write after the new primary's first, server timestamps)`,
    'compared with Patroni 3.0.2 (figures from the issue) and Steward targets:',
    ...r.summary.map(verdictLine),
    `cluster rebuilt ${r.clusterRebuilds} times; total ${(r.totalMs / 1000).toFixed(1)} s on ${r.cpus} CPUs, ` +
      `load average ${r.loadAvg.start.toFixed(2)} → ${r.loadAvg.end.toFixed(2)}`,
  ].join('\n');
}
