// Rejoin when pg_rewind is impossible: with spec.failover.recloneWhenRewindImpossible false the
// former primary stays stopped with its data untouched and says why; set back to true, it moves
// the directory aside (never deleting it) and clones the new primary.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { kubectlOk } from '../support/kubectl.ts';
import { waitFor } from '../support/wait.ts';
import { AgentCluster, type Member } from './harness.ts';

const c = new AgentCluster();
let primary: Member;
before(async () => {
  await c.start();
  for (const m of c.members) c.startAgent(m);
  primary = await c.waitHealthy();
  const db = await primary.app();
  await db.query('CREATE TABLE kept (v int)');
  await db.query('INSERT INTO kept SELECT generate_series(1, 100)');
  await db.close();
});
after(() => c.stop());

const setReclone = (on: boolean) =>
  kubectlOk(c.t.kubeconfig, [
    'patch', 'pgc', c.name, '--type=merge',
    '-p', JSON.stringify({ spec: { failover: { recloneWhenRewindImpossible: on } } }),
  ]); // prettier-ignore

const walFiles = (m: Member) =>
  readdirSync(join(m.dataDir, 'pg_wal')).filter((f) => /^[0-9A-F]{24}$/.test(f));

test(
  'rewind impossible: stays stopped and says so when re-cloning is off; re-clones, keeping the old directory, when on',
  { timeout: 240_000 },
  async () => {
    await setReclone(false);
    const old = primary;
    await c.killAgent(old, true);
    const fresh = await waitFor(
      'a new primary',
      async () =>
        (await c.statuses()).find(
          (s) => s.role === 'primary' && s.name !== old.name && s.leaseHolder === s.name,
        ),
      60_000,
    );
    // Lose the killed primary's WAL: its crash recovery, and so pg_rewind, cannot work any more.
    for (const f of walFiles(old)) rmSync(join(old.dataDir, 'pg_wal', f));
    const before = readdirSync(old.dataDir).sort();
    c.startAgent(old);
    const msg = await waitFor(`${old.name} to explain`, async () => {
      const st = await old.status();
      return /recloneWhenRewindImpossible/.test(st.message) ? st.message : null;
    });
    assert.match(msg, /pg_rewind cannot rejoin/);
    assert.match(msg, /staying stopped with the data directory untouched/);
    assert.equal((await old.status()).postgresRunning, false);
    assert.deepEqual(readdirSync(old.dataDir).sort(), before, 'nothing moved or deleted');
    assert.deepEqual(walFiles(old), []);

    await setReclone(true);
    await c.waitHealthy(2, 120_000);
    const st = await old.status();
    assert.equal(st.role, 'replica');
    assert.equal(st.following, fresh.name);
    const aside = readdirSync(dirname(old.dataDir)).filter((d) =>
      d.startsWith(`${basename(old.dataDir)}.diverged-`),
    );
    assert.equal(aside.length, 1, 'the old directory is kept beside the new one');
    const db = await old.app();
    try {
      const [r] = await db.query<{ n: string }>('SELECT count(*) AS n FROM kept');
      assert.equal(Number(r?.n), 100);
    } finally {
      await db.close();
    }
  },
);
