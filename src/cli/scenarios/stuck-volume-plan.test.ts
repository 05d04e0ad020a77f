import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildScenarioStatefulSet, milestonesIn, type Observation } from './stuck-volume-plan.ts';

const base = (): Observation => ({
  node: {
    metadata: { name: 'n1' },
    spec: {},
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  },
  pod: { metadata: { name: 'sv-0', uid: 'u1' }, spec: { nodeName: 'n1', containers: [] } },
  attachments: [{ spec: { attacher: 'x', nodeName: 'n1', source: {} } }],
  events: [],
});

describe('stuck-volume milestones', () => {
  it('sees nothing while the node is healthy', () => {
    assert.deepEqual([...milestonesIn(base(), 'n1', 'u1')], []);
  });

  it('follows the node, the stuck pod, the replacement and the attachment', () => {
    const o = base();
    o.node!.status!.conditions![0]!.status = 'Unknown';
    o.node!.spec!.taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }];
    o.pod!.metadata!.deletionTimestamp = new Date();
    assert.deepEqual([...milestonesIn(o, 'n1', 'u1')].sort(), [
      'node-tainted',
      'node-unknown',
      'pod-terminating',
    ]);
    o.pod = {
      metadata: { name: 'sv-0', uid: 'u2' },
      spec: { nodeName: 'n2', containers: [] },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    };
    o.events = [
      {
        metadata: {},
        involvedObject: {},
        reason: 'FailedAttachVolume',
        message: 'Multi-Attach error for volume "pv"',
      },
    ];
    o.attachments = [];
    const seen = milestonesIn(o, 'n1', 'u1');
    for (const m of [
      'replacement-scheduled',
      'replacement-ready',
      'multi-attach',
      'old-attachment-gone',
    ] as const) {
      assert.ok(seen.has(m), m);
    }
  });

  it('builds a one-replica StatefulSet with a ReadWriteOnce claim', () => {
    const sts = buildScenarioStatefulSet('sv', 'ns');
    assert.equal(sts.spec?.replicas, 1);
    assert.deepEqual(sts.spec?.volumeClaimTemplates?.[0]?.spec?.accessModes, ['ReadWriteOnce']);
  });
});
