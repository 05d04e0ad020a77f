import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../lib/clock.ts';
import { FakeWatchdogStarter } from './fake-watchdog.ts';
import { WatchdogSupervisor } from './watchdog-supervisor.ts';

const settle = () => new Promise<void>((r) => setImmediate(r));

async function supervised() {
  const clock = new FakeClock();
  const starter = new FakeWatchdogStarter();
  const logs: string[] = [];
  const sup = new WatchdogSupervisor({
    start: starter.start,
    clock,
    log: (event, sentence) => logs.push(`${event}: ${sentence}`),
  });
  await sup.start();
  await settle();
  /** One kick period: check, then let answers arrive. */
  const tick = async (ms = 250) => {
    await clock.advance(ms);
    sup.check();
    await settle();
  };
  return { clock, starter, logs, sup, tick };
}

test('a ready watchdog that answers pings works, and takes arm and disarm', async () => {
  const { starter, sup, tick } = await supervised();
  for (let i = 0; i < 20; i++) await tick();
  assert.deepEqual(sup.health(), { working: true });
  assert.equal(starter.started.length, 1);
  assert.equal(sup.arm(3000), true);
  assert.equal(starter.last.armedMs, 3000);
  assert.equal(sup.disarm(), true);
  assert.equal(starter.last.armedMs, null);
});

test('a watchdog that exits is replaced at once; no protection until the new one is ready', async () => {
  const { clock, starter, logs, sup, tick } = await supervised();
  starter.autoReady = false;
  await tick();
  const diedAt = clock.now();
  starter.last.die();
  await settle();
  assert.equal(starter.started.length, 2, 'respawned at once');
  assert.deepEqual(sup.health(), {
    working: false,
    since: diedAt,
    problem: 'the watchdog (pid 100) exited (signal SIGKILL)',
  });
  assert.ok(
    logs.includes(
      'watchdog-failed: the watchdog (pid 100) exited (signal SIGKILL); starting a new one',
    ),
  );
  assert.equal(sup.arm(1000), true, 'commands wait in the new one’s pipe');
  assert.equal(starter.last.armedMs, 1000);
  starter.last.becomeReady();
  await settle();
  assert.deepEqual(sup.health(), { working: true });
  assert.ok(logs.at(-1)?.includes('is ready (was: the watchdog (pid 100) exited'));
});

test('a watchdog that stops answering is killed and replaced', async () => {
  const { clock, starter, sup, tick } = await supervised();
  const first = starter.last;
  first.answers = false;
  starter.autoReady = false;
  const t0 = clock.now();
  while (clock.now() - t0 < 2_000) {
    await tick();
    assert.equal(first.running, true, 'three pings over two seconds are needed');
  }
  await tick();
  assert.equal(first.running, false, 'killed');
  assert.equal(starter.started.length, 2);
  const h = sup.health();
  assert.equal(h.working, false);
  assert.match(
    h.working ? '' : h.problem,
    /^the watchdog \(pid 100\) answered no ping for 2000 ms$/,
  );
  starter.last.becomeReady();
  await tick();
  assert.deepEqual(sup.health(), { working: true });
});

test('a stall of our own is not held against the watchdog', async () => {
  const { clock, starter, sup, tick } = await supervised();
  const w = starter.last;
  w.answers = false;
  await tick(); // ping 1 sent; its answer waits in the pipe while we stall
  await clock.advance(10_000);
  sup.check(); // timers run before the pipe is read
  w.pong(2);
  await tick();
  assert.equal(w.running, true);
  assert.deepEqual(sup.health(), { working: true });
});

test('a watchdog that never gets ready is replaced after the start timeout', async () => {
  const { clock, starter, sup, tick } = await supervised();
  starter.autoReady = false;
  starter.last.die();
  await settle();
  await clock.advance(9_900);
  sup.check();
  assert.equal(starter.started.length, 2);
  await tick(100);
  assert.equal(starter.started.length, 3);
  assert.equal(starter.started[1]!.running, false);
  const h = sup.health();
  assert.match(h.working ? '' : h.problem, /pid 101\) was not ready within 10000 ms/);
});

test('when no watchdog can be started it retries once a second and keeps the first failure time', async () => {
  const { clock, starter, sup, tick } = await supervised();
  starter.failing = true;
  const diedAt = clock.now();
  starter.last.die();
  await settle();
  for (let i = 0; i < 8; i++) await tick();
  const h = sup.health();
  assert.deepEqual(h, {
    working: false,
    since: diedAt,
    problem: 'could not start a watchdog: spawn EAGAIN',
  });
  assert.equal(sup.arm(1000), false);
  starter.failing = false;
  for (let i = 0; i < 3; i++) await tick();
  assert.equal(starter.started.length, 1, 'no faster than once a second');
  await tick();
  assert.equal(starter.started.length, 2);
  assert.deepEqual(sup.health(), { working: true });
});

test('stop stops the watchdog and respawns nothing afterwards', async () => {
  const { starter, sup, tick } = await supervised();
  await sup.stop();
  await tick(2_000);
  assert.equal(starter.started.length, 1);
  assert.equal(starter.last.running, false);
});
