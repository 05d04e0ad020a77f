import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  initialProbeState,
  nextProbeDelay,
  probeTiming,
  recordProbe,
  unhealthyMessage,
} from './probe-state.ts';

test('upstream defaults', () => {
  assert.deepEqual(probeTiming({}), {
    initialDelayMs: 0,
    periodMs: 10_000,
    timeoutMs: 1_000,
    successThreshold: 1,
    failureThreshold: 3,
  });
});

test('the result flips only after the thresholds', () => {
  const t = probeTiming({ failureThreshold: 2, successThreshold: 2 });
  let s = initialProbeState('readiness');
  assert.equal(s.result, false);
  s = recordProbe(s, true, t);
  assert.equal(s.result, false);
  s = recordProbe(s, true, t);
  assert.equal(s.result, true);
  s = recordProbe(s, false, t);
  assert.equal(s.result, true);
  s = recordProbe(s, true, t);
  s = recordProbe(s, false, t);
  s = recordProbe(s, false, t);
  assert.equal(s.result, false);
  assert.equal(initialProbeState('liveness').result, true);
});

test('scheduling and messages', () => {
  const t = probeTiming({ initialDelaySeconds: 5, periodSeconds: 2 });
  assert.equal(nextProbeDelay(t, 1_000, true), 4_000);
  assert.equal(nextProbeDelay(t, 1_000, false), 2_000);
  assert.equal(unhealthyMessage('liveness', 'x'), 'Liveness probe failed: x');
});
