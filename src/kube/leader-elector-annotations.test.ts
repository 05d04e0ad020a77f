// LeaderElector.publishAnnotations / observedAnnotations: Lease annotations written by the leader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../lib/clock.ts';
import type { StewardError } from '../lib/errors.ts';
import { contend, SlowWriteLock } from './election-fixture.ts';
import { LeaderElector } from './leader-elector.ts';
import { FakeLeaseStore, formatMicroTime } from './lease-lock.ts';

const T0 = 1_700_000_000_000;

void test('publishAnnotations: false unless leading; writes at once; renewals keep the annotations', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const idle = new LeaderElector({
    lock: store.lock(),
    identity: 'idle',
    clock,
    callbacks: { onStartedLeading() {}, onStoppedLeading() {} },
  });
  assert.equal(await idle.publishAnnotations({ k: 'v' }), false);
  const a = contend('a', store, clock);
  await clock.advance(1);
  const b = contend('b', store, clock);
  await clock.advance(3_000);
  assert.equal(await b.elector.publishAnnotations({ k: 'v' }), false, 'a standby cannot publish');
  const rv = store.peek()!.resourceVersion;
  assert.equal(
    await a.elector.publishAnnotations({ 'steward.io/x': '1', 'steward.io/y': '2' }),
    true,
  );
  assert.notEqual(store.peek()!.resourceVersion, rv);
  assert.equal(store.peek()!.record.renewTime, formatMicroTime(clock.now()), 'a renewal too');
  assert.deepEqual(store.peek()!.annotations, { 'steward.io/x': '1', 'steward.io/y': '2' });
  assert.equal(
    await a.elector.publishAnnotations({ 'steward.io/x': null, 'steward.io/z': '3' }),
    true,
  );
  const expected = { 'steward.io/y': '2', 'steward.io/z': '3' };
  assert.deepEqual(a.elector.observedAnnotations(), expected);
  const renewedAt = store.peek()!.record.renewTime;
  await clock.advance(30_000);
  assert.notEqual(store.peek()!.record.renewTime, renewedAt);
  assert.deepEqual(store.peek()!.annotations, expected, 'kept across renewals');
  assert.deepEqual(b.elector.observedAnnotations(), expected, 'seen by the standby');
  a.ctl.abort();
  await a.done;
  assert.equal(await a.elector.publishAnnotations({ k: 'v' }), false, 'not after leading');
  b.ctl.abort();
  await b.done;
});

void test('publishAnnotations after someone else changed the Lease re-reads and keeps their keys', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const a = contend('a', store, clock);
  await clock.advance(1_000);
  assert.equal(await a.elector.publishAnnotations({ mine: '1' }), true);
  store.write(store.peek()!.record, { mine: '1', theirs: 't' });
  assert.equal(await a.elector.publishAnnotations({ mine: '2' }), true);
  assert.deepEqual(store.peek()!.annotations, { mine: '2', theirs: 't' });
  a.ctl.abort();
  await a.done;
});

void test('publishAnnotations when the lease was taken: false, and leadership ends at once', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const a = contend('a', store, clock);
  await clock.advance(1_000);
  const t = formatMicroTime(clock.now());
  const intruder = { holderIdentity: 'x', leaseDurationSeconds: 15, acquireTime: t, renewTime: t };
  store.write({ ...intruder, leaseTransitions: 1 });
  const at = clock.now();
  assert.equal(await a.elector.publishAnnotations({ k: 'v' }), false);
  await clock.advance(0);
  assert.equal(a.lostAt, at);
  assert.equal((a.lostReason as StewardError).code, 'LEADERSHIP_LOST');
  assert.deepEqual(store.peek()!.annotations, {});
  await a.done;
});

void test('publish and renewal take turns: neither is lost and writes never overlap', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const slow = new SlowWriteLock(store.lock(), clock, 500);
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => warnings.push(m) };
  const a = contend('a', store, clock, { lock: slow, logger });
  await clock.advance(600); // created at +500; the first renewal starts at +2500
  assert.ok(a.elector.isLeader());
  await clock.advance(2_000);
  assert.equal(slow.inFlight, 1, 'a renewal is in flight');
  const first = a.elector.publishAnnotations({ one: '1' });
  await clock.advance(1_000);
  assert.equal(await first, true);
  assert.deepEqual(store.peek()!.annotations, { one: '1' });
  assert.equal(store.peek()!.record.renewTime, formatMicroTime(T0 + 3_000), 'published after it');
  assert.equal(a.elector.leadershipDeadlineMs(), T0 + 13_000, 'a publish is a renewal');
  await clock.advance(1_300); // now +4900; the next renewal is due at +5000
  const second = a.elector.publishAnnotations({ two: '2' });
  await clock.advance(1_100);
  assert.equal(await second, true);
  assert.equal(store.peek()!.record.renewTime, formatMicroTime(T0 + 5_400), 'renewed after it');
  assert.deepEqual(store.peek()!.annotations, { one: '1', two: '2' });
  assert.equal(slow.maxInFlight, 1);
  assert.deepEqual(warnings, []);
  a.ctl.abort();
  await clock.advance(1_000);
  await a.done;
});
