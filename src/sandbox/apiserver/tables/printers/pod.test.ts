import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../types.ts';
import { podPrinter } from './pod.ts';

const NOW = new Date('2024-06-01T12:00:00Z');
const ago = (s: number): string => new Date(NOW.getTime() - s * 1000).toISOString();

function pod(spec: object, status: object, meta: object = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'default', creationTimestamp: ago(300), ...meta },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
    status,
  };
}

const running = { running: { startedAt: ago(290) } };
const cells = (p: KubeObject): unknown[] => podPrinter.cells(p, NOW);
const short = (p: KubeObject): unknown[] => cells(p).slice(1, 4);

void test('pod columns, with wide ones at priority 1', () => {
  assert.deepEqual(
    podPrinter.columns.map((c) => [c.name, c.type, c.priority]),
    [
      ['Name', 'string', 0],
      ['Ready', 'string', 0],
      ['Status', 'string', 0],
      ['Restarts', 'string', 0],
      ['Age', 'string', 0],
      ['IP', 'string', 1],
      ['Node', 'string', 1],
      ['Nominated Node', 'string', 1],
      ['Readiness Gates', 'string', 1],
    ],
  );
  assert.equal(podPrinter.columns[0]?.format, 'name');
});

void test('running and ready pod, all cells', () => {
  const p = pod(
    { nodeName: 'node-a', readinessGates: [{ conditionType: 'example.com/gate' }] },
    {
      phase: 'Running',
      podIP: '10.0.0.5',
      podIPs: [{ ip: '10.0.0.5' }],
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
    },
  );
  assert.deepEqual(cells(p), [
    'web-0',
    '1/1',
    'Running',
    '0',
    '5m',
    '10.0.0.5',
    'node-a',
    '<none>',
    '0/1',
  ]);
  assert.equal(podPrinter.conditions?.(p), undefined);
});

void test('pending pod without statuses shows the phase and <none> wide cells', () => {
  const p = pod({}, { phase: 'Pending' });
  assert.deepEqual(cells(p), [
    'web-0',
    '0/1',
    'Pending',
    '0',
    '5m',
    '<none>',
    '<none>',
    '<none>',
    '<none>',
  ]);
});

void test('waiting reasons: ContainerCreating and CrashLoopBackOff with "(2m ago)"', () => {
  const creating = pod(
    {},
    {
      phase: 'Pending',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    },
  );
  assert.deepEqual(short(creating), ['0/1', 'ContainerCreating', '0']);
  const crashing = pod(
    {},
    {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 5,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(125) } },
        },
      ],
    },
  );
  assert.deepEqual(short(crashing), ['0/1', 'CrashLoopBackOff', '5 (2m5s ago)']);
});

void test('completed pod carries the Completed row condition', () => {
  const p = pod(
    {},
    {
      phase: 'Succeeded',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
      ],
    },
  );
  assert.deepEqual(short(p), ['0/1', 'Completed', '0']);
  assert.deepEqual(podPrinter.conditions?.(p), [
    {
      type: 'Completed',
      status: 'True',
      reason: 'Succeeded',
      message: 'The pod has completed successfully.',
    },
  ]);
});

void test('terminated without a reason prints ExitCode or Signal', () => {
  const exit = pod(
    {},
    {
      phase: 'Failed',
      containerStatuses: [
        { name: 'app', restartCount: 0, state: { terminated: { exitCode: 137 } } },
      ],
    },
  );
  assert.deepEqual(short(exit), ['0/1', 'ExitCode:137', '0']);
  const signal = pod(
    {},
    {
      phase: 'Failed',
      containerStatuses: [
        { name: 'app', restartCount: 0, state: { terminated: { exitCode: 0, signal: 9 } } },
      ],
    },
  );
  assert.deepEqual(short(signal), ['0/1', 'Signal:9', '0']);
  assert.equal(podPrinter.conditions?.(exit)?.[0]?.reason, 'Failed');
});

void test('init containers: Init:0/1, Init:CrashLoopBackOff, Init:Error', () => {
  const spec = { initContainers: [{ name: 'init', image: 'busybox' }] };
  const waiting = { waiting: { reason: 'PodInitializing' } };
  const app = [{ name: 'app', ready: false, restartCount: 0, state: waiting }];
  const initRunning = pod(spec, {
    phase: 'Pending',
    initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: running }],
    containerStatuses: app,
  });
  assert.deepEqual(short(initRunning), ['0/1', 'Init:0/1', '0']);
  const initCrash = pod(spec, {
    phase: 'Pending',
    initContainerStatuses: [
      {
        name: 'init',
        restartCount: 3,
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(30) } },
      },
    ],
    containerStatuses: app,
  });
  assert.deepEqual(short(initCrash), ['0/1', 'Init:CrashLoopBackOff', '3 (30s ago)']);
  const initError = pod(spec, {
    phase: 'Pending',
    initContainerStatuses: [
      { name: 'init', restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } },
    ],
  });
  assert.deepEqual(short(initError), ['0/1', 'Init:Error', '0']);
});

void test('a started, ready sidecar counts toward READY and its restarts stay', () => {
  const p = pod(
    { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] },
    {
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      initContainerStatuses: [
        { name: 'proxy', ready: true, started: true, restartCount: 1, state: running },
      ],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
    },
  );
  assert.deepEqual(short(p), ['2/2', 'Running', '1']);
});

void test('Terminating while deleting, Unknown when the node is lost', () => {
  const status = {
    phase: 'Running',
    containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: running }],
  };
  assert.deepEqual(short(pod({}, status, { deletionTimestamp: ago(10) })), [
    '1/1',
    'Terminating',
    '0',
  ]);
  const lost = pod({}, { ...status, reason: 'NodeLost' }, { deletionTimestamp: ago(10) });
  assert.deepEqual(short(lost), ['1/1', 'Unknown', '0']);
  const done = pod({}, { phase: 'Succeeded' }, { deletionTimestamp: ago(10) });
  assert.deepEqual(short(done), ['0/1', 'Succeeded', '0']);
});

void test('Completed with another container still running becomes Running or NotReady', () => {
  const statuses = [
    {
      name: 'a',
      ready: false,
      restartCount: 0,
      state: { terminated: { exitCode: 0, reason: 'Completed' } },
    },
    { name: 'b', ready: true, restartCount: 0, state: running },
  ];
  const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
  const ready = pod(spec, {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: statuses,
  });
  assert.deepEqual(short(ready), ['1/2', 'Running', '0']);
  const notReady = pod(spec, { phase: 'Running', containerStatuses: statuses });
  assert.deepEqual(short(notReady), ['1/2', 'NotReady', '0']);
});

void test('status.reason (Evicted) and SchedulingGated win over the phase', () => {
  assert.deepEqual(short(pod({}, { phase: 'Failed', reason: 'Evicted' })), ['0/1', 'Evicted', '0']);
  const gated = pod(
    {},
    {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
    },
  );
  assert.deepEqual(short(gated), ['0/1', 'SchedulingGated', '0']);
});
