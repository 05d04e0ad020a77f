// Command-line options of the operator benchmark, parsed and checked (pure).
import { parseArgs } from 'node:util';

/** What one benchmark run does. */
export interface BenchOptions {
  /** Single-instance clusters created for the scale, reconcile and memory figures. */
  clusters: number;
  /** Repetitions of apply → Ready of a 3-instance cluster. */
  reps: number;
  /** Reconciles timed one at a time (after the burst), at most one per cluster. */
  samples: number;
  /** Bound of every single wait (one apply → Ready, all clusters Ready, the burst, a sample). */
  timeoutMs: number;
  /** Results file; null for the default next to run.ts. */
  out: string | null;
}

/** Upper bounds, so that a typo cannot start a thousand PostgreSQL servers. */
export const MAX_CLUSTERS = 200;
export const MAX_REPS = 20;

export const USAGE =
  'usage: node bench/operator/run.ts [--clusters N] [--reps N] [--samples N] ' +
  '[--timeout SECONDS] [--out FILE]';

function intIn(name: string, s: string, min: number, max: number): number {
  const n = /^[0-9]+$/.test(s) ? Number(s) : NaN;
  if (!(n >= min && n <= max)) {
    throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${s}"`);
  }
  return n;
}

/** Parses the arguments after the script name; throws an Error with a readable message. */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      clusters: { type: 'string', default: '50' },
      reps: { type: 'string', default: '3' },
      samples: { type: 'string', default: '5' },
      timeout: { type: 'string', default: '900' },
      out: { type: 'string' },
    },
  });
  const clusters = intIn('clusters', values.clusters, 1, MAX_CLUSTERS);
  return {
    clusters,
    reps: intIn('reps', values.reps, 1, MAX_REPS),
    samples: Math.min(intIn('samples', values.samples, 0, MAX_CLUSTERS), clusters),
    timeoutMs: intIn('timeout', values.timeout, 10, 7200) * 1000,
    out: values.out ?? null,
  };
}
