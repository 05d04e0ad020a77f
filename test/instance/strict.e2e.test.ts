// Synchronous modes when every standby is gone: strict blocks commits (and says so) until a standby
// returns (a crashed one rejoins without a re-clone); quorum degrades to asynchronous (and says so)
// and keeps accepting writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MemberStatus } from '../../src/api/instance.ts';
import { waitFor } from '../support/wait.ts';
import { AgentCluster, type Member } from './harness.ts';

/** Starts a healthy cluster whose primary publishes a synchronous quorum of 1; returns its primary. */
async function startSynchronous(c: AgentCluster): Promise<Member> {
  await c.start();
  for (const m of c.members) c.startAgent(m);
  const p = await c.waitHealthy();
  const db = await p.app();
  await db.query('CREATE TABLE t (id int primary key)');
  await db.close();
  await waitFor(
    'a published synchronous quorum over both replicas',
    async () => {
      const s = await p.status();
      return s.sync?.quorum === 1 && s.sync.members.length === 2 && !s.sync.degraded;
    },
    60_000,
  );
  return p;
}

/** Waits until the primary's status satisfies `ok`; returns it. */
function primaryStatus(p: Member, what: string, ok: (s: MemberStatus) => boolean) {
  return waitFor(
    what,
    async () => {
      const s = await p.status();
      return ok(s) ? s : null;
    },
    30_000,
  );
}

const BLOCKED = /writes are blocked waiting for synchronous standbys/;

test('strict mode: with no standby a commit is not acknowledged until one returns', async (t) => {
  const c = new AgentCluster({ synchronous: { mode: 'strict', number: 1 } });
  try {
    const p = await startSynchronous(c);
    assert.doesNotMatch((await p.status()).message, BLOCKED);
    const [r1, r2] = c.members.filter((m) => m !== p) as [Member, Member];
    await c.killAgent(r1, true);
    await c.killAgent(r2, true);

    const db = await p.app(120_000);
    try {
      let settled = false;
      const commit = db.query('INSERT INTO t VALUES (1)').finally(() => (settled = true));
      commit.catch(() => undefined);
      await new Promise((r) => setTimeout(r, 5_000));
      assert.equal(settled, false, 'a commit with no synchronous standby must not be acknowledged');

      const blocked = await primaryStatus(p, 'the primary to report blocked writes', (s) =>
        BLOCKED.test(s.message),
      );
      t.diagnostic(`primary says: ${blocked.message}`);
      assert.equal(blocked.role, 'primary');
      assert.equal(blocked.sync?.mode, 'strict');
      assert.equal(blocked.sync.quorum, 1);
      assert.equal(blocked.sync.degraded, false);
      assert.equal(settled, false);

      const restartedAt = Date.now();
      c.startAgent(r1);
      await commit;
      t.diagnostic(`commit acknowledged ${Date.now() - restartedAt} ms after ${r1.name} restarted`);
      await waitFor(
        `the row on ${r1.name}`,
        async () => {
          const rdb = await r1.app();
          try {
            return (await rdb.query('SELECT id FROM t WHERE id = 1')).length === 1;
          } finally {
            await rdb.close();
          }
        },
        30_000,
      );
      const aside = readdirSync(join(r1.dir, 'data')).filter((n) => n.includes('diverged'));
      assert.deepEqual(aside, [], 'the crashed standby rejoined without a re-clone');
      await primaryStatus(p, 'the primary to stop reporting blocked writes', (s) => {
        return s.role === 'primary' && !BLOCKED.test(s.message);
      });
    } finally {
      await db.close();
    }
  } finally {
    await c.stop();
  }
});

test('quorum mode: with no standby the primary degrades to asynchronous and says so', async (t) => {
  const c = new AgentCluster({ synchronous: { mode: 'quorum', number: 1 } });
  try {
    const p = await startSynchronous(c);
    for (const m of c.members) if (m !== p) await c.killAgent(m, true);

    const db = await p.app(60_000);
    try {
      const started = Date.now();
      await db.query('INSERT INTO t VALUES (1)');
      t.diagnostic(`first commit after losing both standbys took ${Date.now() - started} ms`);
      const s = await primaryStatus(p, 'the primary to report degraded replication', (x) =>
        /degraded to asynchronous replication/.test(x.message),
      );
      t.diagnostic(`primary says: ${s.message}`);
      assert.equal(s.role, 'primary');
      assert.deepEqual(
        { mode: s.sync?.mode, quorum: s.sync?.quorum, degraded: s.sync?.degraded },
        { mode: 'quorum', quorum: 0, degraded: true },
      );
      assert.doesNotMatch(s.message, BLOCKED);
      const again = Date.now();
      await db.query('INSERT INTO t VALUES (2)');
      assert.ok(Date.now() - again < 2_000, 'a degraded primary commits without waiting');
    } finally {
      await db.close();
    }
  } finally {
    await c.stop();
  }
});
