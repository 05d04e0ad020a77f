// SQL helpers, roles and slots on a real server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureDatabase, ensureRole } from '../../src/postgres/roles.ts';
import {
  dropSlot,
  ensurePhysicalSlot,
  listPhysicalSlots,
  reconcileSlots,
} from '../../src/postgres/slots.ts';
import { connect, sqlState, withConnection } from '../../src/postgres/sql.ts';
import { Sandbox, type TestNode } from './harness.ts';

const box = new Sandbox();
let node: TestNode;
before(async () => {
  await box.init();
  node = await box.node('n');
  await node.initdb();
  await node.configure();
  await node.start();
});
after(() => box.cleanup());

test('connection errors and SQL errors are typed', async () => {
  await assert.rejects(
    connect({ host: node.dir, port: node.port, user: 'steward_su', password: 'wrong' }),
    (e: Error & { code?: string }) =>
      e.code === 'PG_CONNECT_FAILED' && /password authentication failed/.test(e.message),
  );
  const c = await node.su();
  const err = await c.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
  assert.equal((err as { code?: string }).code, 'SQL_FAILED');
  assert.equal(sqlState(err), '42P01');
  const [app] = await c.query<{ a: string }>("SELECT current_setting('application_name') AS a");
  assert.equal(app?.a, 'steward');
  await c.close();
});

test('roles and databases are ensured idempotently and their passwords work', async () => {
  await withConnection(
    { host: node.dir, port: node.port, user: 'steward_su', password: 'su-secret' },
    async (c) => {
      assert.equal(
        await ensureRole(c, { name: 'Odd "Name"', password: 'p1' }, ['LOGIN']),
        'created',
      );
      assert.equal(
        await ensureRole(c, { name: 'Odd "Name"', password: 'p2' }, ['LOGIN', 'CREATEDB']),
        'updated',
      );
      assert.equal(await ensureDatabase(c, 'odd db', 'Odd "Name"'), 'created');
      assert.equal(await ensureDatabase(c, 'odd db', 'Odd "Name"'), 'exists');
      const [r] = await c.query<{ createdb: boolean }>(
        'SELECT rolcreatedb AS createdb FROM pg_roles WHERE rolname = $1',
        ['Odd "Name"'],
      );
      assert.equal(r?.createdb, true);
    },
  );
  const c = await connect({
    host: node.dir,
    port: node.port,
    user: 'Odd "Name"',
    password: 'p2',
    database: 'odd db',
  });
  await c.close();
});

test('slots: create, list, drop, reconcile', async () => {
  const c = await node.su();
  assert.equal(await ensurePhysicalSlot(c, 'steward_x'), 'created');
  assert.equal(await ensurePhysicalSlot(c, 'other_slot'), 'created');
  const slots = await listPhysicalSlots(c);
  assert.deepEqual(
    slots.map((s) => [s.name, s.active, s.restartLsn !== null]),
    [
      ['other_slot', false, true],
      ['steward_x', false, true],
    ],
  );
  const r = await reconcileSlots(c, ['steward_y'], (n) => n.startsWith('steward_'));
  assert.deepEqual(r, { created: ['steward_y'], dropped: ['steward_x'] });
  assert.equal(await dropSlot(c, 'steward_x'), 'absent');
  assert.deepEqual(
    (await listPhysicalSlots(c)).map((s) => s.name),
    ['other_slot', 'steward_y'],
  );
  await assert.rejects(ensurePhysicalSlot(c, 'Bad-Name'), /invalid replication slot name/);
  await c.close();
});

test('closing a session whose server is frozen returns within about a second', async () => {
  const c = await node.su();
  const [r] = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = r!.pid;
  process.kill(pid, 'SIGSTOP');
  try {
    const started = Date.now();
    await c.close();
    assert.ok(Date.now() - started < 3_000, `close took ${Date.now() - started} ms`);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
});
