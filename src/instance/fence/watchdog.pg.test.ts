// The watchdog process against a real PostgreSQL: it fences when not kicked, when the agent is
// SIGSTOPped, and when the agent dies while armed; it leaves PostgreSQL alone otherwise.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually, Sandbox, type TestNode } from '../../../test/postgres/harness.ts';
import { isGone } from './postmaster.ts';
import { realProcFs } from './proc-fs.ts';
import { startWatchdog, type FencedEvent, type Watchdog } from './watchdog.ts';

const box = new Sandbox();
let node: TestNode;
before(async () => {
  await box.init();
  node = await box.node('n');
  await node.initdb();
  await node.configure();
});
after(() => box.cleanup());

const dead = (pid: number) => isGone(realProcFs.stat(pid));
const killPid = (pid: number | undefined) => {
  if (pid !== undefined && !dead(pid)) process.kill(pid, 'SIGKILL');
};

async function restart(): Promise<number> {
  await node.kill();
  await node.start();
  return node.proc!.pid;
}

async function accepts(): Promise<boolean> {
  const c = await node.su();
  try {
    return (await c.query('select 1 as one')).length === 1;
  } finally {
    await c.close();
  }
}

/** Runs `fn` with a started watchdog, always stopping it. */
async function withWatchdog(fn: (wd: Watchdog, events: FencedEvent[]) => Promise<void>) {
  const events: FencedEvent[] = [];
  const wd = startWatchdog({ dataDir: node.dataDir, onFenced: (e) => events.push(e) });
  try {
    await wd.ready;
    await fn(wd, events);
  } finally {
    await wd.stop();
    killPid(wd.pid);
  }
}

test('fences at the deadline when not kicked (timed)', async (t) => {
  const figures: string[] = [];
  await withWatchdog(async (wd, events) => {
    for (let i = 0; i < 5; i++) {
      const pm = await restart();
      const exited = node.proc!.exited;
      const armedAt = performance.now();
      wd.arm(300);
      const exit = await exited;
      const gone = performance.now() - armedAt - 300;
      assert.equal(exit.signal, 'SIGKILL');
      const e = (await eventually(() => Promise.resolve(events[i])))!;
      assert.equal(e.reason, 'deadline');
      assert.equal(e.outcome, 'killed');
      assert.deepEqual(e.postmaster, { status: 'verified', pid: pm });
      figures.push(`${gone.toFixed(1)} ms (late ${e.lateMs} + fence ${e.elapsedMs})`);
    }
  });
  t.diagnostic(`deadline → postmaster reaped: ${figures.join('; ')}`);
});

test('kicks keep it from firing; disarm prevents it; a clean stop does not fence', async () => {
  await restart();
  await withWatchdog(async (wd, events) => {
    for (let i = 0; i < 15; i++) {
      assert.ok(wd.arm(300));
      await sleep(100);
    }
    assert.ok(await accepts());
    wd.arm(200);
    wd.disarm();
    await sleep(600);
    assert.ok(await accepts());
    wd.arm(60_000);
    await wd.stop(); // disarms, then EOF
    assert.deepEqual(await wd.exited, { code: 0, signal: null });
    assert.deepEqual(events, []);
  });
  assert.ok(await accepts());
});

test('answers pings in order; kill() ends it with SIGKILL', async () => {
  const pongs: number[] = [];
  const wd = startWatchdog({ dataDir: node.dataDir, onPong: (seq) => pongs.push(seq) });
  try {
    await wd.ready;
    for (let seq = 1; seq <= 5; seq++) assert.ok(wd.ping(seq));
    await eventually(() => Promise.resolve(pongs.length === 5));
    assert.deepEqual(pongs, [1, 2, 3, 4, 5]);
    wd.kill();
    assert.deepEqual(await wd.exited, { code: null, signal: 'SIGKILL' });
    assert.equal(wd.ping(6), false);
  } finally {
    await wd.stop();
  }
});

/** A stand-in agent process that starts a watchdog, arms it, and prints its events. */
function fakeAgent(armMs: number, thenDisarm: boolean) {
  const code = `
    const [url, dataDir, ms, then] = process.argv.slice(1);
    const { startWatchdog } = await import(url);
    const wd = startWatchdog({ dataDir, onFenced: (e) => console.log(JSON.stringify(e)) });
    await wd.ready;
    wd.arm(Number(ms));
    if (then === 'disarm') wd.disarm();
    console.log(JSON.stringify({ watchdog: wd.pid }));
    setInterval(() => undefined, 1e6);`;
  const url = new URL('./watchdog.ts', import.meta.url).href;
  const args = [url, node.dataDir, String(armMs), thenDisarm ? 'disarm' : 'stay'];
  const child = spawn(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', '--input-type=module', '-e', code, ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const watchdogPid = lines
    .next()
    .then((l) => (JSON.parse(String(l.value)) as { watchdog: number }).watchdog);
  return { pid: child.pid!, watchdogPid };
}

async function withAgent(
  armMs: number,
  thenDisarm: boolean,
  fn: (agentPid: number, watchdogPid: number) => Promise<void>,
) {
  const agent = fakeAgent(armMs, thenDisarm);
  let wdPid: number | undefined;
  try {
    wdPid = await agent.watchdogPid;
    await fn(agent.pid, wdPid);
  } finally {
    killPid(agent.pid);
    killPid(wdPid);
  }
}

test('a SIGSTOPped agent is fenced at its deadline; its death then ends the watchdog', async (t) => {
  const pm = await restart();
  await withAgent(500, false, async (agent, wd) => {
    process.kill(agent, 'SIGSTOP');
    const stoppedAt = performance.now();
    await node.proc!.exited;
    t.diagnostic(`postmaster gone ${(performance.now() - stoppedAt).toFixed(0)} ms after SIGSTOP`);
    assert.ok(dead(pm));
    process.kill(agent, 'SIGKILL');
    await eventually(() => Promise.resolve(dead(wd)));
  });
});

test('agent death while armed fences at once (EOF)', async () => {
  const pm = await restart();
  await withAgent(60_000, false, async (agent, wd) => {
    assert.ok(await accepts());
    process.kill(agent, 'SIGKILL');
    await eventually(() => Promise.resolve(dead(pm) && dead(wd)), 5_000);
    await node.proc!.exited;
  });
});

test('agent death while disarmed leaves PostgreSQL running (EOF)', async () => {
  await restart();
  await withAgent(60_000, true, async (agent, wd) => {
    process.kill(agent, 'SIGKILL');
    await eventually(() => Promise.resolve(dead(wd)), 5_000);
    assert.ok(await accepts());
    assert.equal(node.proc!.exit(), undefined);
  });
});
