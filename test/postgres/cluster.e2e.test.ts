// End to end on real PostgreSQL: bootstrap, clone, stream, sync modes, promote, diverge, rewind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cloneFromPrimary, rewindFrom } from '../../src/postgres/clone.ts';
import { readControlData } from '../../src/postgres/controldata.ts';
import type { ManagedConfig } from '../../src/postgres/config.ts';
import { parseLsn } from '../../src/postgres/lsn.ts';
import {
  buildPrimaryConninfo,
  buildSynchronousStandbyNames,
} from '../../src/postgres/replication.ts';
import { ensureClusterRoles } from '../../src/postgres/roles.ts';
import { promote, reloadConf } from '../../src/postgres/server-control.ts';
import { ensurePhysicalSlot, listPhysicalSlots } from '../../src/postgres/slots.ts';
import { connect, type SqlClient } from '../../src/postgres/sql.ts';
import {
  fetchTimelineHistory,
  queryInstanceStatus,
  queryStandbys,
  queryWalReceiver,
} from '../../src/postgres/status.ts';
import { checkOnHistory } from '../../src/postgres/timeline.ts';
import { creds, eventually, pg, runner, Sandbox, type TestNode } from './harness.ts';

const box = new Sandbox();
before(() => box.init());
after(() => box.cleanup());

function standbyOf(primary: TestNode, appName: string, slot: string): Partial<ManagedConfig> {
  const { host, port, user, password } = primary.source;
  const info = buildPrimaryConninfo({ host, port, user, password, applicationName: appName });
  return { standby: { primaryConninfo: info, primarySlotName: slot } };
}

async function ids(c: SqlClient): Promise<number[]> {
  const rows = await c.query<{ id: number }>('SELECT id FROM t ORDER BY id');
  return rows.map((r) => r.id);
}

/** Waits until `standby` has replayed everything `primary` has written so far. */
async function caughtUp(primary: SqlClient, standby: SqlClient): Promise<void> {
  const target = (await queryInstanceStatus(primary)).currentLsn!;
  await eventually(async () => ((await queryInstanceStatus(standby)).replayLsn ?? 0n) >= target);
}

async function setSyncNames(node: TestNode, c: SqlClient, names: string): Promise<void> {
  await node.configure({ synchronousStandbyNames: names });
  await reloadConf(c);
  await eventually(async () => {
    const [r] = await c.query<{ v: string }>('SELECT current_setting($1) AS v', [
      'synchronous_standby_names',
    ]);
    return r?.v === names;
  });
}

test(
  'primary and replica: roles, clone, stream, sync, promote, diverge, rewind',
  { timeout: 60_000 },
  async () => {
    const a = await box.node('a');
    const b = await box.node('b');
    await a.initdb();
    await a.configure();
    await a.start();
    const sa = await a.su();

    // Roles: idempotent; SCRAM verifiers computed by us work; the superuser cannot use TCP.
    await ensureClusterRoles(sa, creds);
    await ensureClusterRoles(sa, creds);
    const app = await connect({
    host: '127.0.0.1', port: a.port, user: 'app', password: 'app-secret', database: 'appdb',
  }); // prettier-ignore
    assert.deepEqual(await app.query('SELECT current_user AS u'), [{ u: 'app' }]);
    await app.close();
    await assert.rejects(
      connect({
        host: '127.0.0.1',
        port: a.port,
        user: creds.superuser.name,
        password: creds.superuser.password,
      }),
      (e: Error & { code?: string }) => e.code === 'PG_CONNECT_FAILED' && /pg_hba/.test(e.message),
    );

    // Clone b through a slot and stream.
    assert.equal(await ensurePhysicalSlot(sa, 'steward_b'), 'created');
    assert.equal(await ensurePhysicalSlot(sa, 'steward_b'), 'exists');
    await cloneFromPrimary(runner, pg, {
      dataDir: b.dataDir,
      source: a.source,
      slotName: 'steward_b',
    });
    await b.configure(standbyOf(a, 'node-b', 'steward_b'));
    await b.start();
    const sb = await b.su();
    await eventually(async () =>
      (await queryStandbys(sa)).some(
        (s) => s.applicationName === 'node-b' && s.state === 'streaming',
      ),
    );
    assert.equal((await listPhysicalSlots(sa))[0]?.active, true);

    await sa.query('CREATE TABLE t (id int PRIMARY KEY, origin text)');
    await sa.query(`INSERT INTO t VALUES (1, 'a')`);
    await caughtUp(sa, sb);
    assert.deepEqual(await ids(sb), [1]);
    const bStatus = await queryInstanceStatus(sb);
    assert.equal(bStatus.role, 'standby');
    assert.equal(bStatus.timeline, 1);
    assert.ok(bStatus.replayLagBytes !== null && bStatus.replayLagBytes >= 0n);
    assert.equal((await queryWalReceiver(sb))?.senderPort, a.port);
    assert.equal(await queryWalReceiver(sa), null);

    // Strict: a missing synchronous standby blocks commits until a connected one qualifies.
    await setSyncNames(
      a,
      sa,
      buildSynchronousStandbyNames({ method: 'FIRST', number: 1, names: ['node-c'] }),
    );
    const writer = await a.su('postgres', 8_000);
    const blocked = writer.query(`INSERT INTO t VALUES (2, 'a')`);
    await eventually(async () => {
      const r = await sa.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'SyncRep'`,
      );
      return r[0]?.n === 1;
    });
    const released = Date.now();
    await setSyncNames(
      a,
      sa,
      buildSynchronousStandbyNames({ method: 'FIRST', number: 1, names: ['node-b', 'node-c'] }),
    );
    await blocked;
    assert.ok(Date.now() - released < 5_000, 'commit released by the synchronous standby');
    await writer.close();
    assert.equal((await queryStandbys(sa))[0]?.syncState, 'sync');

    // Quorum.
    await setSyncNames(
      a,
      sa,
      buildSynchronousStandbyNames({ method: 'ANY', number: 1, names: ['node-b', 'node-c'] }),
    );
    await sa.query(`INSERT INTO t VALUES (3, 'a')`);
    await eventually(async () => (await queryStandbys(sa))[0]?.syncState === 'quorum');
    await setSyncNames(a, sa, '');

    // Promote b while a still runs; write on both: they diverge.
    await caughtUp(sa, sb);
    assert.equal(await promote(sb), 'promoted');
    assert.equal(await promote(sb), 'not-standby');
    const promoted = await queryInstanceStatus(sb);
    assert.equal(promoted.role, 'primary');
    assert.equal(promoted.timeline, 2);
    await sb.query(`INSERT INTO t VALUES (10, 'b')`);
    await sa.query(`INSERT INTO t VALUES (20, 'a-diverged')`);
    await sa.close();
    await a.stop('fast');

    // a's end of WAL is past b's switch point on timeline 1: diverged.
    const control = await readControlData(runner, pg, a.dataDir);
    assert.equal(control.state, 'shut down');
    assert.equal(control.checkpointTimeline, 1);
    const history = await fetchTimelineHistory(sb, 2);
    assert.equal(history.entries[0]?.timeline, 1);
    const check = checkOnHistory(history, { timeline: 1, lsn: control.checkpointLsn });
    assert.equal(check.kind, 'diverged', check.sentence);
    assert.equal(checkOnHistory(history, { timeline: 1, lsn: parseLsn('0/0') }).kind, 'on-history');

    // Rewind a onto b (as the replication user) and follow b.
    const rewound = await rewindFrom(runner, pg, { dataDir: a.dataDir, source: b.source });
    assert.equal(rewound.kind, 'rewound', 'reason' in rewound ? rewound.reason : '');
    await ensurePhysicalSlot(sb, 'steward_a');
    await a.configure(standbyOf(b, 'node-a', 'steward_a'));
    await a.start();
    const sa2 = await a.su();
    await sb.query(`INSERT INTO t VALUES (11, 'b')`);
    await caughtUp(sb, sa2);
    assert.deepEqual(await ids(sa2), [1, 2, 3, 10, 11]);
    const aStatus = await queryInstanceStatus(sa2);
    assert.equal(aStatus.role, 'standby');
    assert.equal(aStatus.timeline, 2);
    assert.equal((await queryWalReceiver(sa2))?.receivedTimeline, 2);
    assert.equal((await listPhysicalSlots(sb)).find((s) => s.name === 'steward_a')?.active, true);

    // Rewinding again finds nothing to do.
    await sa2.close();
    await a.stop('fast');
    assert.equal(
      (await rewindFrom(runner, pg, { dataDir: a.dataDir, source: b.source })).kind,
      'not-needed',
    );
    await sb.close();
    await b.stop('fast');
  },
);
