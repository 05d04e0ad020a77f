import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { FakeClock, realClock } from '../../lib/clock.ts';
import { startDaemon, stopDaemon, type DaemonDeps } from './daemon.ts';
import { readPidFile } from './pidfile.ts';
import type { ProcessProbe } from './process-probe.ts';
import type { ChildExit, DaemonChild } from './spawn.ts';

interface FakeProc {
  alive: boolean;
  argv: string[];
  cwd: string;
  ignoresTerm?: boolean;
}

let dir: string;
let procs: Map<number, FakeProc>;
let signals: [number, string][];
let reports: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'steward-daemon-'));
  procs = new Map();
  signals = [];
  reports = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const probe: ProcessProbe = {
  isAlive: (pid) => Promise.resolve(procs.get(pid)?.alive ?? false),
  describe: (pid) => {
    const p = procs.get(pid);
    return Promise.resolve(p?.alive ? { argv: p.argv, cwd: p.cwd } : undefined);
  },
};

function kill(pid: number, sig: NodeJS.Signals): void {
  signals.push([pid, sig]);
  const p = procs.get(pid);
  if (!p?.alive) throw Object.assign(new Error('ESRCH'), { code: 'ESRCH' });
  if (sig === 'SIGKILL' || !p.ignoresTerm) p.alive = false;
}

/** Deps whose spawn registers a fake process 4242 and runs `behave` on it. */
function deps(
  behave: (child: { exit?: ChildExit }) => Promise<void> | void,
  clock = realClock,
): DaemonDeps {
  return {
    probe,
    clock,
    kill,
    randomBytes: (n) => new Uint8Array(n),
    report: (l) => reports.push(l),
    spawn: (_launcher, args, _log): DaemonChild => {
      const state: { exit?: ChildExit } = {};
      procs.set(4242, { alive: true, argv: ['node', 'main.ts', ...args], cwd: '/' });
      void behave(state);
      return { pid: 4242, exit: () => state.exit, release: () => undefined };
    },
  };
}

const base = { cwd: '/', host: '127.0.0.1', port: 0, launcher: { file: 'node', args: [] } };

void test('startDaemon reports a child that exits during startup, with the log tail', async () => {
  const d = deps(async (state) => {
    await appendFile(join(dir, 'sandbox.log'), 'steward: something broke\n');
    state.exit = { code: 1, signal: null };
    procs.get(4242)!.alive = false;
  });
  await writeFile(join(dir, 'sandbox.log'), 'an earlier run\n');
  await assert.rejects(startDaemon({ ...base, dir, readyTimeoutMs: 5000 }, d), {
    code: 'START_FAILED',
    message:
      `the sandbox process exited with code 1 before it was ready; ` +
      `last lines of ${dir}/sandbox.log:\n  steward: something broke`,
  });
  assert.deepEqual(await readPidFile(join(dir, 'sandbox.pid')), { kind: 'absent' });
});

void test('startDaemon stops a child that is not ready in time', async () => {
  await assert.rejects(
    startDaemon(
      { ...base, dir, readyTimeoutMs: 300 },
      deps(() => undefined),
    ),
    {
      code: 'START_FAILED',
      message: new RegExp(
        `^the sandbox was not ready within 0.3s \\(the sandbox has not reported its address yet\\); stopped it; ${dir}/sandbox.log is empty$`,
      ),
    },
  );
  assert.deepEqual(signals, [[4242, 'SIGTERM']]);
  assert.deepEqual(await readPidFile(join(dir, 'sandbox.pid')), { kind: 'absent' });
});

void test('startDaemon waits for the state file and /readyz, and writes the pid file', async () => {
  const server = http.createServer((_req, res) => res.writeHead(200).end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const d = deps(async () => {
      await new Promise((r) => setTimeout(r, 150));
      await writeFile(join(dir, 'sandbox.json'), JSON.stringify({ pid: 4242, url }));
    });
    const started = await startDaemon({ ...base, dir, readyTimeoutMs: 5000 }, d);
    assert.equal(started.url, url);
    assert.equal(started.pid, 4242);
    assert.deepEqual(await readPidFile(join(dir, 'sandbox.pid')), { kind: 'pid', pid: 4242 });
    assert.match(await readFile(join(dir, 'admin-token'), 'utf8'), /^A{43}\n$/);

    // A second start finds it running and spawns nothing.
    let spawned = false;
    const again = { ...d, spawn: () => ((spawned = true), d.spawn(base.launcher, [], '')) };
    await assert.rejects(startDaemon({ ...base, dir, readyTimeoutMs: 5000 }, again), {
      code: 'ALREADY_RUNNING',
    });
    assert.equal(spawned, false);
  } finally {
    server.close();
  }
});

void test('stopDaemon escalates to SIGKILL after the grace period', async () => {
  procs.set(77, {
    alive: true,
    argv: ['sandbox', '--foreground', '--dir', dir],
    cwd: '/',
    ignoresTerm: true,
  });
  await writeFile(join(dir, 'sandbox.pid'), '77\n');
  const clock = new FakeClock();
  const d = deps(() => undefined, clock);
  const stopping = stopDaemon({ dir, cwd: '/', graceMs: 20_000 }, d);
  while (signals.length === 0) await new Promise((r) => setTimeout(r, 5)); // pid file read from disk
  await clock.advance(19_900);
  assert.deepEqual(signals, [[77, 'SIGTERM']]);
  await clock.advance(200);
  assert.deepEqual(await stopping, { kind: 'stopped', pid: 77, how: 'killed' });
  assert.deepEqual(signals, [
    [77, 'SIGTERM'],
    [77, 'SIGKILL'],
  ]);
  assert.deepEqual(await readPidFile(join(dir, 'sandbox.pid')), { kind: 'absent' });
  assert.deepEqual(await stopDaemon({ dir, cwd: '/', graceMs: 1 }, d), { kind: 'not-running' });
});
