import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { probeReady } from '../sandbox/daemon/health.ts';
import { after, before, describe, test } from 'node:test';
import {
  forceDown,
  listen,
  readPid,
  steward,
  stewardChild,
  tempDir,
  waitFor,
} from './test-support.ts';

let cwd: string;
let cleanup: () => Promise<void>;

before(async () => {
  ({ dir: cwd, cleanup } = await tempDir());
});
after(async () => {
  await forceDown(join(cwd, '.steward', 'sandbox'), cwd);
  await cleanup();
});

/** Collects a stream into a string as it arrives. */
function collect(stream: NodeJS.ReadableStream | null): () => string {
  let text = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => (text += chunk));
  return () => text;
}

void describe('steward', () => {
  void test('sandbox up --foreground serves until SIGTERM, then exits 0 and removes its pid file', async () => {
    const dir = join(cwd, 'fg');
    const child = stewardChild(['sandbox', 'up', '--foreground', '--dir', dir, '--port', '0'], cwd);
    const out = collect(child.stdout);
    const exited = once(child, 'exit');
    try {
      const url = await waitFor(() => Promise.resolve(/listening on (\S+)/.exec(out())?.[1]));
      assert.equal(await readPid(dir), child.pid);
      const state = JSON.parse(await readFile(join(dir, 'sandbox.json'), 'utf8'));
      const token = (await readFile(join(dir, 'admin-token'), 'utf8')).trim();
      const probe = await probeReady({ url, token, caCert: state.caCert }, 2000);
      assert.equal(probe.ready, true, probe.detail);
      const kc = await readFile(join(dir, 'kubeconfig'), 'utf8');
      assert.match(kc, new RegExp(`server: ${url}`));
    } finally {
      child.kill('SIGTERM');
    }
    const [code, signal] = await exited;
    assert.equal(signal, null);
    assert.equal(code, 0);
    assert.match(out(), /received SIGTERM, stopping the sandbox\nsandbox stopped/);
    assert.equal(await readPid(dir), undefined);
  });

  void test('sandbox up --foreground reports a taken port and cleans up', async () => {
    const dir = join(cwd, 'fg-port');
    const server = await listen(0);
    try {
      const port = (server.address() as { port: number }).port;
      const r = await steward(
        ['sandbox', 'up', '--foreground', '--dir', dir, '--port', String(port)],
        cwd,
      );
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`^steward: port ${port} on 127.0.0.1 is already in use`));
      assert.equal(await readPid(dir), undefined);
    } finally {
      server.close();
    }
  });

  void test('up starts the sandbox in ./.steward/sandbox and prints the next steps', async () => {
    const r = await steward(['up', '--port', '0', '--no-postgres'], cwd);
    assert.equal(r.code, 0, r.stderr);
    const kubeconfig = join(cwd, '.steward', 'sandbox', 'kubeconfig');
    assert.match(r.stdout, new RegExp(`export KUBECONFIG=${kubeconfig}; kubectl get nodes`));
    assert.match(r.stdout, /Next steps:/);
    assert.match(r.stdout, /steward sandbox down /);
    const st = await steward(['sandbox', 'status'], cwd);
    assert.equal(st.code, 0, st.stdout);
    const down = await steward(['sandbox', 'down'], cwd);
    assert.equal(down.code, 0);
    assert.match(down.stdout, /sandbox stopped/);
  });

  void test('--help exits 0', async () => {
    const r = await steward(['sandbox', '--help'], cwd);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: steward sandbox/);
  });
});
