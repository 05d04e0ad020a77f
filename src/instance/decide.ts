// The HA decision: one immutable snapshot in, one action and a sentence out (Patroni style).
// Acquiring the Lease is not decided here but by `decideCandidacy`, the elector's gate.
import type { HandOver, MemberStatus, SyncState } from '../api/instance.ts';
import { tryParseLsn, type Lsn } from '../postgres/lsn.ts';
import { promotionQuorum } from './sync.ts';

/** The Lease as this member sees it. */
export interface LeaseView {
  /** '' when nobody holds it. */
  holder: string;
  /** Expired as judged on our clock from when we last saw it change. */
  expired: boolean;
  /** Our elector leads right now. */
  leading: boolean;
  sync: SyncState | null;
  systemIdentifier: string | null;
  handOver: HandOver | null;
}

/** Our own member. */
export interface LocalView {
  name: string;
  data: 'empty' | 'ready' | 'invalid';
  dataProblem: string | null;
  systemIdentifier: string | null;
  postgres: 'stopped' | 'running';
  /** Role of the running server (null when stopped). */
  role: 'primary' | 'replica' | null;
  /** Member our configuration follows (replica), null for none. */
  following: string | null;
  lsn: Lsn | null;
  streaming: boolean;
  /** Since when (our clock) a replica following the leader has not been streaming; null if it is. */
  notStreamingSince: number | null;
  /** Credentials, parameters and cluster object are known (else the reason). */
  configProblem: string | null;
  /** When (our clock) we fenced ourselves; null when not fenced since the last rejoin. */
  fencedAt: number | null;
}

/** Other members: their last status, or null when unreachable. */
export interface PeerView {
  name: string;
  status: MemberStatus | null;
}

/** Cluster-level wishes read from the PostgresCluster. */
export interface ClusterWish {
  /** status.targetPrimary when it names another member than the current primary. */
  switchoverTo: string | null;
  maximumLagBytes: number | null;
  /** How long a replica may fail to stream from the leader before it rewinds. */
  rejoinAfterMs: number;
  /** How long a fenced former primary waits for a new primary (to rewind onto) before starting read-only. */
  fencedWaitMs: number;
}

export interface Snapshot {
  now: number;
  lease: LeaseView;
  local: LocalView;
  peers: readonly PeerView[];
  wish: ClusterWish;
}

/** What to do this cycle. */
export type Action =
  | { kind: 'wait' }
  | { kind: 'bootstrap' }
  | { kind: 'release' }
  | { kind: 'fence' }
  | { kind: 'start-primary' }
  | { kind: 'start-replica'; upstream: string | null }
  | { kind: 'clone'; from: string }
  | { kind: 'rejoin'; leader: string }
  | { kind: 'follow'; leader: string }
  | { kind: 'promote' }
  | { kind: 'lead' }
  | { kind: 'switchover'; to: string };

/** An action and the sentence that explains it. */
export interface Decision {
  action: Action;
  sentence: string;
}

const d = (action: Action, sentence: string): Decision => ({ action, sentence });

/** The HA decision for one cycle. */
export function decide(s: Snapshot): Decision {
  const { local, lease } = s;
  // The split-brain guard comes first: no data or configuration problem may keep a primary
  // without the lease writable.
  if (!lease.leading && local.postgres === 'running' && local.role === 'primary') {
    return d({ kind: 'fence' }, `fencing: PostgreSQL runs as primary but ${holderPhrase(lease)}`);
  }
  if (local.data === 'invalid') {
    const why = `the data directory is unusable (${local.dataProblem ?? 'unknown reason'}); not starting PostgreSQL, nothing is deleted`;
    return lease.leading
      ? d({ kind: 'release' }, `releasing the lease: ${why}`)
      : d({ kind: 'wait' }, why);
  }
  if (local.configProblem !== null) {
    if (lease.leading && local.postgres === 'running' && local.role === 'primary') {
      return d(
        { kind: 'lead' },
        `leading with the last good configuration: ${local.configProblem}`,
      );
    }
    return d({ kind: 'wait' }, `waiting: ${local.configProblem}`);
  }
  if (local.postgres === 'running' && local.role === null) {
    return d({ kind: 'wait' }, 'waiting: PostgreSQL is running but does not answer yet');
  }
  return lease.leading ? decideLeader(s) : decideFollower(s);
}

function decideLeader(s: Snapshot): Decision {
  const { local, lease } = s;
  if (local.data === 'empty') {
    if (lease.systemIdentifier === null) {
      return d(
        { kind: 'bootstrap' },
        'bootstrapping a new cluster because I hold the lease and no cluster exists yet',
      );
    }
    return d({ kind: 'release' }, 'releasing the lease: I have no data but the cluster exists');
  }
  if (local.postgres === 'stopped') {
    return d({ kind: 'start-primary' }, 'starting PostgreSQL as primary because I hold the lease');
  }
  if (local.role === 'replica') {
    const h = lease.handOver;
    const why =
      h && h.to === local.name
        ? `${h.from} handed the lease over to me at ${h.lsn}`
        : 'I hold the lease';
    return d({ kind: 'promote' }, `promoting myself to primary because ${why}`);
  }
  const to = s.wish.switchoverTo;
  if (to !== null && to !== local.name) {
    const target = s.peers.find((p) => p.name === to)?.status;
    if (target?.role === 'replica' && target.postgresRunning && target.streaming) {
      return d({ kind: 'switchover', to }, `switching over to ${to} as requested`);
    }
    return d(
      { kind: 'lead' },
      `switchover to ${to} requested but it is not a streaming replica; staying primary`,
    );
  }
  return d({ kind: 'lead' }, 'no action: I am the primary and hold the lease');
}

function decideFollower(s: Snapshot): Decision {
  const { local } = s;
  const leader = reachableLeader(s);
  if (local.data === 'empty') {
    if (leader) return d({ kind: 'clone', from: leader }, `cloning from the primary ${leader}`);
    return d({ kind: 'wait' }, `waiting for a primary to clone from (${holderPhrase(s.lease)})`);
  }
  if (local.postgres === 'stopped') {
    if (leader) return d({ kind: 'rejoin', leader }, `rejoining as a replica of ${leader}`);
    if (local.fencedAt !== null && s.now - local.fencedAt < s.wish.fencedWaitMs) {
      return d(
        { kind: 'wait' },
        `fenced: waiting for a new primary to rejoin (${holderPhrase(s.lease)})`,
      );
    }
    return d(
      { kind: 'start-replica', upstream: null },
      `starting PostgreSQL as a replica without upstream: ${holderPhrase(s.lease)}`,
    );
  }
  if (!leader)
    return d(
      { kind: 'wait' },
      `no action: replica waiting for a primary (${holderPhrase(s.lease)})`,
    );
  if (local.following !== leader && local.fencedAt !== null) {
    return d(
      { kind: 'rejoin', leader },
      `rejoining ${leader}: I was fenced as primary and may have diverged`,
    );
  }
  if (local.following !== leader) {
    return d({ kind: 'follow', leader }, `following the new primary ${leader}`);
  }
  if (local.notStreamingSince !== null && s.now - local.notStreamingSince > s.wish.rejoinAfterMs) {
    return d(
      { kind: 'rejoin', leader },
      `rejoining ${leader}: not streaming from it for ${Math.round((s.now - local.notStreamingSince) / 1000)} s`,
    );
  }
  return d(
    { kind: 'wait' },
    `no action: replica of ${leader}${local.streaming ? ', streaming' : ', connecting'}`,
  );
}

/** The lease holder when it is valid, reachable and runs as primary. */
function reachableLeader(s: Snapshot): string | null {
  const { holder, expired } = s.lease;
  if (holder === '' || expired || holder === s.local.name) return null;
  const st = s.peers.find((p) => p.name === holder)?.status;
  return st && st.role === 'primary' && st.postgresRunning ? holder : null;
}

function holderPhrase(l: LeaseView): string {
  if (l.holder === '') return 'nobody holds the lease';
  return l.expired ? `the lease of ${l.holder} expired` : `${l.holder} holds the lease`;
}

/** Inputs of the candidacy check, gathered fresh when the elector may take the Lease. */
export interface CandidacyInputs {
  local: LocalView;
  lease: Pick<LeaseView, 'sync' | 'systemIdentifier'>;
  peers: readonly PeerView[];
  /** Last LSN we saw the primary at (null if never). */
  lastPrimaryLsn: Lsn | null;
  maximumLagBytes: number | null;
}

/**
 * May this member take an expired or free Lease? Only the best eligible member says yes: it runs
 * PostgreSQL on the cluster's data, no reachable member still runs as primary, it holds the highest
 * LSN among reachable members (ties: lowest name), it is within the lag bound, and — in synchronous
 * mode — it is in the published synchronous set and sees enough of that set to be sure it holds
 * every acknowledged commit.
 */
export function decideCandidacy(c: CandidacyInputs): { ok: boolean; sentence: string } {
  const no = (why: string) => ({ ok: false, sentence: `not a candidate: ${why}` });
  const { local } = c;
  const reachable = c.peers.filter(
    (p): p is { name: string; status: MemberStatus } => p.status !== null,
  );
  if (local.configProblem !== null) return no(local.configProblem);
  if (local.data === 'empty') return bootstrapCandidacy(c, reachable);
  if (local.data === 'invalid') return no('my data directory is unusable');
  if (local.postgres !== 'running' || local.lsn === null) return no('PostgreSQL is not running');
  if (c.lease.systemIdentifier !== null && local.systemIdentifier !== c.lease.systemIdentifier) {
    return no(`my data belongs to another cluster (${local.systemIdentifier ?? 'unknown'})`);
  }
  const primary = reachable.find((p) => p.status.role === 'primary' && p.status.postgresRunning);
  if (primary) return no(`${primary.name} still runs as primary`);
  const quorum = promotionQuorum(c.lease.sync, local.name);
  if (quorum === null) return no('I am not in the synchronous set');
  // A member counts only with a known position: a stopped standby may hold the only copy of an
  // acknowledged commit, and a null LSN would never be "further ahead" than ours.
  const voters = reachable.filter(
    (p) =>
      lsnOf(p.status) !== null && (quorum.members.length === 0 || quorum.members.includes(p.name)),
  );
  const seen = voters.length + (quorum.members.includes(local.name) ? 1 : 0);
  if (seen < quorum.needed) {
    return no(
      `only ${seen} of the ${quorum.needed} synchronous members needed are reachable with a known position`,
    );
  }
  const better = voters.find((p) => isBetter(p.name, lsnOf(p.status), local.name, local.lsn!));
  if (better) return no(`${better.name} is further ahead (${better.status.lsn ?? 'unknown'})`);
  if (c.maximumLagBytes !== null && c.lastPrimaryLsn !== null) {
    const lag = c.lastPrimaryLsn - local.lsn;
    if (lag > BigInt(c.maximumLagBytes))
      return no(`I lag ${lag} bytes behind the last primary position`);
  }
  return { ok: true, sentence: 'candidate: I hold the most recent WAL among reachable members' };
}

function bootstrapCandidacy(
  c: CandidacyInputs,
  reachable: readonly { name: string; status: MemberStatus }[],
): { ok: boolean; sentence: string } {
  if (c.lease.systemIdentifier !== null)
    return { ok: false, sentence: 'not a candidate: no data, the cluster exists' };
  const withData = reachable.find((p) => p.status.hasData);
  if (withData) return { ok: false, sentence: `not a candidate: ${withData.name} has data` };
  const first = reachable.find((p) => p.name < c.local.name);
  if (first) return { ok: false, sentence: `not a candidate: ${first.name} bootstraps first` };
  return { ok: true, sentence: 'candidate: bootstrapping the cluster' };
}

/** A peer's LSN; a malformed one (peer status is remote input) counts as unknown. */
function lsnOf(s: MemberStatus): Lsn | null {
  return typeof s.lsn === 'string' ? (tryParseLsn(s.lsn) ?? null) : null;
}

function isBetter(name: string, lsn: Lsn | null, selfName: string, selfLsn: Lsn): boolean {
  if (lsn === null) return false;
  return lsn > selfLsn || (lsn === selfLsn && name < selfName);
}
