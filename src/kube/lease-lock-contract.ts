// The shared test suite every LeaseLock implementation must pass (fake, client-node against a server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LeaseConflictError, type LeaderElectionRecord, type LeaseLock } from './lease-lock.ts';

/** A record with non-zero microsecond digits, to prove MicroTime round-trips exactly. */
export function sampleRecord(holder: string, transitions = 0): LeaderElectionRecord {
  return {
    holderIdentity: holder,
    leaseDurationSeconds: 15,
    acquireTime: '2024-01-02T03:04:05.123456Z',
    renewTime: '2024-01-02T03:04:07.654321Z',
    leaseTransitions: transitions,
  };
}

/**
 * Registers the LeaseLock contract tests; `newLocks` must return two clients (separate lock
 * objects, as two processes would have) of one lease that does not exist yet.
 */
export function leaseLockContract(
  name: string,
  newLocks: () => Promise<[LeaseLock, LeaseLock]>,
  opts: { skip?: boolean } = {},
): void {
  const t = (title: string, fn: () => Promise<void>): void => {
    void test(`${name}: ${title}`, { skip: opts.skip ?? false }, fn);
  };
  const newLock = async (): Promise<LeaseLock> => (await newLocks())[0];

  t('get of a missing lease is null', async () => {
    const lock = await newLock();
    assert.equal(await lock.get(), null);
  });

  t('create then get round-trips the record, microseconds included', async () => {
    const lock = await newLock();
    const rv = await lock.create(sampleRecord('a'));
    assert.ok(rv);
    const got = await lock.get();
    assert.deepEqual(got?.record, sampleRecord('a'));
    assert.equal(got?.resourceVersion, rv);
  });

  t('create of an existing lease is a conflict', async () => {
    const lock = await newLock();
    await lock.create(sampleRecord('a'));
    await assert.rejects(lock.create(sampleRecord('b')), LeaseConflictError);
  });

  t('update needs the current resourceVersion', async () => {
    const lock = await newLock();
    const rv1 = await lock.create(sampleRecord('a'));
    const rv2 = await lock.update(sampleRecord('b', 1), rv1);
    assert.notEqual(rv2, rv1);
    await assert.rejects(lock.update(sampleRecord('c', 2), rv1), LeaseConflictError);
    const got = await lock.get();
    assert.deepEqual(got?.record, sampleRecord('b', 1));
    assert.equal(got?.resourceVersion, rv2);
  });

  t('a released record (empty holder) round-trips', async () => {
    const lock = await newLock();
    const rv = await lock.create(sampleRecord('a'));
    const released = { ...sampleRecord('', 0), leaseDurationSeconds: 1 };
    await lock.update(released, rv);
    assert.deepEqual((await lock.get())?.record, released);
  });

  t('annotations: none is {}, given ones are stored on create', async () => {
    const [a, b] = await newLocks();
    await a.create(sampleRecord('a'));
    assert.deepEqual((await a.get())?.annotations, {});
    const [c] = await newLocks();
    await c.create(sampleRecord('c'), { 'steward.io/x': '1', 'steward.io/y': 'two' });
    assert.deepEqual((await c.get())?.annotations, { 'steward.io/x': '1', 'steward.io/y': 'two' });
    assert.deepEqual((await b.get())?.annotations, {});
  });

  t(
    'annotations: given ones replace all; undefined keeps them, also for another client',
    async () => {
      const [a, b] = await newLocks();
      let rv = await a.create(sampleRecord('a'), { keep: 'k', drop: 'd' });
      rv = await a.update(sampleRecord('a'), rv, { keep: 'k', added: 'n' });
      assert.deepEqual((await b.get())?.annotations, { keep: 'k', added: 'n' });
      rv = await a.update(sampleRecord('a', 1), rv);
      assert.deepEqual((await b.get())?.annotations, { keep: 'k', added: 'n' });
      rv = await b.update(sampleRecord('b', 2), rv, { by: 'b' });
      // `a` last saw the lease before b's write; keeping must keep b's annotations, not a's copy.
      rv = await a.update(sampleRecord('a', 3), rv);
      const got = await b.get();
      assert.deepEqual(got?.annotations, { by: 'b' });
      assert.deepEqual(got?.record, sampleRecord('a', 3));
      rv = await b.update(sampleRecord('b', 4), rv, {});
      assert.deepEqual((await a.get())?.annotations, {});
      assert.equal((await a.get())?.resourceVersion, rv);
    },
  );

  t('a client with an older copy cannot update with a stale resourceVersion', async () => {
    const [a, b] = await newLocks();
    const rv1 = await a.create(sampleRecord('a'), { v: '1' });
    await b.update(sampleRecord('b', 1), rv1, { v: '2' });
    await assert.rejects(a.update(sampleRecord('a', 2), rv1), LeaseConflictError);
    await assert.rejects(a.update(sampleRecord('a', 2), rv1, { v: '3' }), LeaseConflictError);
    const got = await a.get();
    assert.deepEqual(got?.record, sampleRecord('b', 1));
    assert.deepEqual(got?.annotations, { v: '2' });
  });
}
