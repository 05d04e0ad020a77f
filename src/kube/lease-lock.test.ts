import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeLeaseStore, formatMicroTime } from './lease-lock.ts';
import { leaseLockContract } from './lease-lock-contract.ts';

leaseLockContract('FakeLeaseLock', () => {
  const store = new FakeLeaseStore();
  return Promise.resolve([store.lock(), store.lock()]);
});

void test('formatMicroTime writes six fractional digits in UTC', () => {
  assert.equal(formatMicroTime(Date.UTC(2024, 0, 2, 3, 4, 5, 67)), '2024-01-02T03:04:05.067000Z');
});

void test('a failing fake lock rejects every call; a hanging one never settles', async () => {
  const lock = new FakeLeaseStore().lock();
  lock.failing = true;
  await assert.rejects(lock.get(), /connection refused/);
  lock.failing = false;
  lock.hanging = true;
  const r = await Promise.race([
    lock.get(),
    new Promise((res) => setTimeout(() => res('hung'), 10)),
  ]);
  assert.equal(r, 'hung');
});
