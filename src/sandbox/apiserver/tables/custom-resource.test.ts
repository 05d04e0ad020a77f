import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../types.ts';
import { crdPrinter, typedCell } from './custom-resource.ts';
import { DESC } from './descriptions.ts';

const NOW = new Date('2024-06-01T12:00:00Z');

const cluster: KubeObject = {
  apiVersion: 'steward.dev/v1alpha1',
  kind: 'PostgresCluster',
  metadata: { name: 'pg', namespace: 'db', creationTimestamp: '2024-06-01T09:00:00Z' },
  spec: { instances: 3, synchronous: true, postgres: { parameters: { b: '2', a: '<1>' } } },
  status: {
    primary: 'pg-0',
    lag: 0.5,
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-06-01T11:58:00Z' }],
  },
};

void test('columns are Name plus the CRD columns with their priority, format and description', () => {
  const printer = crdPrinter([
    { name: 'Instances', type: 'integer', jsonPath: '.spec.instances' },
    {
      name: 'Primary',
      type: 'string',
      jsonPath: '.status.primary',
      description: 'Current primary',
    },
    { name: 'Lag', type: 'number', format: 'float', priority: 1, jsonPath: '.status.lag' },
  ]);
  assert.deepEqual(printer.columns, [
    { name: 'Name', type: 'string', format: 'name', description: DESC.metaName, priority: 0 },
    {
      name: 'Instances',
      type: 'integer',
      format: '',
      description: 'Custom resource definition column (in JSONPath format): .spec.instances',
      priority: 0,
    },
    { name: 'Primary', type: 'string', format: '', description: 'Current primary', priority: 0 },
    {
      name: 'Lag',
      type: 'number',
      format: 'float',
      description: 'Custom resource definition column (in JSONPath format): .status.lag',
      priority: 1,
    },
  ]);
});

void test('cells: typed values, filters, dates as ages, missing values as null', () => {
  const printer = crdPrinter([
    { name: 'Instances', type: 'integer', jsonPath: '.spec.instances' },
    { name: 'Sync', type: 'boolean', jsonPath: '.spec.synchronous' },
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    {
      name: 'Since',
      type: 'date',
      jsonPath: '.status.conditions[?(@.type=="Ready")].lastTransitionTime',
    },
    { name: 'Params', type: 'string', jsonPath: '.spec.postgres.parameters' },
    { name: 'Missing', type: 'string', jsonPath: '.status.nothing' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ]);
  assert.deepEqual(printer.cells(cluster, NOW), [
    'pg',
    3,
    true,
    'True',
    '2m',
    '{"a":"\\u003c1\\u003e","b":"2"}',
    null,
    '3h',
  ]);
});

void test('a CRD without columns gets the default Age column', () => {
  const printer = crdPrinter([]);
  assert.deepEqual(
    printer.columns.map((c) => [c.name, c.type, c.description]),
    [
      ['Name', 'string', DESC.metaName],
      ['Age', 'date', DESC.metaCreationTimestamp],
    ],
  );
  assert.deepEqual(printer.cells(cluster, NOW), ['pg', '3h']);
});

void test('typedCell follows cellForJSONValue', () => {
  assert.equal(typedCell('integer', 2.9, NOW), 2);
  assert.equal(typedCell('integer', '2', NOW), null);
  assert.equal(typedCell('number', 3, NOW), 3);
  assert.equal(typedCell('string', 42, NOW), '42');
  assert.equal(typedCell('string', false, NOW), 'false');
  assert.equal(typedCell('string', null, NOW), null);
  assert.equal(typedCell('date', '', NOW), '<unknown>');
  assert.equal(typedCell('date', 'yesterday', NOW), '<invalid>');
  assert.equal(typedCell('date', 12, NOW), null);
  assert.equal(typedCell('date', '2024-06-01T13:00:00+02:00', NOW), '60m');
});
