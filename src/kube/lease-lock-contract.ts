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

/** Registers the LeaseLock contract tests; `newLock` must return a lock on a lease that does not exist yet. */
export function leaseLockContract(
  name: string,
  newLock: () => Promise<LeaseLock>,
  opts: { skip?: boolean } = {},
): void {
  const t = (title: string, fn: () => Promise<void>): void => {
    void test(`${name}: ${title}`, { skip: opts.skip ?? false }, fn);
  };

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
}
