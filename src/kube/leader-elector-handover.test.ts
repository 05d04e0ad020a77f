// LeaderElector.handOver: ending leadership by naming the next holder, and the target taking it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../lib/clock.ts';
import type { StewardError } from '../lib/errors.ts';
import { contend, stepUntil } from './election-fixture.ts';
import { LeaderElector } from './leader-elector.ts';
import { FakeLeaseStore, formatMicroTime } from './lease-lock.ts';

void test('handOver: the signal aborts with LEADERSHIP_HANDED_OVER, run returns, the target leads without its gate', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const a = contend('a', store, clock, { releaseOnCancel: true });
  await clock.advance(1);
  let gateCalls = 0;
  const b = contend('b', store, clock, { canAcquire: () => ++gateCalls < 0 });
  const c = contend('c', store, clock);
  await clock.advance(5_000);
  assert.ok(a.elector.isLeader());
  await a.elector.publishAnnotations({ 'steward.io/k': 'v' });
  const before = store.peek()!;
  const at = clock.now();
  assert.equal(await a.elector.handOver('b'), true);
  assert.equal(a.lostAt, at, 'leadership ends at once');
  assert.equal((a.lostReason as StewardError).code, 'LEADERSHIP_HANDED_OVER');
  assert.equal(a.elector.isLeader(), false);
  const handed = {
    holderIdentity: 'b',
    leaseDurationSeconds: 15,
    acquireTime: formatMicroTime(at),
    renewTime: formatMicroTime(at),
    leaseTransitions: before.record.leaseTransitions + 1,
  };
  assert.deepEqual(store.peek()!.record, handed);
  assert.deepEqual(store.peek()!.annotations, { 'steward.io/k': 'v' });
  await a.done;
  assert.equal(a.stoppedCalls, 1);
  assert.deepEqual(a.newLeaders, ['a', 'b']);
  assert.equal(store.peek()!.record.holderIdentity, 'b', 'releaseOnCancel does not release it');
  const started = await stepUntil(clock, () => b.startedAt !== null, 2_100, 1);
  assert.ok(started - at <= 2_000, 'the target takes it on its next attempt');
  assert.equal(gateCalls, 0, 'a record naming the target is renewed, not taken');
  await clock.advance(60_000);
  assert.ok(b.elector.isLeader());
  assert.equal(c.startedAt, null);
  assert.deepEqual(store.peek()!.record, { ...handed, renewTime: store.peek()!.record.renewTime });
  assert.deepEqual(store.peek()!.annotations, { 'steward.io/k': 'v' });
  b.ctl.abort();
  c.ctl.abort();
  await Promise.all([b.done, c.done]);
});

void test('handOver: false when not leading or when the write fails; to itself or to nobody is an error', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const idle = new LeaderElector({
    lock: store.lock(),
    identity: 'idle',
    clock,
    callbacks: { onStartedLeading() {}, onStoppedLeading() {} },
  });
  assert.equal(await idle.handOver('b'), false);
  const a = contend('a', store, clock);
  await clock.advance(1_000);
  await assert.rejects(a.elector.handOver('a'), /cannot hand the lease over/);
  await assert.rejects(a.elector.handOver(''), /cannot hand the lease over/);
  a.lock.failing = true;
  assert.equal(await a.elector.handOver('b'), false);
  a.lock.failing = false;
  await clock.advance(30_000);
  assert.ok(a.elector.isLeader(), 'a failed hand-over leaves the leader leading');
  assert.equal(store.peek()!.record.holderIdentity, 'a');
  a.ctl.abort();
  await a.done;
});

void test('handOver: a conflict because another holder took the lease ends leadership at once', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const a = contend('a', store, clock);
  await clock.advance(1_000);
  const t = formatMicroTime(clock.now());
  store.write({
    holderIdentity: 'x',
    leaseDurationSeconds: 15,
    acquireTime: t,
    renewTime: t,
    leaseTransitions: 7,
  });
  const at = clock.now();
  assert.equal(await a.elector.handOver('b'), false);
  await clock.advance(0);
  assert.equal(a.lostAt, at);
  assert.equal((a.lostReason as StewardError).code, 'LEADERSHIP_LOST');
  assert.equal(store.peek()!.record.holderIdentity, 'x');
  await a.done;
});
