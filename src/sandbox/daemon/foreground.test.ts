import assert from 'node:assert/strict';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { parse } from 'yaml';
import type { SandboxOptions } from '../sandbox.ts';
import { runForeground, type ForegroundDeps } from './foreground.ts';
import type { ProcessProbe } from './process-probe.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steward-fg-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const probe: ProcessProbe = {
  isAlive: () => Promise.resolve(false),
  describe: () => Promise.resolve(undefined),
};
const exists = (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  );

function deps(over: Partial<ForegroundDeps>): ForegroundDeps {
  return {
    probe,
    randomBytes: (n) => new Uint8Array(n).fill(1),
    pid: 999,
    report: () => undefined,
    stopRequested: new Promise(() => undefined),
    startSandbox: () => Promise.reject(new Error('not used')),
    ...over,
  };
}

void test('runForeground publishes pid, state and kubeconfig, and removes them on stop', async () => {
  let stop!: (sig: string) => void;
  let seen: SandboxOptions | undefined;
  let closed = false;
  const lines: string[] = [];
  const running = runForeground(
    { dir, cwd: '/', host: '127.0.0.1', port: 0 },
    deps({
      stopRequested: new Promise((r) => (stop = r)),
      report: (l) => lines.push(l),
      startSandbox: (opts) => {
        seen = opts;
        return Promise.resolve({
          url: 'http://127.0.0.1:5555',
          caCert: 'PEM',
          close: () => ((closed = true), Promise.resolve()),
        });
      },
    }),
  );
  while (!lines.length) await new Promise((r) => setTimeout(r, 5));
  const token = Buffer.alloc(32, 1).toString('base64url');
  assert.deepEqual(seen, { dir, host: '127.0.0.1', port: 0, adminToken: token, network: 1 });
  assert.equal(await readFile(join(dir, 'sandbox.pid'), 'utf8'), '999\n');
  assert.deepEqual(JSON.parse(await readFile(join(dir, 'sandbox.json'), 'utf8')), {
    pid: 999,
    url: 'http://127.0.0.1:5555',
    caCert: 'PEM',
  });
  const kc = parse(await readFile(join(dir, 'kubeconfig'), 'utf8'));
  assert.deepEqual(kc.clusters[0].cluster, {
    server: 'http://127.0.0.1:5555',
    'certificate-authority-data': Buffer.from('PEM').toString('base64'),
  });
  assert.equal(kc.users[0].user.token, token);
  stop('SIGTERM');
  await running;
  assert.equal(closed, true);
  assert.equal(await exists(join(dir, 'sandbox.pid')), false);
  assert.equal(await exists(join(dir, 'sandbox.json')), false);
  assert.deepEqual(lines.slice(-2), ['received SIGTERM, stopping the sandbox', 'sandbox stopped']);
});

void test('runForeground turns EADDRINUSE into PORT_IN_USE and removes its pid file', async () => {
  const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
  const startSandbox = (): Promise<never> =>
    Promise.reject(new Error('listen failed', { cause: inUse }));
  await assert.rejects(
    runForeground({ dir, cwd: '/', host: '127.0.0.1', port: 6443 }, deps({ startSandbox })),
    {
      code: 'PORT_IN_USE',
      message: /^port 6443 on 127.0.0.1 is already in use/,
    },
  );
  assert.equal(await exists(join(dir, 'sandbox.pid')), false);
});

void test('runForeground wraps other start failures', async () => {
  const startSandbox = (): Promise<never> => Promise.reject(new Error('bad disk'));
  await assert.rejects(
    runForeground({ dir, cwd: '/', host: '127.0.0.1', port: 0 }, deps({ startSandbox })),
    {
      code: 'START_FAILED',
      message: 'the sandbox failed to start: bad disk',
    },
  );
});
