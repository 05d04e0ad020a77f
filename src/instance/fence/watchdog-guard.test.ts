import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../lib/clock.ts';
import type { Decision } from '../decide.ts';
import { FakeWatchdogStarter } from './fake-watchdog.ts';
import { decideWatchdogGuard, guardDecision, WatchdogGuard } from './watchdog-guard.ts';
import { WatchdogSupervisor } from './watchdog-supervisor.ts';

const settle = () => new Promise<void>((r) => setImmediate(r));
const dead = {
  working: false,
  since: 1_000,
  problem: 'the watchdog (pid 7) exited (signal SIGKILL)',
} as const;

test('verdicts: protected with a watchdog; without one, excluded, exposed for the grace, then step down', () => {
  const at = (over: Partial<Parameters<typeof decideWatchdogGuard>[0]>) =>
    decideWatchdogGuard({
      health: dead,
      leading: true,
      steppingDown: false,
      now: 2_000,
      graceMs: 3_000,
      ...over,
    });
  assert.deepEqual(at({ health: { working: true } }), { kind: 'protected' });
  assert.deepEqual(at({ health: { working: true }, leading: false }), { kind: 'protected' });
  assert.deepEqual(at({ leading: false }), {
    kind: 'excluded',
    sentence: 'not a candidate: no working watchdog (the watchdog (pid 7) exited (signal SIGKILL))',
  });
  assert.deepEqual(at({ now: 3_999 }), {
    kind: 'exposed',
    sentence:
      'leading with no working watchdog (the watchdog (pid 7) exited (signal SIGKILL)); stepping down unless one is armed within 3.0 s',
  });
  assert.deepEqual(at({ now: 4_000 }), {
    kind: 'step-down',
    sentence:
      'stepping down: no working watchdog (the watchdog (pid 7) exited (signal SIGKILL)) for 3.0 s',
  });
  // Once begun, a step-down is finished even if a watchdog works again meanwhile.
  assert.equal(at({ health: { working: true }, steppingDown: true }).kind, 'step-down');
  assert.equal(
    at({ health: { working: true }, steppingDown: true, leading: false }).kind,
    'protected',
  );
});

test('without a watchdog no new primary is started; a running one keeps leading or hands over', () => {
  const exposed = decideWatchdogGuard({
    health: dead,
    leading: true,
    steppingDown: false,
    now: 1_500,
    graceMs: 3_000,
  });
  const start: Decision = {
    action: { kind: 'start-primary' },
    sentence: 'starting PostgreSQL as primary because I hold the lease',
  };
  assert.deepEqual(guardDecision(start, { kind: 'protected' }), start);
  assert.deepEqual(guardDecision(start, exposed), {
    action: { kind: 'wait' },
    sentence: `not acting (starting PostgreSQL as primary because I hold the lease): ${exposed.kind === 'protected' ? '' : exposed.sentence}`,
  });
  for (const kind of ['bootstrap', 'promote'] as const) {
    assert.equal(guardDecision({ action: { kind }, sentence: kind }, exposed).action.kind, 'wait');
  }
  const lead: Decision = { action: { kind: 'lead' }, sentence: 'no action' };
  assert.deepEqual(guardDecision(lead, exposed), lead);
  const handOver: Decision = { action: { kind: 'switchover', to: 'pg-1' }, sentence: 'switching' };
  assert.deepEqual(guardDecision(handOver, exposed), handOver);
});

/** A leader whose watchdog the test controls, with a real supervisor and guard. */
async function leader() {
  const clock = new FakeClock();
  const starter = new FakeWatchdogStarter();
  const logs: string[] = [];
  const log = (event: string, sentence: string) => logs.push(`${event}: ${sentence}`);
  const watchdog = new WatchdogSupervisor({ start: starter.start, clock, log });
  await watchdog.start();
  let renewedAt = clock.now();
  let leading = true;
  const steps: string[] = [];
  const guard = new WatchdogGuard({
    watchdog,
    clock,
    leadershipDeadlineMs: () => (leading ? renewedAt + 3_000 : null),
    graceMs: () => 3_000,
    stepDown: async (sentence) => {
      steps.push(`fence (${sentence})`);
      await settle();
      steps.push('release');
      leading = false;
    },
    log,
  });
  /** One kick period; the lease is renewed every second meanwhile. */
  const tick = async () => {
    await clock.advance(250);
    if (leading && clock.now() - renewedAt >= 1_000) renewedAt = clock.now();
    guard.tick();
    await settle();
  };
  return { clock, starter, logs, guard, steps, tick, isLeading: () => leading };
}

test('the leader kicks its watchdog with the time left to its renew deadline', async () => {
  const { starter, tick, steps, guard } = await leader();
  for (let i = 0; i < 8; i++) await tick();
  const arms = starter.last.commands.filter((c) => c.startsWith('arm '));
  assert.equal(arms.length, 8);
  assert.ok(starter.last.armedMs! > 2_000 && starter.last.armedMs! <= 3_000);
  assert.deepEqual(steps, []);
  assert.deepEqual(guard.verdict(), { kind: 'protected' });
});

test('a killed watchdog is respawned and armed; the leader keeps leading', async () => {
  const { starter, tick, steps, guard } = await leader();
  await tick();
  starter.last.die();
  await settle();
  assert.equal(starter.started.length, 2);
  await tick();
  assert.equal(starter.last.armedMs !== null, true, 'the new watchdog is armed');
  for (let i = 0; i < 20; i++) await tick();
  assert.deepEqual(steps, []);
  assert.deepEqual(guard.verdict(), { kind: 'protected' });
});

test('when no watchdog can be started, the leader fences, then releases, after one renew period', async () => {
  const { clock, starter, tick, steps, guard, logs, isLeading } = await leader();
  await tick();
  starter.failing = true;
  const diedAt = clock.now();
  starter.last.die();
  await settle();
  while (clock.now() - diedAt < 2_750) {
    await tick();
    assert.equal(guard.verdict().kind, 'exposed');
  }
  assert.deepEqual(steps, [], 'not within the grace period');
  await tick();
  assert.deepEqual(steps, [
    'fence (stepping down: no working watchdog (could not start a watchdog: spawn EAGAIN) for 3.0 s)',
    'release',
  ]);
  assert.ok(
    logs.includes(
      'step-down: stepping down: no working watchdog (could not start a watchdog: spawn EAGAIN) for 3.0 s',
    ),
  );
  assert.equal(isLeading(), false);
  for (let i = 0; i < 8; i++) await tick();
  assert.equal(steps.length, 2, 'stepped down once');
  assert.deepEqual(guard.verdict(), {
    kind: 'excluded',
    sentence: 'not a candidate: no working watchdog (could not start a watchdog: spawn EAGAIN)',
  });
  assert.equal(starter.started.length, 1, 'nothing could be started');
  starter.failing = false;
  for (let i = 0; i < 4; i++) await tick();
  assert.deepEqual(guard.verdict(), { kind: 'protected' }, 'a candidate again once one works');
  assert.equal(starter.last.armedMs, null, 'disarmed while not leading');
});

test('a step-down that fails is tried again while still leading', async () => {
  const clock = new FakeClock();
  const starter = new FakeWatchdogStarter();
  const watchdog = new WatchdogSupervisor({ start: starter.start, clock, log: () => undefined });
  await watchdog.start();
  let tries = 0;
  const guard = new WatchdogGuard({
    watchdog,
    clock,
    leadershipDeadlineMs: () => clock.now() + 2_000,
    graceMs: () => 1_000,
    stepDown: () => Promise.reject(new Error(`fence failed ${++tries}`)),
    log: () => undefined,
  });
  starter.failing = true;
  starter.last.die();
  await settle();
  for (let i = 0; i < 8; i++) {
    await clock.advance(250);
    guard.tick();
    await settle();
  }
  assert.ok(tries >= 3, `tried ${tries} times`);
});
