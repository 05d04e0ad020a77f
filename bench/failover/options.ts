// Command-line options of the failover benchmark, parsed and checked (pure).
import { parseArgs } from 'node:util';

/** The faults the benchmark can inject into the primary, in their default order. */
export const FAULT_KINDS = [
  'kill',
  'freeze',
  'partition',
  'agent-freeze',
  'crash',
  'shutdown',
  'switchover',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type SyncMode = 'off' | 'quorum' | 'strict';

/** What one benchmark run does. */
export interface BenchOptions {
  reps: number;
  /** Lease duration, renew deadline, retry period (seconds). */
  timings: [number, number, number];
  faults: FaultKind[];
  sync: SyncMode;
  /** A repetition that has not recovered this long after its fault is recorded as failed. */
  repTimeoutMs: number;
  /** Results file; null for the default next to run.ts. */
  out: string | null;
}

export const USAGE =
  'usage: node bench/failover/run.ts [--reps N] [--timings LEASE,RENEW,RETRY] ' +
  '[--faults kill,freeze,partition,agent-freeze,crash,shutdown,switchover] [--sync off|quorum|strict] ' +
  '[--rep-timeout SECONDS] [--out FILE]';

function positiveInt(name: string, s: string): number {
  const n = /^[0-9]+$/.test(s) ? Number(s) : NaN;
  if (!(n >= 1)) throw new Error(`--${name} must be a positive integer, got "${s}"`);
  return n;
}

function parseTimings(s: string): [number, number, number] {
  const parts = s.split(',').map((x) => positiveInt('timings', x.trim()));
  const [lease, renew, retry] = parts;
  if (parts.length !== 3 || lease === undefined || renew === undefined || retry === undefined) {
    throw new Error(`--timings takes LEASE,RENEW,RETRY seconds, got "${s}"`);
  }
  if (!(retry < renew && renew < lease)) {
    throw new Error(`--timings needs retry < renew < lease, got "${s}"`);
  }
  return [lease, renew, retry];
}

function parseFaults(s: string): FaultKind[] {
  const kinds = s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const known = new Set<string>(FAULT_KINDS);
  const bad = kinds.filter((k) => !known.has(k));
  if (bad.length > 0 || kinds.length === 0) {
    throw new Error(`--faults takes some of ${FAULT_KINDS.join(',')}, got "${s}"`);
  }
  return [...new Set(kinds)] as FaultKind[];
}

function parseSync(s: string): SyncMode {
  if (s === 'off' || s === 'quorum' || s === 'strict') return s;
  throw new Error(`--sync takes off, quorum or strict, got "${s}"`);
}

/** Parses the arguments after the script name; throws an Error with a readable message. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      reps: { type: 'string', default: '5' },
      timings: { type: 'string', default: '15,10,2' },
      faults: { type: 'string', default: FAULT_KINDS.join(',') },
      sync: { type: 'string', default: 'off' },
      'rep-timeout': { type: 'string', default: '120' },
      out: { type: 'string' },
    },
  });
  return {
    reps: positiveInt('reps', values.reps),
    timings: parseTimings(values.timings),
    faults: parseFaults(values.faults),
    sync: parseSync(values.sync),
    repTimeoutMs: positiveInt('rep-timeout', values['rep-timeout']) * 1000,
    out: values.out ?? null,
  };
}
