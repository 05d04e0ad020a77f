import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CoreV1Event } from '@kubernetes/client-node';
import { eventViewOf, isClusterObject, leaseViewOf } from './cluster-api.ts';

void describe('cluster-api views', () => {
  void test('isClusterObject: the cluster, its pods, PVCs, Lease and Services, not a neighbour', () => {
    const ours = [
      'demo',
      'demo-0',
      'demo-12',
      'demo-primary',
      'demo-rw',
      'demo-headless',
      'data-demo-3',
    ];
    const theirs = ['demo-x-0', 'demo2', 'data-demo-x-0', 'other-0', 'demo-', 'data-demo-'];
    assert.deepEqual(
      ours.filter((n) => !isClusterObject(n, 'demo')),
      [],
    );
    assert.deepEqual(
      theirs.filter((n) => isClusterObject(n, 'demo')),
      [],
    );
  });

  void test('eventViewOf takes the latest time it knows and the count', () => {
    const e = {
      metadata: { creationTimestamp: new Date('2023-11-14T22:00:00Z') },
      involvedObject: { kind: 'Pod', name: 'demo-1' },
      type: 'Warning',
      reason: 'Unhealthy',
      message: 'probe failed',
      lastTimestamp: new Date('2023-11-14T22:10:00Z'),
      count: 3,
    } as CoreV1Event;
    assert.deepEqual(eventViewOf(e), {
      type: 'Warning',
      reason: 'Unhealthy',
      object: 'pod/demo-1',
      message: 'probe failed',
      time: '2023-11-14T22:10:00.000Z',
      count: 3,
    });
  });

  void test('leaseViewOf', () => {
    const v = leaseViewOf({
      metadata: { name: 'demo-primary' },
      spec: {
        holderIdentity: '',
        renewTime: new Date('2023-11-14T22:10:00Z'),
        leaseDurationSeconds: 15,
      },
    });
    assert.deepEqual(v, {
      name: 'demo-primary',
      holder: null,
      renewTime: '2023-11-14T22:10:00.000Z',
      durationSeconds: 15,
      annotations: {},
    });
  });
});
