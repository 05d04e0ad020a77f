import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate, parseJsonPath } from './jsonpath.ts';

const obj = {
  metadata: { name: 'pg', labels: { 'app.kubernetes.io/name': 'steward' } },
  spec: { instances: 3, storage: { size: '10Gi' } },
  status: {
    conditions: [
      { type: 'Progressing', status: 'False' },
      { type: 'Ready', status: 'True', reason: 'Healthy' },
    ],
    members: ['pg-0', 'pg-1'],
  },
};

const run = (path: string): unknown[] => evaluate(parseJsonPath(path), obj);

void test('fields, indexes, wildcards and quoted keys', () => {
  assert.deepEqual(run('.spec.instances'), [3]);
  assert.deepEqual(run('.spec.storage'), [{ size: '10Gi' }]);
  assert.deepEqual(run('.status.members[1]'), ['pg-1']);
  assert.deepEqual(run('.status.members[-1]'), ['pg-1']);
  assert.deepEqual(run('.status.members[*]'), ['pg-0', 'pg-1']);
  assert.deepEqual(run(".metadata.labels['app.kubernetes.io/name']"), ['steward']);
  assert.deepEqual(run('.metadata.labels.app\\.kubernetes\\.io/name'), ['steward']);
  assert.deepEqual(run('{$.metadata.name}'), ['pg']);
});

void test('filters select array items by field value or presence', () => {
  assert.deepEqual(run('.status.conditions[?(@.type=="Ready")].status'), ['True']);
  assert.deepEqual(run(".status.conditions[?(@.type == 'Progressing')].status"), ['False']);
  assert.deepEqual(run('.status.conditions[?(@.type!="Ready")].type'), ['Progressing']);
  assert.deepEqual(run('.status.conditions[?(@.reason)].type'), ['Ready']);
});

void test('missing keys select nothing; unsupported syntax throws', () => {
  assert.deepEqual(run('.spec.missing.deeper'), []);
  assert.deepEqual(run('.status.members[5]'), []);
  assert.throws(() => parseJsonPath('.a[1:2]'));
});
