import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './clock.ts';
import { WorkQueue } from './workqueue.ts';
import { BucketRateLimiter, ItemExponentialFailureRateLimiter } from './rate-limiter.ts';

function newQueue(clock = new FakeClock()): { q: WorkQueue; clock: FakeClock } {
  return { q: new WorkQueue({ clock }), clock };
}

/** Resolves to the item if get() settles within a few macrotasks, else 'pending'. */
async function tryGet(q: WorkQueue): Promise<unknown> {
  const p = q.get();
  const pending = new Promise((r) => setTimeout(() => r('pending'), 5));
  return Promise.race([p, pending]);
}

void test('a key added many times while queued is processed once', async () => {
  const { q } = newQueue();
  q.add('a');
  q.add('b');
  q.add('a');
  q.add('a');
  assert.equal(q.len(), 2);
  assert.deepEqual(await q.get(), { key: 'a', shutdown: false });
  assert.deepEqual(await q.get(), { key: 'b', shutdown: false });
  assert.equal(q.len(), 0);
});

void test('a key being processed is not handed out again; added meanwhile it is re-queued on done', async () => {
  const { q } = newQueue();
  q.add('a');
  const first = await q.get();
  assert.equal(first.key, 'a');
  q.add('a');
  q.add('a');
  assert.equal(q.len(), 0, 'dirty but not queued while processing');
  const second = q.get();
  let got = false;
  void second.then(() => (got = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(got, false, 'no concurrent processing of the same key');
  q.done('a');
  assert.deepEqual(await second, { key: 'a', shutdown: false });
  q.done('a');
  assert.equal(q.len(), 0);
  assert.equal(await tryGet(q), 'pending');
});

void test('done without a re-add does not re-queue', async () => {
  const { q } = newQueue();
  q.add('a');
  await q.get();
  q.done('a');
  assert.equal(q.len(), 0);
});

void test('waiting getters are served in order as keys arrive', async () => {
  const { q } = newQueue();
  const g1 = q.get();
  const g2 = q.get();
  q.add('x');
  q.add('y');
  assert.equal((await g1).key, 'x');
  assert.equal((await g2).key, 'y');
});

void test('per-item backoff is 5, 10, 20, 40 ms … capped at 1000 s; forget resets it', () => {
  const l = new ItemExponentialFailureRateLimiter(5, 1000_000);
  assert.deepEqual(
    [1, 2, 3, 4, 5].map(() => l.when('k')),
    [5, 10, 20, 40, 80],
  );
  assert.equal(l.numRequeues('k'), 5);
  assert.equal(l.when('other'), 5);
  for (let i = 0; i < 30; i++) l.when('k');
  assert.equal(l.when('k'), 1000_000);
  l.forget('k');
  assert.equal(l.numRequeues('k'), 0);
  assert.equal(l.when('k'), 5);
});

void test('the bucket allows a burst of 100 then 10 per second', () => {
  const clock = new FakeClock();
  const b = new BucketRateLimiter(10, 100, clock);
  for (let i = 0; i < 100; i++) assert.equal(b.when(`k${i}`), 0);
  assert.equal(Math.round(b.when('x')), 100);
  assert.equal(Math.round(b.when('y')), 200);
});

void test('addRateLimited delays by the backoff sequence; forget resets numRequeues', async () => {
  const { q, clock } = newQueue();
  const delays: number[] = [];
  for (let i = 0; i < 4; i++) {
    const start = clock.now();
    q.addRateLimited('k');
    assert.equal(q.len(), 0);
    let at = 0;
    while (q.len() === 0) {
      await clock.advance(1);
      at = clock.now();
    }
    delays.push(at - start);
    const item = await q.get();
    q.done(item.key);
  }
  assert.deepEqual(delays, [5, 10, 20, 40]);
  assert.equal(q.numRequeues('k'), 4);
  q.forget('k');
  assert.equal(q.numRequeues('k'), 0);
});

void test('addAfter orders by ready time and keeps the earlier time for a duplicate', async () => {
  const { q, clock } = newQueue();
  q.addAfter('late', 300);
  q.addAfter('early', 100);
  q.addAfter('mid', 200);
  q.addAfter('early', 500);
  q.addAfter('late', 50);
  q.addAfter('now', 0);
  assert.equal((await q.get()).key, 'now');
  await clock.advance(50);
  assert.equal((await q.get()).key, 'late');
  await clock.advance(49);
  assert.equal(q.len(), 0);
  await clock.advance(1);
  assert.equal((await q.get()).key, 'early');
  await clock.advance(100);
  assert.equal((await q.get()).key, 'mid');
  await clock.advance(1000);
  assert.equal(q.len(), 0, 'superseded timers do not re-add');
});

void test('shutDown: new keys are ignored, queued keys are still handed out, then shutdown', async () => {
  const { q, clock } = newQueue();
  q.add('a');
  q.addAfter('later', 10);
  q.shutDown();
  q.add('b');
  assert.deepEqual(await q.get(), { key: 'a', shutdown: false });
  assert.deepEqual(await q.get(), { key: '', shutdown: true });
  await clock.advance(100);
  assert.equal(q.len(), 0, 'delayed keys are dropped');
  assert.equal(clock.pending, 0);
});

void test('shutDown releases idle getters', async () => {
  const { q } = newQueue();
  const g = q.get();
  q.shutDown();
  assert.deepEqual(await g, { key: '', shutdown: true });
});

void test('shutDownWithDrain waits for in-flight keys; a later shutDown releases it', async () => {
  const { q } = newQueue();
  q.add('a');
  q.add('b');
  await q.get();
  await q.get();
  let drained = false;
  const p = q.shutDownWithDrain().then(() => (drained = true));
  await new Promise((r) => setImmediate(r));
  q.done('a');
  await new Promise((r) => setImmediate(r));
  assert.equal(drained, false);
  q.done('b');
  await p;
  assert.equal(drained, true);

  const { q: q2 } = newQueue();
  q2.add('x');
  await q2.get();
  const p2 = q2.shutDownWithDrain();
  q2.shutDown();
  await p2;
});
