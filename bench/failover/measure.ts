// Pure measurements over what the writer and the probes recorded during one repetition.

/** One acknowledged write of the read-write writer: its id, client time (ms) and member. */
export interface Ack {
  id: number;
  at: number;
  member: string;
}

/** Which member the writer should end up on after a fault. */
export type Expect =
  { kind: 'other'; than: string } | { kind: 'member'; name: string } | { kind: 'any' };

/** Whether a write acknowledged by `member` counts as the cluster having recovered. */
export function accepts(e: Expect, member: string): boolean {
  switch (e.kind) {
    case 'other':
      return member !== e.than;
    case 'member':
      return member === e.name;
    case 'any':
      return true;
  }
}

/**
 * Recovered: the writer failed at least once since the fault, and its last `n` acknowledgements
 * all came after its last failure, from a member `e` accepts.
 */
export function hasRecovered(
  acks: readonly Ack[],
  failures: readonly number[],
  faultAt: number,
  e: Expect,
  n: number,
): boolean {
  const lastFailure = failures.reduce((m, t) => (t >= faultAt && t > m ? t : m), -Infinity);
  if (lastFailure === -Infinity || acks.length < n) return false;
  return acks.slice(-n).every((a) => a.at > lastFailure && accepts(e, a.member));
}

/** Client time of the first acknowledgement after the writer's last failure since `faultAt`. */
export function resumedAt(
  acks: readonly Ack[],
  failures: readonly number[],
  faultAt: number,
): number | null {
  const lastFailure = failures.reduce((m, t) => (t >= faultAt && t > m ? t : m), -Infinity);
  if (lastFailure === -Infinity) return null;
  return acks.find((a) => a.at > lastFailure)?.at ?? null;
}

/**
 * Longest gap (ms) between consecutive acknowledgement times that ends after `from` and starts
 * before `to`: the write outage around a fault injected at `from` and recovered by `to`.
 */
export function maxGapMs(times: readonly number[], from: number, to: number): number {
  let gap = 0;
  for (let i = 1; i < times.length; i++) {
    const a = times[i - 1]!;
    const b = times[i]!;
    if (b > from && a < to) gap = Math.max(gap, b - a);
  }
  return gap;
}

/** Acknowledged ids that `present` lacks, ascending. */
export function missingIds(acked: readonly number[], present: Iterable<number>): number[] {
  const have = new Set(present);
  return acked.filter((id) => !have.has(id)).sort((a, b) => a - b);
}

/** Split brain as seen by per-member probes (server timestamps, ms). */
export interface Overlap {
  /** Writes the old primary acknowledged after the new primary's first one (0 expected). */
  writes: number;
  /** Old primary's last acknowledged write minus the new primary's first, or 0 when before. */
  ms: number;
}

/** Overlap of the old and new primaries' acknowledged writes; null if either wrote nothing. */
export function overlapOf(oldAcks: readonly number[], newAcks: readonly number[]): Overlap | null {
  if (oldAcks.length === 0 || newAcks.length === 0) return null;
  const firstNew = newAcks.reduce((m, t) => Math.min(m, t), Infinity);
  const lastOld = oldAcks.reduce((m, t) => Math.max(m, t), -Infinity);
  return {
    writes: oldAcks.filter((t) => t > firstNew).length,
    ms: Math.max(0, lastOld - firstNew),
  };
}

/** Minimum, median (mean of the middle two for an even count) and maximum. */
export interface Spread {
  n: number;
  min: number;
  median: number;
  max: number;
}

/** The spread of a sample set; null when empty. */
export function spreadOf(xs: readonly number[]): Spread | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { n: s.length, min: s[0]!, median, max: s[s.length - 1]! };
}
