import { test, suite } from 'node:test';
import assert from 'node:assert/strict';
import type { MemberStatus, SyncState } from '../api/instance.ts';
import {
  decide,
  decideCandidacy,
  type CandidacyInputs,
  type LeaseView,
  type LocalView,
  type PeerView,
  type Snapshot,
} from './decide.ts';

const SYSID = '7300000000000000001';

function member(name: string, over: Partial<MemberStatus> = {}): MemberStatus {
  return {
    name,
    address: '127.0.0.1',
    postgresPort: 5432,
    statusPort: 8008,
    role: 'replica',
    postgresRunning: true,
    hasData: true,
    systemIdentifier: SYSID,
    timeline: 1,
    lsn: '0/3000000',
    replayedLsn: '0/3000000',
    streaming: true,
    following: 'a',
    lagBytes: 0,
    lagSeconds: 0,
    leaseHolder: 'a',
    leaseExpiresInMs: 10_000,
    sync: null,
    postgresVersion: '17.0',
    pendingRestart: false,
    message: '',
    time: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

const primary = (name: string, over: Partial<MemberStatus> = {}): MemberStatus =>
  member(name, { role: 'primary', following: null, streaming: false, ...over });

function local(over: Partial<LocalView> = {}): LocalView {
  return {
    name: 'b',
    data: 'ready',
    dataProblem: null,
    systemIdentifier: SYSID,
    postgres: 'running',
    role: 'replica',
    following: 'a',
    lsn: 0x3000000n,
    streaming: true,
    notStreamingSince: null,
    configProblem: null,
    fencedAt: null,
    ...over,
  };
}

function lease(over: Partial<LeaseView> = {}): LeaseView {
  return {
    holder: 'a',
    expired: false,
    leading: false,
    sync: null,
    systemIdentifier: SYSID,
    handOver: null,
    ...over,
  };
}

function snap(
  l: Partial<LocalView>,
  ls: Partial<LeaseView>,
  peers: PeerView[] = [{ name: 'a', status: primary('a') }],
  wish: Partial<Snapshot['wish']> = {},
): Snapshot {
  return {
    now: 100_000,
    local: local(l),
    lease: lease(ls),
    peers,
    wish: {
      switchoverTo: null,
      maximumLagBytes: null,
      rejoinAfterMs: 15_000,
      fencedWaitMs: 30_000,
      ...wish,
    },
  };
}

/** Our member `b` as the lease holder. */
const leading = (over: Partial<LeaseView> = {}): Partial<LeaseView> => ({
  holder: 'b',
  leading: true,
  ...over,
});

suite('decide: leader', () => {
  test('bootstraps with an empty data directory when no cluster exists', () => {
    const r = decide(
      snap({ data: 'empty', postgres: 'stopped', role: null }, leading({ systemIdentifier: null })),
    );
    assert.deepEqual(r.action, { kind: 'bootstrap' });
    assert.equal(
      r.sentence,
      'bootstrapping a new cluster because I hold the lease and no cluster exists yet',
    );
  });

  test('releases the lease with an empty data directory when the cluster exists', () => {
    const r = decide(snap({ data: 'empty', postgres: 'stopped', role: null }, leading()));
    assert.deepEqual(r.action, { kind: 'release' });
    assert.equal(r.sentence, 'releasing the lease: I have no data but the cluster exists');
  });

  test('starts PostgreSQL as primary when it is stopped', () => {
    const r = decide(snap({ postgres: 'stopped', role: null }, leading()));
    assert.deepEqual(r.action, { kind: 'start-primary' });
    assert.equal(r.sentence, 'starting PostgreSQL as primary because I hold the lease');
  });

  test('promotes a running replica', () => {
    const r = decide(snap({}, leading()));
    assert.deepEqual(r.action, { kind: 'promote' });
    assert.equal(r.sentence, 'promoting myself to primary because I hold the lease');
  });

  test('promotes a running replica and names the hand-over addressed to it', () => {
    const r = decide(snap({}, leading({ handOver: { from: 'a', to: 'b', lsn: '0/5000028' } })));
    assert.deepEqual(r.action, { kind: 'promote' });
    assert.equal(
      r.sentence,
      'promoting myself to primary because a handed the lease over to me at 0/5000028',
    );
  });

  test('ignores a hand-over addressed to another member', () => {
    const r = decide(snap({}, leading({ handOver: { from: 'a', to: 'c', lsn: '0/5000028' } })));
    assert.equal(r.sentence, 'promoting myself to primary because I hold the lease');
  });

  const asPrimary: Partial<LocalView> = { role: 'primary', following: null };

  test('switches over to a streaming replica on request', () => {
    const peers = [{ name: 'c', status: member('c', { following: 'b' }) }];
    const r = decide(snap(asPrimary, leading(), peers, { switchoverTo: 'c' }));
    assert.deepEqual(r.action, { kind: 'switchover', to: 'c' });
    assert.equal(r.sentence, 'switching over to c as requested');
  });

  test('stays primary when the switchover target does not stream', () => {
    for (const status of [
      member('c', { streaming: false }),
      member('c', { postgresRunning: false, role: 'stopped' }),
      null,
    ]) {
      const r = decide(snap(asPrimary, leading(), [{ name: 'c', status }], { switchoverTo: 'c' }));
      assert.deepEqual(r.action, { kind: 'lead' });
      assert.equal(
        r.sentence,
        'switchover to c requested but it is not a streaming replica; staying primary',
      );
    }
  });

  test('a switchover to itself is plain leading', () => {
    const r = decide(snap(asPrimary, leading(), [], { switchoverTo: 'b' }));
    assert.deepEqual(r.action, { kind: 'lead' });
    assert.equal(r.sentence, 'no action: I am the primary and hold the lease');
  });

  test('leads', () => {
    const r = decide(snap(asPrimary, leading(), []));
    assert.deepEqual(r.action, { kind: 'lead' });
    assert.equal(r.sentence, 'no action: I am the primary and hold the lease');
  });
});

suite('decide: follower', () => {
  test('fences PostgreSQL running as primary without the lease (split-brain guard)', () => {
    const asPrimary = { role: 'primary' as const, following: null };
    const cases: [Partial<LeaseView>, string][] = [
      [{}, 'fencing: PostgreSQL runs as primary but a holds the lease'],
      [{ expired: true }, 'fencing: PostgreSQL runs as primary but the lease of a expired'],
      [{ holder: '' }, 'fencing: PostgreSQL runs as primary but nobody holds the lease'],
      // Our own record, but the elector no longer leads: fence all the same.
      [{ holder: 'b' }, 'fencing: PostgreSQL runs as primary but b holds the lease'],
    ];
    for (const [ls, sentence] of cases) {
      const r = decide(snap(asPrimary, ls));
      assert.deepEqual(r.action, { kind: 'fence' });
      assert.equal(r.sentence, sentence);
    }
  });

  test('fences before anything else, even with a configuration problem', () => {
    const r = decide(
      snap({ role: 'primary', following: null, configProblem: 'Secret pg-app is missing' }, {}),
    );
    assert.deepEqual(r.action, { kind: 'fence' });
  });

  test('clones an empty data directory from a reachable primary', () => {
    const r = decide(snap({ data: 'empty', postgres: 'stopped', role: null }, {}));
    assert.deepEqual(r.action, { kind: 'clone', from: 'a' });
    assert.equal(r.sentence, 'cloning from the primary a');
  });

  test('waits with an empty data directory when no primary is reachable', () => {
    const empty = { data: 'empty' as const, postgres: 'stopped' as const, role: null };
    const cases: [Partial<LeaseView>, PeerView[], string][] = [
      [{}, [{ name: 'a', status: null }], 'a holds the lease'],
      [{}, [{ name: 'a', status: member('a') }], 'a holds the lease'], // not a primary
      [{}, [{ name: 'a', status: primary('a', { postgresRunning: false }) }], 'a holds the lease'],
      [{ expired: true }, [{ name: 'a', status: primary('a') }], 'the lease of a expired'],
      [{ holder: '' }, [{ name: 'a', status: primary('a') }], 'nobody holds the lease'],
    ];
    for (const [ls, peers, phrase] of cases) {
      const r = decide(snap(empty, ls, peers));
      assert.deepEqual(r.action, { kind: 'wait' });
      assert.equal(r.sentence, `waiting for a primary to clone from (${phrase})`);
    }
  });

  test('rejoins a reachable primary when stopped', () => {
    const r = decide(snap({ postgres: 'stopped', role: null, following: null }, {}));
    assert.deepEqual(r.action, { kind: 'rejoin', leader: 'a' });
    assert.equal(r.sentence, 'rejoining as a replica of a');
  });

  test('starts as a replica without upstream when stopped and no primary is reachable', () => {
    const r = decide(snap({ postgres: 'stopped', role: null }, { expired: true }));
    assert.deepEqual(r.action, { kind: 'start-replica', upstream: null });
    assert.equal(
      r.sentence,
      'starting PostgreSQL as a replica without upstream: the lease of a expired',
    );
  });

  test('a fenced former primary waits for a new primary, then starts read-only', () => {
    const fenced = { postgres: 'stopped' as const, role: null, fencedAt: 100_000 - 29_000 };
    const r = decide(snap(fenced, { expired: true }));
    assert.deepEqual(r.action, { kind: 'wait' });
    assert.equal(
      r.sentence,
      'fenced: waiting for a new primary to rejoin (the lease of a expired)',
    );
    const later = decide(snap({ ...fenced, fencedAt: 100_000 - 30_000 }, { expired: true }));
    assert.deepEqual(later.action, { kind: 'start-replica', upstream: null });
    const withLeader = decide(snap(fenced, {}));
    assert.deepEqual(withLeader.action, { kind: 'rejoin', leader: 'a' });
  });

  test('a fenced former primary running read-only rewinds onto the new primary', () => {
    const r = decide(snap({ following: null, fencedAt: 50_000 }, {}));
    assert.deepEqual(r.action, { kind: 'rejoin', leader: 'a' });
    assert.equal(r.sentence, 'rejoining a: I was fenced as primary and may have diverged');
  });

  test('waits while PostgreSQL runs but does not answer', () => {
    for (const ls of [{}, leading()]) {
      const r = decide(snap({ role: null }, ls));
      assert.deepEqual(r.action, { kind: 'wait' });
      assert.equal(r.sentence, 'waiting: PostgreSQL is running but does not answer yet');
    }
  });

  test('follows the new primary when it follows someone else', () => {
    for (const following of ['c', null]) {
      const r = decide(snap({ following }, {}));
      assert.deepEqual(r.action, { kind: 'follow', leader: 'a' });
      assert.equal(r.sentence, 'following the new primary a');
    }
  });

  test('rejoins when it has not streamed from the primary for longer than rejoinAfterMs', () => {
    const r = decide(snap({ streaming: false, notStreamingSince: 100_000 - 20_000 }, {}));
    assert.deepEqual(r.action, { kind: 'rejoin', leader: 'a' });
    assert.equal(r.sentence, 'rejoining a: not streaming from it for 20 s');
  });

  test('keeps connecting while within rejoinAfterMs', () => {
    const r = decide(snap({ streaming: false, notStreamingSince: 100_000 - 15_000 }, {}));
    assert.deepEqual(r.action, { kind: 'wait' });
    assert.equal(r.sentence, 'no action: replica of a, connecting');
  });

  test('waits as a streaming replica', () => {
    const r = decide(snap({}, {}));
    assert.deepEqual(r.action, { kind: 'wait' });
    assert.equal(r.sentence, 'no action: replica of a, streaming');
  });

  test('waits as a replica when no primary is reachable', () => {
    const r = decide(snap({}, {}, [{ name: 'a', status: null }]));
    assert.deepEqual(r.action, { kind: 'wait' });
    assert.equal(r.sentence, 'no action: replica waiting for a primary (a holds the lease)');
  });
});

suite('decide: problems', () => {
  const invalid: Partial<LocalView> = {
    data: 'invalid',
    dataProblem: 'PG_VERSION says 16, this image runs 17',
    postgres: 'stopped',
    role: null,
  };
  const why =
    'the data directory is unusable (PG_VERSION says 16, this image runs 17); not starting PostgreSQL, nothing is deleted';

  test('an invalid data directory makes a follower wait, saying why and that nothing is deleted', () => {
    const r = decide(snap(invalid, {}));
    assert.deepEqual(r.action, { kind: 'wait' });
    assert.equal(r.sentence, why);
  });

  test('an invalid data directory makes the leader release the lease', () => {
    const r = decide(snap(invalid, leading()));
    assert.deepEqual(r.action, { kind: 'release' });
    assert.equal(r.sentence, `releasing the lease: ${why}`);
  });

  test('a configuration problem makes a member wait', () => {
    const problem = 'Secret pg-app is missing or has no password';
    for (const [l, ls] of [
      [{}, {}],
      [{ postgres: 'stopped', role: null }, leading()],
      [{ data: 'empty', postgres: 'stopped', role: null }, leading({ systemIdentifier: null })],
    ] as [Partial<LocalView>, Partial<LeaseView>][]) {
      const r = decide(snap({ ...l, configProblem: problem }, ls));
      assert.deepEqual(r.action, { kind: 'wait' });
      assert.equal(r.sentence, `waiting: ${problem}`);
    }
  });

  test('a leading primary keeps leading with the last good configuration', () => {
    const problem = 'spec.postgresql.parameters: max_connections must be an integer';
    const r = decide(snap({ role: 'primary', following: null, configProblem: problem }, leading()));
    assert.deepEqual(r.action, { kind: 'lead' });
    assert.equal(r.sentence, `leading with the last good configuration: ${problem}`);
  });
});

function cand(
  l: Partial<LocalView>,
  peers: PeerView[],
  over: Partial<Omit<CandidacyInputs, 'local' | 'peers'>> = {},
): { ok: boolean; sentence: string } {
  return decideCandidacy({
    local: local({ following: null, streaming: false, ...l }),
    lease: { sync: null, systemIdentifier: SYSID },
    peers,
    lastPrimaryLsn: null,
    maximumLagBytes: null,
    ...over,
  });
}

const at = (name: string, lsn: string, over: Partial<MemberStatus> = {}): PeerView => ({
  name,
  status: member(name, { lsn, streaming: false, ...over }),
});

const YES = 'candidate: I hold the most recent WAL among reachable members';

suite('decideCandidacy', () => {
  test('a member without running PostgreSQL is no candidate', () => {
    const r = cand({ postgres: 'stopped', role: null, lsn: null }, []);
    assert.deepEqual(r, { ok: false, sentence: 'not a candidate: PostgreSQL is not running' });
  });

  test('a configuration problem or unusable data is no candidate', () => {
    assert.deepEqual(cand({ configProblem: 'no Secret' }, []), {
      ok: false,
      sentence: 'not a candidate: no Secret',
    });
    assert.deepEqual(cand({ data: 'invalid', postgres: 'stopped', role: null }, []), {
      ok: false,
      sentence: 'not a candidate: my data directory is unusable',
    });
  });

  test('another reachable primary blocks', () => {
    const r = cand({}, [{ name: 'a', status: primary('a', { lsn: '0/1000000' }) }]);
    assert.deepEqual(r, { ok: false, sentence: 'not a candidate: a still runs as primary' });
  });

  test('a peer further ahead blocks', () => {
    const r = cand({}, [at('a', '0/2000000'), at('c', '0/3000010')]);
    assert.deepEqual(r, { ok: false, sentence: 'not a candidate: c is further ahead (0/3000010)' });
  });

  test('the most advanced member is the candidate; peers without a position do not block', () => {
    const r = cand({}, [
      at('a', '0/2FFFFFF'),
      { name: 'c', status: null },
      at('d', 'garbage'),
      { name: 'e', status: member('e', { lsn: null, postgresRunning: false, role: 'stopped' }) },
    ]);
    assert.deepEqual(r, { ok: true, sentence: YES });
  });

  test('a tie goes to the lowest name', () => {
    assert.deepEqual(cand({}, [at('a', '0/3000000')]), {
      ok: false,
      sentence: 'not a candidate: a is further ahead (0/3000000)',
    });
    assert.deepEqual(cand({}, [at('c', '0/3000000')]), { ok: true, sentence: YES });
  });

  test('the lag bound is measured from the last primary position', () => {
    const over = { lastPrimaryLsn: 0x3000000n + 2048n, maximumLagBytes: 1024 };
    assert.deepEqual(cand({}, [], over), {
      ok: false,
      sentence: 'not a candidate: I lag 2048 bytes behind the last primary position',
    });
    assert.deepEqual(cand({}, [], { ...over, maximumLagBytes: 2048 }), { ok: true, sentence: YES });
    assert.deepEqual(cand({}, [], { ...over, maximumLagBytes: null }), {
      ok: true,
      sentence: YES,
    });
  });

  test('data of another cluster is no candidate', () => {
    assert.deepEqual(cand({ systemIdentifier: '999' }, []), {
      ok: false,
      sentence: 'not a candidate: my data belongs to another cluster (999)',
    });
    assert.deepEqual(cand({ systemIdentifier: null }, []), {
      ok: false,
      sentence: 'not a candidate: my data belongs to another cluster (unknown)',
    });
  });

  const sync = (quorum: number, members: string[]): SyncState => ({
    quorum,
    members,
    mode: 'quorum',
    degraded: false,
  });
  const withSync = (s: SyncState) => ({ lease: { sync: s, systemIdentifier: SYSID } });

  test('synchronous mode: a member outside the set is no candidate', () => {
    const r = cand({}, [at('c', '0/1000000')], withSync(sync(1, ['c', 'd'])));
    assert.deepEqual(r, {
      ok: false,
      sentence: 'not a candidate: I am not in the synchronous set',
    });
  });

  test('synchronous mode: too few members of the set reachable', () => {
    // Set [b, c], quorum 1: a commit may be on c alone, so b must see c (2 of 2).
    const r = cand(
      {},
      [{ name: 'c', status: null }, at('d', '0/1000000')],
      withSync(sync(1, ['b', 'c'])),
    );
    assert.deepEqual(r, {
      ok: false,
      sentence:
        'not a candidate: only 1 of the 2 synchronous members needed are reachable with a known position',
    });
  });

  test('synchronous mode: a reachable member without a known position does not count', () => {
    // c acknowledged commits and then its PostgreSQL stopped; its agent still answers.
    const stopped = member('c', { lsn: null, postgresRunning: false, role: 'stopped' });
    const r = cand({}, [{ name: 'c', status: stopped }], withSync(sync(1, ['b', 'c'])));
    assert.equal(r.ok, false);
  });

  test('synchronous mode: in the set and best among enough of it', () => {
    const s = withSync(sync(2, ['b', 'c', 'd']));
    // Needs 3 - 2 + 1 = 2 of {b, c, d}; d is unreachable; e (outside the set) is ahead.
    const peers = [at('c', '0/2000000'), { name: 'd', status: null }, at('e', '0/9000000')];
    assert.deepEqual(cand({}, peers, s), { ok: true, sentence: YES });
    assert.deepEqual(cand({}, [at('c', '0/3000001'), at('d', '0/1000000')], s), {
      ok: false,
      sentence: 'not a candidate: c is further ahead (0/3000001)',
    });
  });

  test('an asynchronous published state imposes no set', () => {
    const r = cand({}, [at('c', '0/1000000')], withSync({ ...sync(0, []), degraded: true }));
    assert.deepEqual(r, { ok: true, sentence: YES });
  });

  suite('bootstrap', () => {
    const empty: Partial<LocalView> = {
      data: 'empty',
      postgres: 'stopped',
      role: null,
      lsn: null,
      systemIdentifier: null,
    };
    const fresh = { lease: { sync: null, systemIdentifier: null } };
    const blank = (name: string): PeerView => ({
      name,
      status: member(name, {
        hasData: false,
        postgresRunning: false,
        role: 'initializing',
        lsn: null,
        systemIdentifier: null,
      }),
    });

    test('the lowest reachable name bootstraps first', () => {
      assert.deepEqual(cand(empty, [blank('c'), { name: 'a', status: null }], fresh), {
        ok: true,
        sentence: 'candidate: bootstrapping the cluster',
      });
      assert.deepEqual(cand(empty, [blank('a'), blank('c')], fresh), {
        ok: false,
        sentence: 'not a candidate: a bootstraps first',
      });
    });

    test('a reachable member with data blocks bootstrap', () => {
      assert.deepEqual(cand(empty, [at('c', '0/1000000')], fresh), {
        ok: false,
        sentence: 'not a candidate: c has data',
      });
    });

    test('no bootstrap once the cluster exists', () => {
      assert.deepEqual(cand(empty, []), {
        ok: false,
        sentence: 'not a candidate: no data, the cluster exists',
      });
    });
  });
});
