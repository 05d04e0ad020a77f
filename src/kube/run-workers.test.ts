import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../lib/clock.ts';
import { WorkQueue } from '../lib/workqueue.ts';
import { runWorkers, type HandlerResult } from './run-workers.ts';
import { terminal } from './api-errors.ts';
import { nopLogger } from '../lib/logger.ts';

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

void test('runWorkers maps results: done forgets, retry backs off, requeueAfter delays, errors retry, terminal forgets', async () => {
  const clock = new FakeClock();
  const q = new WorkQueue({ clock });
  const calls: string[] = [];
  const plan: Record<string, (() => HandlerResult)[]> = {
    ok: [() => 'done'],
    retry: [() => 'retry', () => 'done'],
    later: [() => ({ requeueAfter: 1000 }), () => 'done'],
    boom: [
      () => {
        throw new Error('boom');
      },
      () => 'done',
    ],
    fatal: [
      () => {
        throw terminal(new Error('bad spec'));
      },
    ],
  };
  const running = runWorkers(
    q,
    2,
    (key) => {
      calls.push(key);
      const step = plan[key]!.shift()!;
      return Promise.resolve().then(step);
    },
    nopLogger,
  );
  for (const k of Object.keys(plan)) q.add(k);
  await settle();
  assert.deepEqual(calls.sort(), ['boom', 'fatal', 'later', 'ok', 'retry']);
  assert.equal(q.numRequeues('retry'), 1);
  assert.equal(q.numRequeues('boom'), 1);
  assert.equal(q.numRequeues('fatal'), 0);
  await clock.advance(5);
  await settle();
  assert.deepEqual(calls.filter((c) => c === 'retry' || c === 'boom').length, 4);
  assert.ok(!calls.slice(5).includes('later'));
  await clock.advance(995);
  await settle();
  assert.equal(calls.filter((c) => c === 'later').length, 2);
  assert.equal(calls.filter((c) => c === 'fatal').length, 1);
  q.shutDown();
  await running;
});

void test('the same key is never handled by two workers at once', async () => {
  const q = new WorkQueue({ clock: new FakeClock() });
  let inFlight = 0;
  let maxInFlight = 0;
  let handled = 0;
  const running = runWorkers(
    q,
    4,
    async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      handled++;
      return 'done';
    },
    nopLogger,
  );
  for (let i = 0; i < 20; i++) {
    q.add('same');
    await new Promise((r) => setTimeout(r, 1));
  }
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(maxInFlight, 1);
  assert.ok(handled >= 2 && handled <= 20);
  await q.shutDownWithDrain();
  await running;
});
