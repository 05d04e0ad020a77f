import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from './config.ts';
import type { LeaseView } from './decide.ts';
import { buildMemberStatus, type MemberStatusInputs } from './member-status.ts';
import type { LocalObservation } from './observe.ts';
import type { LiveState } from './postgres-manager.ts';

const identity: Identity = {
  name: 'pg-1',
  namespace: 'db',
  cluster: 'pg',
  address: '10.0.0.2',
  postgresPort: 5432,
  statusPort: 8008,
  dataDir: '/data/pgdata',
  runDir: '/run/steward',
  networks: ['0.0.0.0/0'],
};

const lease: LeaseView = {
  holder: 'pg-0',
  expired: false,
  leading: false,
  sync: { quorum: 1, members: ['pg-1', 'pg-2'], mode: 'quorum', degraded: false },
  systemIdentifier: '7300',
  handOver: null,
};

function live(over: Partial<LiveState> = {}): LiveState {
  return {
    role: 'replica',
    timeline: 2,
    lsn: 0x3000100n,
    replayedLsn: 0x3000000n,
    streaming: true,
    systemIdentifier: '7300',
    pendingRestart: false,
    lagSeconds: 0.5,
    standbys: [],
    ...over,
  };
}

const ready = (l: LiveState | null): LocalObservation => ({
  data: 'ready',
  dataProblem: null,
  systemIdentifier: '7300',
  live: l,
});

function inputs(over: Partial<MemberStatusInputs> = {}): MemberStatusInputs {
  return {
    identity,
    local: ready(live()),
    fenced: false,
    following: 'pg-0',
    lastPrimaryLsn: 0x3000400n,
    lease,
    leaseExpiresInMs: 9_000,
    pgVersion: '17.2',
    message: 'no action: replica of pg-0, streaming',
    now: Date.UTC(2025, 0, 2, 3, 4, 5),
    ...over,
  };
}

test('a streaming replica reports its position, upstream and lag', () => {
  assert.deepEqual(buildMemberStatus(inputs()), {
    name: 'pg-1',
    address: '10.0.0.2',
    postgresPort: 5432,
    statusPort: 8008,
    role: 'replica',
    postgresRunning: true,
    hasData: true,
    systemIdentifier: '7300',
    timeline: 2,
    lsn: '0/3000100',
    replayedLsn: '0/3000000',
    streaming: true,
    following: 'pg-0',
    lagBytes: 0x300,
    lagSeconds: 0.5,
    leaseHolder: 'pg-0',
    leaseExpiresInMs: 9_000,
    sync: null,
    postgresVersion: '17.2',
    pendingRestart: false,
    message: 'no action: replica of pg-0, streaming',
    time: '2025-01-02T03:04:05.000Z',
  });
});

test('a replica ahead of the last primary position it saw lags 0; unknown positions lag null', () => {
  assert.equal(buildMemberStatus(inputs({ lastPrimaryLsn: 0x3000000n })).lagBytes, 0);
  assert.equal(buildMemberStatus(inputs({ lastPrimaryLsn: null })).lagBytes, null);
  assert.equal(buildMemberStatus(inputs({ local: ready(live({ lsn: null })) })).lagBytes, null);
});

test('the lease-holding primary reports lag 0, no upstream and its published sync state', () => {
  const st = buildMemberStatus(
    inputs({
      local: ready(live({ role: 'primary', streaming: false })),
      lease: { ...lease, holder: 'pg-1', leading: true },
    }),
  );
  assert.equal(st.role, 'primary');
  assert.equal(st.lagBytes, 0);
  assert.equal(st.following, null);
  assert.deepEqual(st.sync, lease.sync);
});

test('stopped, fenced and initializing members', () => {
  const stopped = buildMemberStatus(inputs({ local: ready(null) }));
  assert.equal(stopped.role, 'stopped');
  assert.equal(stopped.postgresRunning, false);
  assert.equal(stopped.hasData, true);
  assert.equal(stopped.systemIdentifier, '7300');
  assert.equal(stopped.lsn, null);
  assert.equal(stopped.lagBytes, null);
  assert.equal(stopped.following, null);
  assert.equal(stopped.streaming, false);

  assert.equal(buildMemberStatus(inputs({ local: ready(null), fenced: true })).role, 'fenced');
  // A fenced member that runs again reports what it runs as.
  assert.equal(buildMemberStatus(inputs({ fenced: true })).role, 'replica');

  const fresh = buildMemberStatus(inputs({ local: null }));
  assert.equal(fresh.role, 'initializing');
  assert.equal(fresh.hasData, false);
  assert.equal(fresh.systemIdentifier, null);
  const empty: LocalObservation = {
    data: 'empty',
    dataProblem: null,
    systemIdentifier: null,
    live: null,
  };
  assert.equal(buildMemberStatus(inputs({ local: empty })).role, 'initializing');
});
