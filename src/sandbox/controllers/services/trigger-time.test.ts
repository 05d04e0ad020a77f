import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pod, svc } from './fixtures.test-util.ts';
import { formatTriggerTime, TriggerTimeTracker } from './trigger-time.ts';

test('first sync uses the Service creation time, later ones the earliest unseen pod change', () => {
  const t = new TriggerTimeTracker();
  const s = svc();
  const a = pod('a', '127.1.1.2', { readySince: '2024-01-01T00:05:00Z' });
  assert.equal(t.compute('ns/web', s, [a]), Date.parse('2024-01-01T00:00:00Z'));
  assert.equal(t.compute('ns/web', s, [a]), 0);
  const b = pod('b', '127.1.1.3', { readySince: '2024-01-01T00:07:00Z' });
  const a2 = pod('a', '127.1.1.2', { readySince: '2024-01-01T00:06:00Z' });
  assert.equal(t.compute('ns/web', s, [a2, b]), Date.parse('2024-01-01T00:06:00Z'));
  assert.equal(
    formatTriggerTime(Date.parse('2024-01-01T00:06:00.120Z')),
    '2024-01-01T00:06:00.12Z',
  );
  assert.equal(formatTriggerTime(Date.parse('2024-01-01T00:06:10Z')), '2024-01-01T00:06:10Z');
});
