// Pure builder of the MemberStatus a member serves and publishes.
import type { MemberRole, MemberStatus } from '../api/instance.ts';
import { formatLsn, type Lsn } from '../postgres/lsn.ts';
import type { Identity } from './config.ts';
import type { LeaseView } from './decide.ts';
import type { LocalObservation } from './observe.ts';

/** Everything the status is made of. */
export interface MemberStatusInputs {
  identity: Identity;
  local: LocalObservation | null;
  fenced: boolean;
  following: string | null;
  lastPrimaryLsn: Lsn | null;
  lease: LeaseView;
  leaseExpiresInMs: number | null;
  pgVersion: string;
  message: string;
  now: number;
}

function roleOf(i: MemberStatusInputs): MemberRole {
  const live = i.local?.live;
  if (live) return live.role;
  if (i.fenced) return 'fenced';
  return i.local?.data === 'ready' ? 'stopped' : 'initializing';
}

function lagOf(i: MemberStatusInputs): number | null {
  const live = i.local?.live;
  if (!live) return null;
  if (live.role === 'primary') return 0;
  if (live.lsn === null || i.lastPrimaryLsn === null) return null;
  return Math.max(0, Number(i.lastPrimaryLsn - live.lsn));
}

const lsnText = (l: Lsn | null | undefined): string | null => (l == null ? null : formatLsn(l));

/** The status of this member right now. */
export function buildMemberStatus(i: MemberStatusInputs): MemberStatus {
  const live = i.local?.live ?? null;
  const replica = live?.role === 'replica';
  return {
    name: i.identity.name,
    address: i.identity.address,
    postgresPort: i.identity.postgresPort,
    statusPort: i.identity.statusPort,
    role: roleOf(i),
    postgresRunning: live !== null,
    hasData: i.local?.data === 'ready',
    systemIdentifier: live?.systemIdentifier ?? i.local?.systemIdentifier ?? null,
    timeline: live?.timeline ?? null,
    lsn: lsnText(live?.lsn),
    replayedLsn: lsnText(live?.replayedLsn),
    streaming: live?.streaming ?? false,
    following: replica ? i.following : null,
    lagBytes: lagOf(i),
    lagSeconds: live?.lagSeconds ?? null,
    leaseHolder: i.lease.holder,
    leaseExpiresInMs: i.leaseExpiresInMs,
    sync: i.lease.leading ? i.lease.sync : null,
    postgresVersion: i.pgVersion,
    pendingRestart: live?.pendingRestart ?? false,
    message: i.message,
    time: new Date(i.now).toISOString(),
  };
}
