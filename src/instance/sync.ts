// Synchronous replication: what the primary applies to PostgreSQL and publishes on the Lease, in
// an order that keeps the published state true at every instant.
//
// PostgreSQL acknowledges a commit once `k` of the standbys named in synchronous_standby_names
// (`ANY k (S)`) flushed it. The Lease publishes (k', S'); a candidate may promote only if it is in
// S' and holds the highest LSN among at least |S'| - k' + 1 reachable members of S'. That finds
// every acknowledged commit as long as S ⊆ S' and k ≥ k' (or k' = 0: asynchronous, no promise).
// So the Lease is weakened *before* PostgreSQL changes, and strengthened only *after* PostgreSQL
// applied the change and the members caught up with everything acknowledged before it.
import type { SyncState } from '../api/instance.ts';
import type { Lsn } from '../postgres/lsn.ts';

/** A synchronous configuration: `ANY quorum (members)`; quorum 0 = asynchronous. */
export interface SyncConfig {
  quorum: number;
  members: string[];
}

/** What the primary knows when planning the next synchronous-replication step. */
export interface SyncInputs {
  mode: 'off' | 'quorum' | 'strict';
  number: number;
  /** Other members of the cluster (strict mode names all of them). */
  otherMembers: readonly string[];
  /** Standbys streaming from us now, with their flush LSN. */
  streaming: readonly { name: string; flushLsn: Lsn | null }[];
  /** What synchronous_standby_names says now, and our LSN when it was last changed. */
  applied: SyncConfig;
  appliedAtLsn: Lsn;
  /** What the Lease says (null: nothing published yet, treated as asynchronous). */
  published: SyncState | null;
}

/** The next step: change PostgreSQL, change the Lease, or nothing. */
export type SyncStep =
  | { kind: 'apply'; config: SyncConfig; reason: string }
  | { kind: 'publish'; state: SyncState; reason: string }
  | { kind: 'none'; state: SyncState };

const ASYNC: SyncConfig = { quorum: 0, members: [] };

/** The configuration the cluster should run, and whether quorum mode had to degrade. */
export function desiredSync(i: SyncInputs): { config: SyncConfig; degraded: boolean } {
  if (i.mode === 'off') return { config: ASYNC, degraded: false };
  if (i.mode === 'strict') {
    // No other member exists yet (bootstrap): nothing to wait for until one appears.
    if (i.otherMembers.length === 0) return { config: ASYNC, degraded: true };
    return { config: { quorum: i.number, members: sorted(i.otherMembers) }, degraded: false };
  }
  const live = sorted(i.streaming.map((s) => s.name));
  if (live.length < i.number) return { config: ASYNC, degraded: true };
  return { config: { quorum: i.number, members: live }, degraded: false };
}

/** Plans one step towards the desired configuration (see the file comment for the order). */
export function planSync(i: SyncInputs): SyncStep {
  const { config: want, degraded } = desiredSync(i);
  const lease = i.published ? toConfig(i.published) : ASYNC;
  const stateOf = (c: SyncConfig): SyncState => ({
    quorum: c.quorum,
    members: c.members,
    mode: i.mode,
    degraded,
  });
  if (!sameConfig(i.applied, want)) {
    if (!covers(lease, want)) {
      const weaker = weaken(lease, want);
      return {
        kind: 'publish',
        state: stateOf(weaker),
        reason: `widen the published set before applying ${describe(want)}`,
      };
    }
    return { kind: 'apply', config: want, reason: `apply ${describe(want)}` };
  }
  const target = stateOf(want);
  if (i.published && sameConfig(lease, want)) {
    // Same promise: only the reported mode or degraded flag may be stale; no catch-up needed.
    if (i.published.degraded === degraded && i.published.mode === i.mode) {
      return { kind: 'none', state: target };
    }
    return { kind: 'publish', state: target, reason: `publish ${describe(want)} (${i.mode})` };
  }
  if (want.quorum > 0 && !caughtUp(want, i)) {
    return { kind: 'none', state: i.published ?? stateOf(ASYNC) };
  }
  return { kind: 'publish', state: target, reason: `publish ${describe(want)}` };
}

/** True if promoting by `lease` still finds every commit acknowledged under `pg`. */
export function covers(lease: SyncConfig, pg: SyncConfig): boolean {
  if (lease.quorum === 0) return true;
  if (pg.quorum < lease.quorum) return false;
  return pg.members.every((m) => lease.members.includes(m));
}

function weaken(lease: SyncConfig, want: SyncConfig): SyncConfig {
  if (lease.quorum === 0 || want.quorum === 0) return ASYNC;
  return {
    quorum: Math.min(lease.quorum, want.quorum),
    members: sorted([...new Set([...lease.members, ...want.members])]),
  };
}

/** At least `quorum` members flushed everything written before the configuration was applied. */
function caughtUp(want: SyncConfig, i: SyncInputs): boolean {
  const done = i.streaming.filter(
    (s) => want.members.includes(s.name) && s.flushLsn !== null && s.flushLsn >= i.appliedAtLsn,
  );
  return done.length >= want.quorum;
}

function toConfig(s: SyncState): SyncConfig {
  return { quorum: s.quorum, members: sorted(s.members) };
}

/** Same quorum and members (order ignored). */
export function sameConfig(a: SyncConfig, b: SyncConfig): boolean {
  if (a.quorum !== b.quorum) return false;
  if (a.quorum === 0) return true;
  const x = sorted(a.members);
  const y = sorted(b.members);
  return x.length === y.length && x.every((m, k) => m === y[k]);
}

function sorted(names: readonly string[]): string[] {
  return [...names].sort();
}

function describe(c: SyncConfig): string {
  return c.quorum === 0 ? 'asynchronous replication' : `ANY ${c.quorum} (${c.members.join(', ')})`;
}

/**
 * Members that must be compared before `self` may promote under `published`, and how many of them
 * must be reachable; null when `self` may not promote at all (not in the synchronous set).
 */
export function promotionQuorum(
  published: SyncState | null,
  self: string,
): { members: string[]; needed: number } | null {
  if (!published || published.quorum === 0) return { members: [], needed: 0 };
  if (!published.members.includes(self)) return null;
  return {
    members: published.members,
    needed: published.members.length - published.quorum + 1,
  };
}
