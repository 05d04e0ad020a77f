// The acquire gate (canAcquire), poke() and observedLease() of LeaderElector.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../lib/clock.ts';
import { contend, stepUntil } from './election-fixture.ts';
import { LeaderElector } from './leader-elector.ts';
import { FakeLeaseStore, formatMicroTime, type LeaderElectionRecord } from './lease-lock.ts';

const T0 = 1_700_000_000_000;

function held(holder: string, transitions = 3): LeaderElectionRecord {
  const t = formatMicroTime(T0);
  return {
    holderIdentity: holder,
    leaseDurationSeconds: 15,
    acquireTime: t,
    renewTime: t,
    leaseTransitions: transitions,
  };
}

void test('canAcquire false: never creates a missing lease, nor takes an expired or released one', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const asked: (LeaderElectionRecord | null)[] = [];
  const b = contend('b', store, clock, {
    canAcquire: (current) => {
      asked.push(current);
      return false;
    },
  });
  await clock.advance(10_000);
  assert.equal(store.peek(), null);
  assert.ok(asked.length >= 4);
  assert.equal(asked.filter((r) => r !== null).length, 0, 'asked with null: the lease is missing');
  store.write(held('a'));
  const askedBefore = asked.length;
  await clock.advance(14_000);
  assert.equal(asked.length, askedBefore, 'not consulted while the holder is valid');
  await clock.advance(60_000);
  assert.ok(asked.length > askedBefore);
  assert.deepEqual(asked.at(-1), held('a'));
  store.write({ ...held(''), leaseDurationSeconds: 1 });
  await clock.advance(10_000);
  assert.equal(asked.at(-1)?.holderIdentity, '');
  assert.equal(b.startedAt, null);
  assert.equal(store.peek()!.record.holderIdentity, '');
  b.ctl.abort();
  await b.done;
});

void test('canAcquire true takes an expired lease; a throwing gate counts as false', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  store.write(held('a'));
  let throws = true;
  const asked: (LeaderElectionRecord | null)[] = [];
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => warnings.push(m) };
  const b = contend('b', store, clock, {
    logger,
    canAcquire: (current) => {
      asked.push(current);
      if (throws) throw new Error('not ready');
      return Promise.resolve(true);
    },
  });
  await clock.advance(20_000);
  assert.equal(b.startedAt, null);
  assert.ok(asked.length >= 2);
  assert.ok(warnings.includes('canAcquire threw; not taking the lease'));
  throws = false;
  await stepUntil(clock, () => b.startedAt !== null, 2_100);
  assert.deepEqual(asked.at(-1), held('a'));
  assert.equal(store.peek()!.record.holderIdentity, 'b');
  assert.equal(store.peek()!.record.leaseTransitions, 4);
  b.ctl.abort();
  await b.done;
});

void test('canAcquire is not consulted to renew, and time spent in it does not shorten the term', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  let calls = 0;
  const a = contend('a', store, clock, {
    canAcquire: async () => {
      calls++;
      await clock.sleep(8_000);
      return true;
    },
  });
  await stepUntil(clock, () => a.startedAt !== null, 10_000);
  assert.equal(a.startedAt, T0 + 8_000);
  assert.equal(store.peek()!.record.acquireTime, formatMicroTime(T0 + 8_000));
  assert.equal(a.elector.leadershipDeadlineMs(), T0 + 18_000);
  a.lock.failing = true;
  await stepUntil(clock, () => a.lostAt !== null, 20_000);
  assert.equal(a.lostAt, T0 + 18_000, 'the renew deadline counts from after the gate');
  assert.equal(a.elector.leadershipDeadlineMs(), null);
  assert.equal(calls, 1);

  const b = contend('b', store, clock, { canAcquire: () => ++calls > 0 });
  await clock.advance(60_000);
  assert.ok(b.elector.isLeader());
  assert.equal(calls, 2, 'consulted once to take the expired lease, never to renew it');
  b.ctl.abort();
  await Promise.all([a.done, b.done]);
});

void test('a gate slower than the attempt timeout leads to no write once the attempt is abandoned', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  let calls = 0;
  const b = contend('b', store, clock, {
    canAcquire: async () => {
      if (++calls > 1) return false;
      await clock.sleep(12_000);
      return true;
    },
  });
  await clock.advance(30_000);
  assert.ok(calls > 1);
  assert.equal(store.peek(), null);
  assert.equal(b.startedAt, null);
  b.ctl.abort();
  await b.done;
});

void test('poke ends the acquire wait and the renew wait at once; before run it is harmless', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  let allow = false;
  const opts = { retryPeriodMs: 5_000, canAcquire: () => allow };
  const b = contend('b', store, clock, opts);
  await clock.advance(1_000);
  allow = true;
  b.elector.poke();
  await clock.advance(0);
  assert.equal(b.startedAt, T0 + 1_000);
  const rv = store.peek()!.resourceVersion;
  await clock.advance(1_000);
  assert.equal(store.peek()!.resourceVersion, rv, 'no renewal before the retry period');
  b.elector.poke();
  await clock.advance(0);
  assert.notEqual(store.peek()!.resourceVersion, rv);
  assert.equal(store.peek()!.record.renewTime, formatMicroTime(T0 + 2_000));
  b.ctl.abort();
  await b.done;

  const idle = new LeaderElector({
    lock: store.lock(),
    identity: 'idle',
    clock,
    callbacks: { onStartedLeading() {}, onStoppedLeading() {} },
  });
  assert.doesNotThrow(() => idle.poke());
});

void test('observedLease: the last record and the local time it was last seen to change; durations', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const b = contend('b', store, clock, { retryPeriodMs: 1_000 });
  assert.deepEqual(b.elector.observedLease(), { record: null, observedAtMs: 0 });
  b.ctl.abort();
  await b.done;
  store.write(held('a'));
  const c = contend('c', store, clock, { retryPeriodMs: 1_000 });
  await clock.advance(2_500);
  assert.deepEqual(c.elector.observedLease(), { record: held('a'), observedAtMs: T0 });
  store.write({ ...held('a'), renewTime: formatMicroTime(T0 + 2_500) });
  await clock.advance(1_000);
  assert.equal(c.elector.observedLease().observedAtMs, T0 + 3_000);
  assert.equal(c.elector.getLeader(), 'a');
  assert.deepEqual(
    [c.elector.identity, c.elector.leaseDurationMs, c.elector.renewDeadlineMs],
    ['c', 15_000, 10_000],
  );
  assert.equal(c.elector.retryPeriodMs, 1_000);
  c.ctl.abort();
  await c.done;
});

void test('holderGone true takes a valid lease at once, still through canAcquire', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  store.write(held('a'));
  let gone = false;
  let gate = false;
  const start = clock.now();
  const asked: LeaderElectionRecord[] = [];
  const b = contend('b', store, clock, {
    holderGone: (current) => {
      asked.push(current);
      return gone;
    },
    canAcquire: () => gate,
  });
  await clock.advance(6_000);
  assert.equal(b.startedAt, null, 'no evidence: the lease is respected');
  assert.deepEqual(asked.at(-1), held('a'));
  gone = true;
  await clock.advance(4_000);
  assert.equal(b.startedAt, null, 'the gate still decides');
  gate = true;
  await stepUntil(clock, () => b.startedAt !== null, 2_100);
  assert.ok(clock.now() - start < 15_000, 'taken before the lease would have expired');
  assert.equal(store.peek()!.record.holderIdentity, 'b');
  assert.equal(store.peek()!.record.leaseTransitions, 4);
  b.ctl.abort();
  await b.done;
});

void test('holderGone is not asked about our own lease, and a throw counts as false', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  store.write(held('a'));
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, error() {}, warn: (m: string) => warnings.push(m) };
  let asked = 0;
  const b = contend('b', store, clock, {
    logger,
    holderGone: () => {
      asked++;
      throw new Error('cannot tell');
    },
  });
  await clock.advance(10_000);
  assert.equal(b.startedAt, null);
  assert.ok(warnings.includes('holderGone threw; waiting for the lease to expire'));
  await stepUntil(clock, () => b.startedAt !== null, 8_000);
  const before = asked;
  await clock.advance(10_000);
  assert.equal(asked, before, 'not consulted while we hold the lease');
  b.ctl.abort();
  await b.done;
});
