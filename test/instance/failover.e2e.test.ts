// The instance agent end to end: real PostgreSQL 15, the sandbox API, three agents as processes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectlOk } from '../support/kubectl.ts';
import { waitFor } from '../support/wait.ts';
import { AgentCluster } from './harness.ts';

const c = new AgentCluster();
before(async () => {
  await c.start();
  for (const m of c.members) c.startAgent(m);
});
after(() => c.stop());

test(
  'three agents bootstrap one primary and two streaming replicas with slots',
  { timeout: 120_000 },
  async () => {
    const primary = await c.waitHealthy();
    const db = await primary.app();
    await db.query('CREATE TABLE t (id int primary key)');
    await db.query('INSERT INTO t VALUES (1)');
    await db.close();
    const st = await primary.status();
    assert.equal(st.role, 'primary');
    const pod = await waitFor('the pod annotation of the primary', () => c.podStatus(primary.name));
    assert.equal(pod.name, primary.name);
    for (const m of c.members.filter((x) => x !== primary)) {
      await waitFor(`row replicated to ${m.name}`, async () => {
        const r = await m.app();
        try {
          return (await r.query('SELECT count(*)::int AS n FROM t'))[0]?.['n'] === 1;
        } finally {
          await r.close();
        }
      });
    }
  },
);

test(
  'killing the primary agent and PostgreSQL promotes a replica; the old one rejoins',
  { timeout: 120_000 },
  async () => {
    const old = await c.waitHealthy();
    await c.killAgent(old, true);
    const fresh = await waitFor(
      'a new primary',
      async () => {
        const st = await c.statuses();
        return st.find(
          (s) => s.role === 'primary' && s.name !== old.name && s.leaseHolder === s.name,
        );
      },
      60_000,
    );
    const db = await c.member(fresh.name).app();
    await db.query('INSERT INTO t VALUES (2)');
    await db.close();
    // The pod label (the -rw Service's selector) and the cluster status follow the new primary.
    await waitFor('the primary label on the new primary only', async () => {
      const out = await kubectlOk(c.t.kubeconfig, [
        'get',
        'pods',
        '-l',
        'steward.dev/role=primary',
        '-o',
        'name',
      ]);
      return out.trim() === `pod/${fresh.name}`;
    });
    const pgc = JSON.parse(
      await kubectlOk(c.t.kubeconfig, ['get', 'pgc', c.name, '-o', 'json']),
    ) as {
      status: { currentPrimary: string; timeline: number };
    };
    assert.equal(pgc.status.currentPrimary, fresh.name);
    assert.ok(pgc.status.timeline >= 2);
    c.startAgent(old);
    await c.waitHealthy(2, 90_000);
    const back = await old.status();
    assert.equal(back.role, 'replica');
    assert.equal(back.following, fresh.name);
  },
);
