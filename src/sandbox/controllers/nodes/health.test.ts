import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conditionsWhenSilent, desiredReadinessTaints, observeNode } from './health.ts';
import type { NodeObject } from './types.ts';

const node = (ready: 'True' | 'False' | 'Unknown' | undefined, heartbeat = 't1'): NodeObject => ({
  metadata: { name: 'n1' },
  status: {
    conditions: [
      ...(ready
        ? [
            {
              type: 'Ready',
              status: ready,
              lastHeartbeatTime: heartbeat,
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
            },
          ]
        : []),
      { type: 'MemoryPressure', status: 'False' as const, reason: 'KubeletHasSufficientMemory' },
    ],
  },
});

describe('node health', () => {
  it('moves the probe timestamp only when the lease or the Ready heartbeat changes', () => {
    const a = observeNode(undefined, node('True', 'h1'), 'r1', 1000);
    assert.equal(a.probeTimestamp, 1000);
    const b = observeNode(a, node('True', 'h1'), 'r1', 5000);
    assert.equal(b.probeTimestamp, 1000, 'nothing changed');
    const c = observeNode(b, node('True', 'h1'), 'r2', 9000);
    assert.equal(c.probeTimestamp, 9000, 'lease renewed');
    const d = observeNode(c, node('True', 'h2'), 'r2', 12000);
    assert.equal(d.probeTimestamp, 12000, 'status heartbeat');
  });

  it('turns Ready and pressure conditions Unknown with upstream reason and message', () => {
    const conds = conditionsWhenSilent(node('True'), '2026-01-01T00:00:00Z');
    assert.ok(conds);
    const ready = conds.find((c) => c.type === 'Ready');
    assert.deepEqual(
      [ready?.status, ready?.reason, ready?.message],
      ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'],
    );
    assert.equal(conds.find((c) => c.type === 'MemoryPressure')?.status, 'Unknown');
    assert.equal(
      conditionsWhenSilent({ ...node('Unknown'), status: { conditions: conds } }, 'x'),
      undefined,
    );
    const never = conditionsWhenSilent(node(undefined), 'x');
    assert.equal(never?.find((c) => c.type === 'Ready')?.reason, 'NodeStatusNeverUpdated');
  });

  it('derives the unreachable and not-ready taints from Ready, keeping timeAdded', () => {
    const t1 = desiredReadinessTaints(
      node('Unknown'),
      [{ key: 'user', effect: 'NoSchedule' }],
      'T1',
    );
    assert.deepEqual(t1, [
      { key: 'user', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: 'T1' },
    ]);
    const t2 = desiredReadinessTaints(node('Unknown'), t1, 'T2');
    assert.equal(t2[2]?.timeAdded, 'T1');
    const nr = desiredReadinessTaints(node('False'), t1, 'T3');
    assert.deepEqual(
      nr.map((t) => `${t.key}:${t.effect}`),
      [
        'user:NoSchedule',
        'node.kubernetes.io/not-ready:NoSchedule',
        'node.kubernetes.io/not-ready:NoExecute',
      ],
    );
    assert.deepEqual(desiredReadinessTaints(node('True'), t1, 'T4'), [
      { key: 'user', effect: 'NoSchedule' },
    ]);
  });
});
