import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../types.ts';
import {
  configMapPrinter,
  namespacePrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './core.ts';

const NOW = new Date('2024-06-01T12:00:00Z');
const meta = { name: 'x', namespace: 'db', creationTimestamp: '2024-06-01T11:59:55Z' };

void test('configmap DATA counts data and binaryData keys', () => {
  const cm: KubeObject = { metadata: meta, data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } };
  assert.deepEqual(configMapPrinter.cells(cm, NOW), ['x', 3, '5s']);
  assert.deepEqual(configMapPrinter.cells({ metadata: meta }, NOW), ['x', 0, '5s']);
  assert.deepEqual(
    configMapPrinter.columns.map((c) => c.name),
    ['Name', 'Data', 'Age'],
  );
});

void test('secret TYPE DATA AGE', () => {
  const s: KubeObject = {
    metadata: meta,
    type: 'kubernetes.io/basic-auth',
    data: { username: 'YQ==', password: 'Yg==' },
  };
  assert.deepEqual(secretPrinter.cells(s, NOW), ['x', 'kubernetes.io/basic-auth', 2, '5s']);
  assert.deepEqual(
    secretPrinter.columns.map((c) => c.name),
    ['Name', 'Type', 'Data', 'Age'],
  );
});

void test('serviceaccount SECRETS and namespace STATUS', () => {
  assert.deepEqual(serviceAccountPrinter.cells({ metadata: meta }, NOW), ['x', 0, '5s']);
  assert.deepEqual(serviceAccountPrinter.cells({ metadata: meta, secrets: [{ name: 't' }] }, NOW), [
    'x',
    1,
    '5s',
  ]);
  assert.deepEqual(
    namespacePrinter.cells({ metadata: meta, status: { phase: 'Terminating' } }, NOW),
    ['x', 'Terminating', '5s'],
  );
  assert.deepEqual(
    namespacePrinter.columns.map((c) => c.name),
    ['Name', 'Status', 'Age'],
  );
});
