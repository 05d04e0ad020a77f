import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evictionTime } from './taint-eviction.ts';
import type { PodObject, Taint } from './types.ts';

const unreachable: Taint = {
  key: 'node.kubernetes.io/unreachable',
  effect: 'NoExecute',
  timeAdded: '2026-01-01T00:00:00Z',
};
const t0 = Date.parse('2026-01-01T00:00:00Z');
const pod = (
  tolerations: PodObject['spec'] extends infer S
    ? S extends { tolerations?: infer T }
      ? T
      : never
    : never,
): PodObject => ({
  metadata: { name: 'p' },
  spec: { tolerations },
});

describe('taint eviction', () => {
  it('evicts at timeAdded + tolerationSeconds', () => {
    const p = pod([
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    assert.equal(evictionTime(p, [unreachable], t0 + 1000), t0 + 300_000);
  });
  it('evicts at once when a NoExecute taint is not tolerated', () => {
    assert.equal(evictionTime(pod([]), [unreachable], t0 + 5), t0 + 5);
  });
  it('never evicts with a toleration without seconds', () => {
    assert.equal(evictionTime(pod([{ operator: 'Exists' }]), [unreachable], t0), undefined);
  });
  it('ignores NoSchedule taints and takes the shortest matching toleration', () => {
    const p = pod([
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      { operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
    ]);
    assert.equal(
      evictionTime(p, [{ key: 'x', effect: 'NoSchedule' }, unreachable], t0),
      t0 + 30_000,
    );
  });
});
