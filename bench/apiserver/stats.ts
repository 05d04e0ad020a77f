// Latency statistics: nearest-rank percentiles over a set of samples (milliseconds).

/** Summary of a latency sample set, in milliseconds. */
export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile (`p` in 0..100) of ascending-sorted samples; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

/** Rounds to 3 decimals (microsecond resolution for milliseconds). */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Summarizes latency samples (does not modify the input). */
export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    n: sorted.length,
    p50: round3(percentile(sorted, 50)),
    p99: round3(percentile(sorted, 99)),
    max: round3(sorted[sorted.length - 1] ?? 0),
    mean: round3(sorted.length === 0 ? 0 : sum / sorted.length),
  };
}

/** Operations per second for `n` operations in `ms` milliseconds. */
export function perSecond(n: number, ms: number): number {
  return ms <= 0 ? 0 : Math.round((n * 1000) / ms);
}
