// Bad input never costs data: invalid or managed parameters, a missing Secret, a corrupted data
// directory each give a clear status message while the cluster keeps serving.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPostmaster } from '../../src/instance/fence/postmaster.ts';
import { realProcFs } from '../../src/instance/fence/proc-fs.ts';
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
  await db.query('CREATE TABLE kept (v text)');
  await db.query(`INSERT INTO kept VALUES ('precious')`);
  await db.close();
});
after(() => c.stop());

const patchParameters = (params: Record<string, string | null>) =>
  kubectlOk(c.t.kubeconfig, [
    'patch', 'pgc', c.name, '--type=merge', '-p', JSON.stringify({ spec: { postgresql: { parameters: params } } }),
  ]); // prettier-ignore

async function messageOf(m: Member, pattern: RegExp): Promise<string> {
  return waitFor(`${m.name} to say ${pattern}`, async () => {
    const st = await m.status();
    return pattern.test(st.message) ? st.message : null;
  });
}

async function stillWritable(): Promise<void> {
  const db = await primary.app();
  try {
    await db.query(`INSERT INTO kept VALUES ('more')`);
  } finally {
    await db.close();
  }
}

test(
  'a reloadable parameter change reaches every member without a restart',
  { timeout: 60_000 },
  async () => {
    await patchParameters({ work_mem: '7MB' });
    for (const m of c.members) {
      await waitFor(`work_mem on ${m.name}`, async () => {
        const db = await m.app();
        try {
          const [r] = await db.query<{ work_mem: string }>('SHOW work_mem');
          return r?.work_mem === '7MB';
        } finally {
          await db.close();
        }
      });
    }
    assert.equal((await primary.status()).role, 'primary');
  },
);

test(
  'an invalid parameter value is refused with its name; the primary keeps serving',
  { timeout: 60_000 },
  async () => {
    await patchParameters({ shared_buffers: 'lots' });
    const msg = await messageOf(primary, /shared_buffers/);
    assert.match(msg, /spec\.postgresql\.parameters/);
    assert.equal((await primary.status()).role, 'primary');
    await stillWritable();
    await patchParameters({ shared_buffers: null });
    await messageOf(primary, /^no action: I am the primary/);
  },
);

test('a managed parameter is refused with a clear message', { timeout: 60_000 }, async () => {
  await patchParameters({ listen_addresses: '*' });
  const msg = await messageOf(primary, /listen_addresses/);
  assert.match(msg, /managed by Steward/);
  await stillWritable();
  await patchParameters({ listen_addresses: null });
  await messageOf(primary, /^no action: I am the primary/);
});

test('a missing Secret is named; nothing stops', { timeout: 60_000 }, async () => {
  const secret = await kubectlOk(c.t.kubeconfig, ['get', 'secret', `${c.name}-app`, '-o', 'json']);
  await kubectlOk(c.t.kubeconfig, ['delete', 'secret', `${c.name}-app`]);
  const replica = c.members.find((m) => m !== primary)!;
  assert.match(await messageOf(replica, /Secret/), new RegExp(`${c.name}-app`));
  assert.match(await messageOf(primary, /Secret/), /leading with the last good configuration/);
  await stillWritable();
  const restored = JSON.parse(secret) as { metadata: Record<string, unknown> };
  restored.metadata = { name: `${c.name}-app` };
  await kubectlOk(c.t.kubeconfig, ['create', '-f', '-'], { input: JSON.stringify(restored) });
  await c.waitHealthy(2, 60_000);
});

test(
  'a corrupted data directory is reported and left untouched',
  { timeout: 120_000 },
  async () => {
    const replica = c.members.find((m) => m !== primary)!;
    await c.killAgent(replica, true);
    writeFileSync(join(replica.dataDir, 'PG_VERSION'), 'garbage\n');
    c.startAgent(replica);
    const msg = await messageOf(replica, /unusable/);
    assert.match(msg, /PG_VERSION/);
    assert.match(msg, /nothing is deleted/);
    assert.ok(existsSync(join(replica.dataDir, 'base')), 'data files are still there');
    // The file may still name the killed postmaster (SIGKILL leaves it behind) and the kernel may
    // have handed that PID to another process since: ask whether a server works in this directory.
    const check = checkPostmaster(realProcFs, replica.dataDir, realpathSync(replica.dataDir));
    assert.notEqual(
      check.status,
      'verified',
      `no server runs in the data directory: ${JSON.stringify(check)}`,
    );
    await stillWritable();
  },
);
