import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, realClock } from '../lib/clock.ts';
import { contend, stepUntil } from './election-fixture.ts';
import { LeaderElector } from './leader-elector.ts';
import { canonicalRecord, FakeLeaseStore, formatMicroTime } from './lease-lock.ts';

void test('config validation: LeaseDuration > RenewDeadline > 1.2 × RetryPeriod', () => {
  const base = {
    lock: new FakeLeaseStore().lock(),
    identity: 'a',
    clock: new FakeClock(),
    callbacks: { onStartedLeading() {}, onStoppedLeading() {} },
  };
  assert.throws(
    () => new LeaderElector({ ...base, leaseDurationMs: 10_000, renewDeadlineMs: 10_000 }),
    /leaseDuration must be greater than renewDeadline/,
  );
  assert.throws(
    () => new LeaderElector({ ...base, renewDeadlineMs: 2_400, retryPeriodMs: 2_000 }),
    /renewDeadline must be greater than retryPeriod\*JitterFactor/,
  );
  assert.throws(() => new LeaderElector({ ...base, identity: '' }), /identity is empty/);
  assert.doesNotThrow(() => new LeaderElector(base));
});

void test('two contenders: exactly one leads, and keeps renewing', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const a = contend('a', store, clock);
  const b = contend('b', store, clock);
  await clock.advance(60_000);
  const leaders = [a, b].filter((c) => c.elector.isLeader());
  assert.equal(leaders.length, 1);
  assert.equal(store.peek()!.record.holderIdentity, leaders[0]!.name);
  assert.equal(store.peek()!.record.leaseDurationSeconds, 15);
  assert.equal(
    store.peek()!.record.renewTime,
    formatMicroTime(clock.now() - (clock.now() % 2000 === 0 ? 0 : clock.now() % 2000)),
  );
  assert.deepEqual(a.newLeaders, [leaders[0]!.name]);
  assert.equal(b.elector.getLeader(), leaders[0]!.name);
  a.ctl.abort();
  b.ctl.abort();
  await Promise.all([a.done, b.done]);
  assert.equal(a.stoppedCalls + b.stoppedCalls, 2, 'onStoppedLeading on every exit');
});

for (const failure of ['failing', 'hanging'] as const) {
  void test(`a leader whose lock calls start ${failure} stops within the renew deadline; the other takes over only after leaseDuration since it saw the last change`, async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const a = contend('a', store, clock);
    await clock.advance(1);
    const b = contend('b', store, clock);
    const observedByB: { at: number; raw: string }[] = [];
    const get = b.lock.get.bind(b.lock);
    b.lock.get = async () => {
      const r = await get();
      if (r) observedByB.push({ at: clock.now(), raw: canonicalRecord(r.record) });
      return r;
    };
    await clock.advance(7_300);
    assert.ok(a.elector.isLeader());
    a.lock[failure] = true;
    await stepUntil(clock, () => a.lostAt !== null, 20_000);
    const lastRenewStart = Date.parse(store.peek()!.record.renewTime);
    assert.ok(
      a.lostAt! - lastRenewStart <= 10_000,
      `stopped ${a.lostAt! - lastRenewStart} ms after the last successful renewal started`,
    );
    assert.equal(a.elector.isLeader(), false);
    await stepUntil(clock, () => b.startedAt !== null, 30_000);
    const finalRaw = observedByB
      .filter((o) => o.raw !== canonicalRecord(store.peek()!.record))
      .at(-1)!.raw;
    const sawLastChange = observedByB.find((o) => o.raw === finalRaw)!.at;
    assert.ok(
      b.startedAt! >= sawLastChange + 15_000,
      'not before leaseDuration after the last observed change',
    );
    assert.ok(b.startedAt! <= sawLastChange + 15_000 + 2_100, 'within a retry period after expiry');
    assert.ok(a.lostAt! < b.startedAt!, 'old leader stopped before the new one started');
    assert.equal(store.peek()!.record.leaseTransitions, 1);
    assert.deepEqual(b.newLeaders, ['a', 'b']);
    a.lock.hanging = false;
    a.ctl.abort();
    b.ctl.abort();
    await Promise.all([a.done, b.done]);
  });
}

void test('renewTime values are ignored: skewed clocks neither shorten nor lengthen the wait', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const skewed = (t: string) => ({
    holderIdentity: 'other',
    leaseDurationSeconds: 15,
    acquireTime: t,
    renewTime: t,
    leaseTransitions: 3,
  });
  store.write(skewed('2000-01-01T00:00:00.000000Z'));
  const b = contend('b', store, clock);
  await clock.advance(14_000);
  assert.equal(b.startedAt, null, 'a renewTime long in the past does not mean expired');
  for (let i = 0; i < 5; i++) {
    store.write(skewed(`2100-01-01T00:00:0${i}.000000Z`));
    await clock.advance(5_000);
  }
  assert.equal(b.startedAt, null, 'a changing record keeps the lease alive');
  const lastChange = clock.now() - 5_000;
  await clock.advance(9_000);
  assert.equal(b.startedAt, null, 'a renewTime far in the future does not extend the wait either');
  await stepUntil(clock, () => b.startedAt !== null, 10_000);
  assert.ok(b.startedAt! - lastChange >= 15_000 && b.startedAt! - lastChange <= 15_000 + 4_100);
  assert.equal(store.peek()!.record.leaseTransitions, 4);
  b.ctl.abort();
  await b.done;
});

void test('releaseOnCancel lets the other take over at once', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const a = contend('a', store, clock, { releaseOnCancel: true });
  await clock.advance(1);
  const b = contend('b', store, clock);
  await clock.advance(10_000);
  assert.ok(a.elector.isLeader());
  a.ctl.abort();
  await clock.advance(0);
  await a.done;
  assert.equal(store.peek()!.record.holderIdentity, '');
  assert.equal(store.peek()!.record.leaseDurationSeconds, 1);
  const releasedAt = clock.now();
  await stepUntil(clock, () => b.startedAt !== null, 5_000);
  assert.ok(b.startedAt! - releasedAt <= 2_000);
  assert.equal(a.lostAt! <= releasedAt, true);
  b.ctl.abort();
  await b.done;
});

void test('a leader that sees another holder stops at once', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const a = contend('a', store, clock);
  await clock.advance(3_000);
  assert.ok(a.elector.isLeader());
  const t = formatMicroTime(clock.now());
  store.write({
    holderIdentity: 'intruder',
    leaseDurationSeconds: 15,
    acquireTime: t,
    renewTime: t,
    leaseTransitions: 9,
  });
  await stepUntil(clock, () => a.lostAt !== null, 2_100);
  await a.done;
  assert.equal(a.elector.getLeader(), 'intruder');
});

void test('real time: short durations with the fake lock', async () => {
  const store = new FakeLeaseStore();
  const opts = { leaseDurationMs: 1_500, renewDeadlineMs: 1_000, retryPeriodMs: 200 };
  const a = contend('a', store, realClock, opts);
  await new Promise((r) => setTimeout(r, 100));
  const b = contend('b', store, realClock, opts);
  await new Promise((r) => setTimeout(r, 600));
  assert.ok(a.elector.isLeader() && !b.elector.isLeader());
  a.lock.failing = true;
  const failedAt = Date.now();
  while (b.startedAt === null) await new Promise((r) => setTimeout(r, 50));
  assert.ok(
    a.lostAt !== null && a.lostAt - failedAt <= 1_100,
    'old leader stopped within the renew deadline',
  );
  assert.ok(a.lostAt < b.startedAt);
  assert.ok(b.startedAt - failedAt >= 1_500);
  a.ctl.abort();
  b.ctl.abort();
  await Promise.all([a.done, b.done]);
});

void test('a candidate whose lock call hangs gives up on it after RenewDeadline and acquires later', async () => {
  const clock = new FakeClock();
  const store = new FakeLeaseStore();
  const b = contend('b', store, clock);
  b.lock.hanging = true;
  await clock.advance(1_000); // the first get hangs
  b.lock.hanging = false;
  const at = await stepUntil(clock, () => b.startedAt !== null, 30_000);
  // Abandoned after RenewDeadline (10 s), then retried after one RetryPeriod (2 s, no jitter).
  assert.ok(at >= 1_700_000_010_000 && at <= 1_700_000_012_100, String(at - 1_700_000_000_000));
  b.ctl.abort();
  await clock.advance(2_000);
  await b.done;
});
