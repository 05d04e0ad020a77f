import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { V1Pod } from '@kubernetes/client-node';
import { formatMicroTime, type LeaderElectionRecord } from '../kube/lease-lock.ts';
import { containerExit, holderGoneReason } from './holder-gone.ts';

const T = Date.parse('2026-11-27T12:00:05Z');
const record = (renewMs: number): LeaderElectionRecord => ({
  holderIdentity: 'pg-0',
  leaseDurationSeconds: 15,
  acquireTime: formatMicroTime(T - 60_000),
  renewTime: formatMicroTime(renewMs),
  leaseTransitions: 2,
});

function pod(status: Record<string, unknown>, name = 'postgres'): V1Pod {
  return { status: { containerStatuses: [{ name, ...status }] } } as unknown as V1Pod;
}

test('containerExit reads the terminated state, or the last state of a waiting or restarted container', () => {
  const terminated = { terminated: { exitCode: 137, finishedAt: new Date(T) } };
  assert.deepEqual(containerExit(pod({ state: terminated })), { finishedAt: T, running: false });
  assert.deepEqual(
    containerExit(
      pod({ state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: terminated }),
    ),
    { finishedAt: T, running: false },
  );
  assert.deepEqual(
    containerExit(
      pod({ state: { running: { startedAt: new Date(T + 1000) } }, lastState: terminated }),
    ),
    { finishedAt: T, running: true },
  );
  const asText = { terminated: { exitCode: 1, finishedAt: '2026-11-27T12:00:05Z' } };
  assert.deepEqual(containerExit(pod({ state: asText })), { finishedAt: T, running: false });
});

test('containerExit is null for a container that never exited, or another container', () => {
  assert.equal(containerExit(pod({ state: { running: {} } })), null);
  assert.equal(containerExit(pod({ state: { waiting: { reason: 'ContainerCreating' } } })), null);
  const other = { state: { terminated: { exitCode: 1, finishedAt: new Date(T) } } };
  assert.equal(containerExit(pod(other, 'sidecar')), null);
  assert.equal(containerExit({}), null);
});

test('gone: exited after the last renewal and not running', () => {
  const why = holderGoneReason(record(T - 1_500), { finishedAt: T, running: false });
  assert.match(
    why ?? '',
    /^pg-0's container exited at 2026-11-27T12:00:05\.000Z, after its last renewal/,
  );
});

test('not gone: no exit, running again, or an exit not later than the last renewal', () => {
  assert.equal(holderGoneReason(record(T - 1_500), null), null);
  assert.equal(holderGoneReason(record(T - 1_500), { finishedAt: T, running: true }), null);
  // Whole-second container times: a renewal later in the same second may follow the exit.
  assert.equal(holderGoneReason(record(T + 400), { finishedAt: T, running: false }), null);
  assert.equal(
    holderGoneReason({ ...record(T), renewTime: 'garbage' }, { finishedAt: T, running: false }),
    null,
  );
});
