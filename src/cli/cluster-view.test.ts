import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { EventView } from './cluster-api.ts';
import { agentStatus, demoCluster, pod } from './cluster-fixtures.ts';
import { buildMemberViews } from './cluster-members.ts';
import { formatAge, formatBytes, formatClusterView } from './cluster-view.ts';

const NOW = Date.parse('2023-11-14T22:15:00Z');

function switchingCluster() {
  return demoCluster({
    phase: 'Switchover',
    targetPrimary: 'demo-1',
    timeline: 2,
    readyInstances: 2,
    observedGeneration: 1,
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'AllInstancesReady',
        message: '3 of 3 instances ready',
        lastTransitionTime: '2023-11-14T22:10:00Z',
      },
      {
        type: 'Degraded',
        status: 'False',
        reason: 'Healthy',
        message: 'nothing to heal',
        lastTransitionTime: '2023-11-14T20:15:00Z',
      },
    ],
  });
}

const pods = [
  pod('demo-0', {
    ready: true,
    node: 'node-1',
    status: agentStatus('demo-0', {
      role: 'primary',
      streaming: false,
      lagBytes: null,
      timeline: 2,
      lsn: '0/5000100',
      message: 'no action: I am the primary and hold the lease',
    }),
  }),
  pod('demo-1', {
    ready: true,
    node: 'node-2',
    status: agentStatus('demo-1', { timeline: 2, lsn: '0/5000100' }),
  }),
  pod('demo-2', {
    ready: false,
    node: 'node-3',
    status: agentStatus('demo-2', {
      streaming: false,
      lagBytes: 1572864,
      lsn: '0/4E80000',
      message: 'waiting to stream from demo-0',
    }),
  }),
];

const sync = JSON.stringify({
  quorum: 1,
  members: ['demo-1', 'demo-2'],
  mode: 'quorum',
  degraded: false,
});

const events: EventView[] = [
  {
    type: 'Warning',
    reason: 'Unhealthy',
    object: 'pod/demo-2',
    message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
    time: '2023-11-14T22:14:30Z',
    count: 4,
  },
  {
    type: 'Normal',
    reason: 'Created',
    object: 'pod/demo-2',
    message: 'create Pod demo-2 in StatefulSet demo successful',
    time: '2023-11-14T22:05:00Z',
    count: 1,
  },
];

void describe('formatClusterView', () => {
  void test('shows the summary, instances, agents, conditions and events (oldest event first)', () => {
    const cluster = switchingCluster();
    const lines = formatClusterView(
      {
        cluster,
        members: buildMemberViews(cluster, pods),
        lease: {
          name: 'demo-primary',
          holder: 'demo-0',
          renewTime: '2023-11-14T22:14:58Z',
          durationSeconds: 15,
          annotations: { 'steward.dev/sync': sync },
        },
        events,
      },
      NOW,
    );
    assert.equal(
      lines.join('\n'),
      `Cluster:    default/demo
Phase:      Switchover (2 of 3 instances ready)
Primary:    demo-0, timeline 2
Switchover: demo-0 -> demo-1 in progress
Lease:      demo-primary held by demo-0, renewed 2s ago, duration 15s
Sync:       1 of demo-1, demo-2 confirm each commit (mode quorum)

Instances:
  NAME    ROLE     READY  STREAMING  LSN        LAG      TIMELINE  NODE
  demo-0  primary  yes    -          0/5000100  -        2         node-1
  demo-1  replica  yes    yes        0/5000100  0 B      2         node-2
  demo-2  replica  no     no         0/4E80000  1.5 MiB  1         node-3

Agents:
  NAME    LAST DECISION
  demo-0  no action: I am the primary and hold the lease
  demo-1  following demo-0
  demo-2  waiting to stream from demo-0

Conditions:
  TYPE      STATUS  REASON             AGE  MESSAGE
  Ready     True    AllInstancesReady  5m   3 of 3 instances ready
  Degraded  False   Healthy            2h   nothing to heal

Events:
  AGE  TYPE     REASON     OBJECT           MESSAGE
  10m  Normal   Created    pod/demo-2       create Pod demo-2 in StatefulSet demo successful
  30s  Warning  Unhealthy  pod/demo-2 (x4)  Readiness probe failed: HTTP probe failed with statuscode: 503`,
    );
  });

  void test('a new cluster: no primary, no lease, no instances, paused, generation not yet observed', () => {
    const cluster = demoCluster(
      { currentPrimary: '', targetPrimary: '', timeline: 1 },
      { pause: true },
    );
    cluster.metadata.generation = 2;
    cluster.status = { observedGeneration: 1 };
    const lines = formatClusterView({ cluster, members: [], lease: null, events: [] }, NOW);
    assert.equal(
      lines.join('\n'),
      `Cluster: default/demo
Phase:   Pending (0 of 3 instances ready, spec generation 2 not yet observed (1))
Primary: none yet
Lease:   demo-primary: none yet
Paused:  yes (spec.pause): the operator does not reconcile

Instances: none

Conditions: none

Events: none`,
    );
  });

  void test('instances known only from status.instancesStatus', () => {
    const cluster = demoCluster({
      instancesStatus: [
        { name: 'demo-0', role: 'primary', ready: true, lsn: '0/3000060', timeline: 1 },
      ],
    });
    const lines = formatClusterView(
      { cluster, members: buildMemberViews(cluster, []), lease: null, events: [] },
      NOW,
    );
    assert.ok(
      lines.includes('  demo-0  primary  yes    -          0/3000060  -    1         -'),
      lines.join('\n'),
    );
  });

  void test('lists only the most recent ten events', () => {
    const many: EventView[] = Array.from({ length: 12 }, (_, i) => ({
      type: 'Normal',
      reason: `R${i}`,
      object: 'postgrescluster/demo',
      message: `m${i}`,
      time: new Date(NOW - (12 - i) * 1000).toISOString(),
      count: 1,
    }));
    const lines = formatClusterView(
      { cluster: demoCluster(), members: [], lease: null, events: many },
      NOW,
    );
    const at = lines.indexOf('Events (last 10 of 12):');
    assert.ok(at > 0, lines.join('\n'));
    assert.match(lines[at + 2] ?? '', /R2 /);
    assert.match(lines.at(-1) ?? '', /R11 /);
  });
});

void describe('formatting helpers', () => {
  void test('formatAge', () => {
    const ago = (s: number) => new Date(NOW - s * 1000).toISOString();
    assert.deepEqual(
      [0, 59, 60, 3599, 3600, 86399, 86400, -5].map((s) => formatAge(ago(s), NOW)),
      ['0s', '59s', '1m', '59m', '1h', '23h', '1d', '0s'],
    );
    assert.equal(formatAge(null, NOW), '-');
    assert.equal(formatAge('not a time', NOW), '-');
  });

  void test('formatBytes', () => {
    assert.deepEqual(
      [0, 512, 1024, 1536, 10 * 1024, 16 * 1024 * 1024, 5 * 1024 ** 4 * 1024].map(formatBytes),
      ['0 B', '512 B', '1 KiB', '1.5 KiB', '10 KiB', '16 MiB', '5120 TiB'],
    );
  });
});
