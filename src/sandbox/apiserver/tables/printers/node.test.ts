import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../types.ts';
import { nodePrinter } from './node.ts';

const NOW = new Date('2024-06-01T12:00:00Z');

void test('node columns', () => {
  assert.deepEqual(
    nodePrinter.columns.map((c) => [c.name, c.priority]),
    [
      ['Name', 0],
      ['Status', 0],
      ['Roles', 0],
      ['Age', 0],
      ['Version', 0],
      ['Internal-IP', 1],
      ['External-IP', 1],
      ['OS-Image', 1],
      ['Kernel-Version', 1],
      ['Container-Runtime', 1],
    ],
  );
});

void test('cordoned control-plane node, all cells', () => {
  const node: KubeObject = {
    metadata: {
      name: 'node-a',
      creationTimestamp: '2024-05-01T12:00:00Z',
      labels: {
        'node-role.kubernetes.io/control-plane': '',
        'kubernetes.io/role': 'db',
        'node-role.kubernetes.io/': '',
      },
    },
    spec: { unschedulable: true },
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False' },
        { type: 'Ready', status: 'True' },
      ],
      addresses: [
        { type: 'Hostname', address: 'node-a' },
        { type: 'InternalIP', address: '127.0.1.1' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.0',
        osImage: 'Steward Sandbox',
        kernelVersion: '6.8.0',
        containerRuntimeVersion: 'steward://0.1.0',
      },
    },
  };
  assert.deepEqual(nodePrinter.cells(node, NOW), [
    'node-a',
    'Ready,SchedulingDisabled',
    'control-plane,db',
    '31d',
    'v1.32.0',
    '127.0.1.1',
    '<none>',
    'Steward Sandbox',
    '6.8.0',
    'steward://0.1.0',
  ]);
});

void test('node status NotReady, Unknown, and <unknown> system info', () => {
  const base = { metadata: { name: 'n', creationTimestamp: '2024-06-01T11:00:00Z' } };
  const notReady: KubeObject = {
    ...base,
    status: { conditions: [{ type: 'Ready', status: 'Unknown' }] },
  };
  assert.deepEqual(nodePrinter.cells(notReady, NOW), [
    'n',
    'NotReady',
    '<none>',
    '60m',
    '',
    '<none>',
    '<none>',
    '<unknown>',
    '<unknown>',
    '<unknown>',
  ]);
  assert.equal(nodePrinter.cells({ ...base, status: {} }, NOW)[1], 'Unknown');
});
