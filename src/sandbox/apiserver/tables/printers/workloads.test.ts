import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../types.ts';
import {
  controllerRevisionPrinter,
  deploymentPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from './workloads.ts';

const NOW = new Date('2024-06-01T12:00:00Z');
const created = '2024-05-30T09:00:00Z'; // 2d3h before NOW
const template = {
  spec: {
    containers: [
      { name: 'postgres', image: 'postgres:16' },
      { name: 'agent', image: 'steward:1' },
    ],
  },
};
const meta = { name: 'pg', namespace: 'db', creationTimestamp: created };

void test('deployment: READY UP-TO-DATE AVAILABLE AGE | CONTAINERS IMAGES SELECTOR', () => {
  const d: KubeObject = {
    metadata: meta,
    spec: {
      replicas: 3,
      selector: {
        matchLabels: { app: 'pg' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['db', 'cache'] }],
      },
      template,
    },
    status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
  };
  assert.deepEqual(
    deploymentPrinter.columns.map((c) => [c.name, c.priority]),
    [
      ['Name', 0],
      ['Ready', 0],
      ['Up-to-date', 0],
      ['Available', 0],
      ['Age', 0],
      ['Containers', 1],
      ['Images', 1],
      ['Selector', 1],
    ],
  );
  assert.deepEqual(deploymentPrinter.cells(d, NOW), [
    'pg',
    '2/3',
    3,
    2,
    '2d3h',
    'postgres,agent',
    'postgres:16,steward:1',
    'app=pg,tier in (cache,db)',
  ]);
  const empty: KubeObject = {
    metadata: meta,
    spec: { replicas: 0, template: { spec: { containers: [] } } },
  };
  assert.deepEqual(deploymentPrinter.cells(empty, NOW), ['pg', '0/0', 0, 0, '2d3h', '', '', '']);
});

void test('replicaset: integers and a FormatLabelSelector selector', () => {
  const rs: KubeObject = {
    metadata: meta,
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'pg', 'pod-template-hash': 'abc' } },
      template,
    },
    status: { replicas: 2, readyReplicas: 1 },
  };
  assert.deepEqual(replicaSetPrinter.cells(rs, NOW), [
    'pg',
    2,
    2,
    1,
    '2d3h',
    'postgres,agent',
    'postgres:16,steward:1',
    'app=pg,pod-template-hash=abc',
  ]);
  assert.equal(replicaSetPrinter.columns[1]?.type, 'integer');
  const noSelector: KubeObject = { metadata: meta, spec: { replicas: 1, selector: {}, template } };
  assert.equal(replicaSetPrinter.cells(noSelector, NOW)[7], '<none>');
});

void test('statefulset: READY AGE | CONTAINERS IMAGES', () => {
  const sts: KubeObject = {
    metadata: meta,
    spec: { replicas: 3, template },
    status: { readyReplicas: 3 },
  };
  assert.deepEqual(
    statefulSetPrinter.columns.map((c) => c.name),
    ['Name', 'Ready', 'Age', 'Containers', 'Images'],
  );
  assert.deepEqual(statefulSetPrinter.cells(sts, NOW), [
    'pg',
    '3/3',
    '2d3h',
    'postgres,agent',
    'postgres:16,steward:1',
  ]);
  const fresh: KubeObject = { metadata: meta, spec: { template } };
  assert.deepEqual(statefulSetPrinter.cells(fresh, NOW).slice(0, 2), ['pg', '0/1']);
});

void test('controllerrevision: CONTROLLER is kind.group/name of the controller owner', () => {
  const cr: KubeObject = {
    metadata: {
      ...meta,
      name: 'pg-7d9f',
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'pg', uid: 'u', controller: true },
      ],
    },
    revision: 4,
  };
  assert.deepEqual(controllerRevisionPrinter.cells(cr, NOW), [
    'pg-7d9f',
    'statefulset.apps/pg',
    4,
    '2d3h',
  ]);
  const core: KubeObject = {
    metadata: {
      ...meta,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: 'u', controller: true }],
    },
    revision: 1,
  };
  assert.equal(controllerRevisionPrinter.cells(core, NOW)[1], 'pod/p');
  assert.equal(controllerRevisionPrinter.cells({ metadata: meta, revision: 1 }, NOW)[1], '<none>');
});
