import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { agentStatus, demoCluster, member, pod } from './cluster-fixtures.ts';
import { buildMemberViews } from './cluster-members.ts';

void describe('buildMemberViews', () => {
  void test('prefers the agent and the pod, falls back to status.instancesStatus, orders by ordinal', () => {
    const cluster = demoCluster({
      instancesStatus: [
        { name: 'demo-10', role: 'replica', ready: true, lagBytes: 5, timeline: 1 },
        { name: 'demo-2', role: 'primary', ready: false, lagBytes: 9 },
      ],
    });
    const pods = [
      pod('demo-2', { ready: true, node: 'n2', status: agentStatus('demo-2', { lagBytes: 1 }) }),
      pod('demo-1'),
    ];
    assert.deepEqual(buildMemberViews(cluster, pods), [
      member('demo-1', {
        role: 'unknown',
        ready: null,
        streaming: null,
        lsn: null,
        lagBytes: null,
        timeline: null,
      }),
      member('demo-2', { lagBytes: 1, node: 'n2', message: 'following demo-0' }),
      member('demo-10', { streaming: null, lsn: null, lagBytes: 5 }),
    ]);
  });

  void test('an unreadable status annotation is ignored', () => {
    const p = pod('demo-0', { ready: true });
    p.metadata!.annotations = { 'steward.dev/status': '{not json' };
    p.metadata!.labels!['steward.dev/role'] = 'primary';
    const [m] = buildMemberViews(demoCluster(), [p]);
    assert.equal(m?.role, 'primary');
    assert.equal(m?.streaming, null);
  });
});
