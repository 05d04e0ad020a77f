// Summaries of measured durations (pure).

/** Minimum, median (mean of the middle two when even) and maximum of a few repetitions. */
export interface Spread {
  n: number;
  min: number;
  median: number;
  max: number;
}

/** Percentiles of many latencies (nearest rank: an observed value, never interpolated). */
export interface Latency {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

const ascending = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

/** The spread of `xs`; null when there is none. */
export function spreadOf(xs: readonly number[]): Spread | null {
  if (xs.length === 0) return null;
  const s = ascending(xs);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { n: s.length, min: s[0]!, median, max: s[s.length - 1]! };
}

/** The nearest-rank `p`th percentile (0 < p ≤ 100) of `xs`; null when empty. */
export function percentile(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = ascending(xs);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1]!;
}

/** p50, p95 and max of `xs`; null when empty. */
export function latencyOf(xs: readonly number[]): Latency | null {
  if (xs.length === 0) return null;
  return {
    n: xs.length,
    p50: percentile(xs, 50)!,
    p95: percentile(xs, 95)!,
    max: Math.max(...xs),
  };
}
