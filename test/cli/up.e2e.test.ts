// The README's main command: `steward up` brings up the sandbox, installs the operator from the
// install manifest, creates the sample cluster, waits until it is Ready and prints how to connect.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { connect } from '../../src/postgres/sql.ts';
import { forceDown, steward, tempDir } from '../../src/cli/test-support.ts';
import { kubectlOk } from '../support/kubectl.ts';

let cwd: string;
let cleanup: () => Promise<void>;
before(async () => {
  ({ dir: cwd, cleanup } = await tempDir());
});
after(async () => {
  await forceDown(join(cwd, '.steward', 'sandbox'), cwd);
  await cleanup();
});

test(
  'steward up: a Ready 3-instance PostgreSQL cluster and a working psql line',
  { timeout: 600_000 },
  async () => {
    const up = await steward(['up', '--port', '0', '--timings', 'compressed'], cwd);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /PostgreSQL cluster pg is Ready/);
    const m = /psql -h (\S+) -U app app/.exec(up.stdout);
    assert.ok(m, up.stdout);
    assert.match(up.stdout, /kubectl get pgc,pods -o wide -w/);
    const kubeconfig = join(cwd, '.steward', 'sandbox', 'kubeconfig');
    const secret = JSON.parse(
      await kubectlOk(kubeconfig, ['get', 'secret', 'pg-app', '-o', 'json']),
    ) as {
      data: { password: string };
    };
    const db = await connect({
      host: m[1]!,
      port: 5432,
      user: 'app',
      password: Buffer.from(secret.data.password, 'base64').toString('utf8'),
      database: 'app',
    });
    const [r] = await db.query<{ rw: boolean }>('SELECT NOT pg_is_in_recovery() AS rw');
    await db.close();
    assert.equal(r?.rw, true);
    const operators = await kubectlOk(kubeconfig, [
      'get',
      'deploy',
      '-n',
      'steward-system',
      'steward-operator',
      '-o',
      'jsonpath={.status.readyReplicas}',
    ]);
    assert.equal(operators, '2');
    const down = await steward(['sandbox', 'down'], cwd);
    assert.equal(down.code, 0, down.stderr);
  },
);
