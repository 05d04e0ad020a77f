import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { forceDown, isAlive, listen, readPid, steward, tempDir, waitGone } from './test-support.ts';

let cwd: string;
let cleanup: () => Promise<void>;
const started: string[] = [];

before(async () => {
  ({ dir: cwd, cleanup } = await tempDir());
});
after(async () => {
  for (const d of started) await forceDown(d, cwd);
  await cleanup();
});

/** A sandbox directory inside the temp dir, stopped at the end of the run whatever happens. */
function sandboxDir(name: string): string {
  const d = join(cwd, name);
  started.push(d);
  return d;
}

/** Runs kubectl with a kubeconfig; undefined when kubectl is not installed. */
function kubectl(
  args: string[],
  kubeconfig: string,
): Promise<{ code: number; out: string } | undefined> {
  return new Promise((res) => {
    execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], (err, out) =>
      res(err?.code === 'ENOENT' ? undefined : { code: err ? 1 : 0, out }),
    );
  });
}

void describe('steward sandbox', () => {
  void test('up → status → kubeconfig → down leaves no process behind', async () => {
    const dir = sandboxDir('lifecycle');
    const up = await steward(['sandbox', 'up', '--dir', dir, '--port', '0'], cwd);
    assert.equal(up.code, 0, up.stderr);
    const pid = await readPid(dir);
    assert.ok(pid !== undefined && (await isAlive(pid)));
    const url = /running at (https?:\/\/127\.0\.0\.1:\d+)/.exec(up.stdout)?.[1];
    assert.ok(url, up.stdout);
    const kubeconfigPath = join(dir, 'kubeconfig');
    assert.match(up.stdout, new RegExp(`export KUBECONFIG=${kubeconfigPath}; kubectl get nodes`));

    const st = await steward(['sandbox', 'status', '--dir', dir], cwd);
    assert.equal(st.code, 0, st.stdout + st.stderr);
    assert.match(st.stdout, new RegExp(`pid ${pid}`));
    assert.match(st.stdout, new RegExp(`url: ${url}`));
    assert.match(st.stdout, /readyz: ok/);

    const token = (await readFile(join(dir, 'admin-token'), 'utf8')).trim();
    assert.ok(token.length >= 40);
    assert.equal((await stat(join(dir, 'admin-token'))).mode & 0o777, 0o600);
    const kc = parse(await readFile(kubeconfigPath, 'utf8'));
    assert.equal(kc['current-context'], 'steward-sandbox');
    assert.equal(kc.clusters.length, 1);
    assert.equal(kc.clusters[0].name, 'steward-sandbox');
    assert.equal(kc.clusters[0].cluster.server, url);
    const state = JSON.parse(await readFile(join(dir, 'sandbox.json'), 'utf8'));
    if (state.caCert !== undefined) {
      const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64');
      assert.equal(ca.toString('utf8'), state.caCert);
    }
    assert.deepEqual(kc.users, [{ name: 'steward-admin', user: { token } }]);
    assert.deepEqual(kc.contexts, [
      { name: 'steward-sandbox', context: { cluster: 'steward-sandbox', user: 'steward-admin' } },
    ]);
    const view = await kubectl(['config', 'view', '-o', 'json'], kubeconfigPath);
    if (view) {
      assert.equal(view.code, 0);
      assert.equal(JSON.parse(view.out)['current-context'], 'steward-sandbox');
      const raw = await kubectl(['get', '--raw', '/readyz'], kubeconfigPath);
      assert.deepEqual(raw, { code: 0, out: 'ok' });
    }

    const path = await steward(['sandbox', 'kubeconfig', '--dir', dir], cwd);
    assert.equal(path.stdout.trim(), kubeconfigPath);
    const printed = await steward(['sandbox', 'kubeconfig', '--dir', dir, '--print'], cwd);
    assert.deepEqual(parse(printed.stdout), kc);

    const down = await steward(['sandbox', 'down', '--dir', dir], cwd);
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, new RegExp(`sandbox stopped \\(pid ${pid}\\)`));
    assert.ok(await waitGone(pid, 2000), 'sandbox process still alive after down');
    assert.equal(await readPid(dir), undefined);
    const log = await readFile(join(dir, 'sandbox.log'), 'utf8');
    assert.match(log, /received SIGTERM, stopping the sandbox/);

    const again = await steward(['sandbox', 'down', '--dir', dir], cwd);
    assert.equal(again.code, 0);
    assert.match(again.stdout, /sandbox is not running/);
    const st2 = await steward(['sandbox', 'status', '--dir', dir], cwd);
    assert.equal(st2.code, 3);
    assert.match(st2.stdout, /sandbox is not running/);

    // The token survives down/up.
    const up2 = await steward(['sandbox', 'up', '--dir', dir, '--port', '0'], cwd);
    assert.equal(up2.code, 0, up2.stderr);
    assert.equal((await readFile(join(dir, 'admin-token'), 'utf8')).trim(), token);
    assert.equal((await steward(['sandbox', 'down', '--dir', dir], cwd)).code, 0);
  });

  void test('a second up says it is already running', async () => {
    const dir = sandboxDir('twice');
    assert.equal((await steward(['sandbox', 'up', '--dir', dir, '--port', '0'], cwd)).code, 0);
    const pid = await readPid(dir);
    const second = await steward(['sandbox', 'up', '--dir', dir, '--port', '0'], cwd);
    assert.equal(second.code, 1);
    assert.match(
      second.stderr,
      new RegExp(`^steward: sandbox is already running \\(pid ${pid} at http`),
    );
    assert.doesNotMatch(second.stderr, /\n\s+at /); // no stack trace
    assert.equal(await readPid(dir), pid);
    assert.equal((await steward(['sandbox', 'down', '--dir', dir], cwd)).code, 0);
  });

  void test('a stale pid file (process gone) is reported, removed, and up continues', async () => {
    const dir = sandboxDir('stale');
    const dead = await deadPid();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'sandbox.pid'), `${dead}\n`);
    const st = await steward(['sandbox', 'status', '--dir', dir], cwd);
    assert.equal(st.code, 3);
    assert.match(st.stdout, new RegExp(`stale pid file: process ${dead} .* is gone`));
    const up = await steward(['sandbox', 'up', '--dir', dir, '--port', '0'], cwd);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stderr, new RegExp(`removing stale pid file: process ${dead} .* is gone`));
    assert.notEqual(await readPid(dir), dead);
    assert.equal((await steward(['sandbox', 'down', '--dir', dir], cwd)).code, 0);
  });

  void test('a pid file naming a live process that is not a sandbox is never signalled', async () => {
    const dir = sandboxDir('foreign');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
      stdio: 'ignore',
    });
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'sandbox.pid'), `${other.pid}\n`);
      const down = await steward(['sandbox', 'down', '--dir', dir], cwd);
      assert.equal(down.code, 0);
      assert.match(down.stderr, new RegExp(`process ${other.pid} .* is not a sandbox`));
      assert.match(down.stdout, /sandbox is not running/);
      assert.ok(await isAlive(other.pid!));
      assert.equal(await readPid(dir), undefined);
    } finally {
      other.kill('SIGKILL');
    }
  });

  void test('a taken port is reported before anything is started', async () => {
    const dir = sandboxDir('port');
    const server = await listen(0);
    try {
      const port = (server.address() as { port: number }).port;
      const up = await steward(['sandbox', 'up', '--dir', dir, '--port', String(port)], cwd);
      assert.equal(up.code, 1);
      assert.equal(
        up.stderr.trim(),
        `steward: port ${port} on 127.0.0.1 is already in use; stop what uses it or choose another port with --port`,
      );
      assert.equal(await readPid(dir), undefined);
    } finally {
      server.close();
    }
  });

  void test('an unusable directory is reported', async () => {
    await writeFile(join(cwd, 'plain-file'), 'x');
    const dir = join(cwd, 'plain-file', 'sandbox');
    const up = await steward(['sandbox', 'up', '--dir', dir, '--port', '0'], cwd);
    assert.equal(up.code, 1);
    assert.match(
      up.stderr,
      /^steward: cannot use .*plain-file\/sandbox as the sandbox directory: .*not a directory/,
    );
  });

  void test('usage errors and non-loopback hosts are refused', async () => {
    const bad = await steward(['sandbox', 'up', '--port', '70000'], cwd);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^steward: option '--port <port>' argument '70000' is invalid/);
    const host = await steward(
      ['sandbox', 'up', '--host', '0.0.0.0', '--dir', join(cwd, 'h')],
      cwd,
    );
    assert.equal(host.code, 1);
    assert.match(host.stderr, /only listens on loopback addresses/);
  });

  void test('kubeconfig without a sandbox is an error', async () => {
    const r = await steward(['sandbox', 'kubeconfig', '--dir', join(cwd, 'none')], cwd);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^steward: no kubeconfig at /);
  });
});

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}
