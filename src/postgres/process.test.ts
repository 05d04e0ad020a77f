import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../lib/clock.ts';
import { stopPostgres, type PostgresProcess } from './process.ts';
import type { ChildExit, ProcessRunner } from './runner.ts';

/** A fake postmaster that exits on the signals listed in `exitsOn`. */
function fakes(exitsOn: NodeJS.Signals[]) {
  const signals: string[] = [];
  let done: ChildExit | undefined;
  let resolve: (e: ChildExit) => void = () => undefined;
  const exited = new Promise<ChildExit>((r) => (resolve = r));
  const runner: ProcessRunner = {
    run: () => Promise.reject(new Error('unused')),
    spawn: () => {
      throw new Error('unused');
    },
    signal(pid, signal, group = false) {
      signals.push(`${group ? '-' : ''}${pid}:${signal}`);
      if (!done && exitsOn.includes(signal)) {
        done = {
          code: signal === 'SIGKILL' ? null : 0,
          signal: signal === 'SIGKILL' ? signal : null,
        };
        resolve(done);
      }
      return true;
    },
  };
  const proc: PostgresProcess = { pid: 42, exited, exit: () => done, dataDir: '/d' };
  return { runner, proc, signals };
}

test('stop sends the mode signal and returns when the postmaster exits', async () => {
  const clock = new FakeClock();
  const f = fakes(['SIGINT']);
  const r = await stopPostgres({ runner: f.runner, clock }, f.proc, {
    mode: 'fast',
    timeoutMs: 5000,
  });
  assert.deepEqual(r, { exit: { code: 0, signal: null }, killed: false });
  assert.deepEqual(f.signals, ['42:SIGINT']);
  assert.equal(clock.pending, 0);
});

test('stop escalates to SIGKILL of the process group at the deadline', async () => {
  const clock = new FakeClock();
  const f = fakes(['SIGKILL']);
  const stopping = stopPostgres({ runner: f.runner, clock }, f.proc, {
    mode: 'smart',
    timeoutMs: 5000,
  });
  await clock.advance(4999);
  assert.deepEqual(f.signals, ['42:SIGTERM']);
  await clock.advance(1);
  assert.deepEqual(await stopping, { exit: { code: null, signal: 'SIGKILL' }, killed: true });
  assert.deepEqual(f.signals, ['42:SIGTERM', '-42:SIGKILL']);
});

test('stopping an exited postmaster sends nothing', async () => {
  const f = fakes(['SIGQUIT']);
  f.runner.signal(42, 'SIGQUIT');
  const r = await stopPostgres({ runner: f.runner, clock: new FakeClock() }, f.proc, {
    mode: 'immediate',
    timeoutMs: 1,
  });
  assert.equal(r.killed, false);
  assert.deepEqual(f.signals, ['42:SIGQUIT']);
});
