import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_RESOURCES } from '../builtin-resources.ts';
import type { KubeObject, ResourceType } from '../types.ts';
import { DESC } from './descriptions.ts';
import { buildTable } from './table.ts';

const NOW = new Date('2024-06-01T12:00:00Z');

function resource(group: string, kind: string): ResourceType {
  const r = BUILTIN_RESOURCES.find((b) => b.group === group && b.kind === kind);
  if (!r) throw new Error(`no ${group}/${kind}`);
  return r;
}

const cm: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'settings',
    namespace: 'db',
    uid: 'u1',
    resourceVersion: '41',
    creationTimestamp: '2024-06-01T11:59:00Z',
    labels: { app: 'pg' },
  },
  data: { a: '1' },
};

void test('includeObject=Metadata: rows carry PartialObjectMetadata; table carries the list RV', () => {
  const table = buildTable(resource('', 'ConfigMap'), [cm], {
    now: NOW,
    includeObject: 'Metadata',
    listResourceVersion: '42',
  });
  assert.deepEqual(table, {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: '42' },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: DESC.metaName, priority: 0 },
      { name: 'Data', type: 'string', format: '', description: DESC.cmData, priority: 0 },
      {
        name: 'Age',
        type: 'string',
        format: '',
        description: DESC.metaCreationTimestamp,
        priority: 0,
      },
    ],
    rows: [
      {
        cells: ['settings', 1, '60s'],
        object: {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: cm.metadata,
        },
      },
    ],
  });
});

void test('includeObject=Object embeds the object, None omits it; noHeaders drops columns', () => {
  const full = buildTable(resource('', 'ConfigMap'), [cm], { now: NOW, includeObject: 'Object' });
  assert.deepEqual(full.rows[0]?.object, cm);
  assert.deepEqual(full.metadata, {});
  const none = buildTable(resource('', 'ConfigMap'), [cm], {
    now: NOW,
    includeObject: 'None',
    noHeaders: true,
  });
  assert.deepEqual(none.rows, [{ cells: ['settings', 1, '60s'] }]);
  assert.equal(none.columnDefinitions, null);
});

void test('pods carry row conditions', () => {
  const pod: KubeObject = {
    metadata: { name: 'job-x' },
    spec: { containers: [{ name: 'c' }] },
    status: { phase: 'Failed' },
  };
  const table = buildTable(resource('', 'Pod'), [pod], { now: NOW, includeObject: 'None' });
  assert.deepEqual(table.rows[0]?.conditions, [
    { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
  ]);
});

void test('kinds without a printer use NAME, CREATED AT', () => {
  const role: KubeObject = {
    metadata: { name: 'pg-agent', namespace: 'db', creationTimestamp: '2024-05-01T08:09:10Z' },
  };
  for (const [group, kind] of [
    ['rbac.authorization.k8s.io', 'Role'],
    ['rbac.authorization.k8s.io', 'ClusterRole'],
    ['apiextensions.k8s.io', 'CustomResourceDefinition'],
  ] as const) {
    const table = buildTable(resource(group, kind), [role], { now: NOW, includeObject: 'None' });
    assert.deepEqual(
      table.columnDefinitions?.map((c) => [c.name, c.type, c.format]),
      [
        ['Name', 'string', 'name'],
        ['Created At', 'date', ''],
      ],
    );
    assert.deepEqual(table.rows[0]?.cells, ['pg-agent', '2024-05-01T08:09:10Z']);
  }
  const noTimestamp = buildTable(
    resource('rbac.authorization.k8s.io', 'Role'),
    [{ metadata: { name: 'r' } }],
    {
      now: NOW,
      includeObject: 'None',
    },
  );
  assert.deepEqual(noTimestamp.rows[0]?.cells, ['r', '0001-01-01T00:00:00Z']);
});

void test('custom resources: crdColumns when given, else the default Age column', () => {
  const crd: ResourceType = {
    ...resource('', 'ConfigMap'),
    group: 'steward.dev',
    version: 'v1alpha1',
    kind: 'PostgresCluster',
  };
  const obj: KubeObject = {
    metadata: { name: 'pg', creationTimestamp: '2024-06-01T11:00:00Z' },
    spec: { instances: 3 },
  };
  const withColumns = buildTable(crd, [obj], {
    now: NOW,
    includeObject: 'None',
    crdColumns: [{ name: 'Instances', type: 'integer', jsonPath: '.spec.instances' }],
  });
  assert.deepEqual(withColumns.rows[0]?.cells, ['pg', 3]);
  const without = buildTable(crd, [obj], { now: NOW, includeObject: 'None' });
  assert.deepEqual(
    without.columnDefinitions?.map((c) => [c.name, c.type]),
    [
      ['Name', 'string'],
      ['Age', 'date'],
    ],
  );
  assert.deepEqual(without.rows[0]?.cells, ['pg', '60m']);
});

void test('every built-in kind renders a row whose width matches its columns', () => {
  const obj: KubeObject = { metadata: { name: 'x', creationTimestamp: '2024-06-01T11:00:00Z' } };
  for (const r of BUILTIN_RESOURCES) {
    const table = buildTable(r, [obj], { now: NOW, includeObject: 'None' });
    assert.equal(
      table.rows[0]?.cells.length,
      table.columnDefinitions?.length,
      `${r.group}/${r.kind}`,
    );
  }
});
