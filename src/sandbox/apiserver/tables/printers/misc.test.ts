import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../types.ts';
import {
  clusterRoleBindingPrinter,
  leasePrinter,
  podDisruptionBudgetPrinter,
  roleBindingPrinter,
} from './misc.ts';

const NOW = new Date('2024-06-01T12:00:00Z');
const meta = { name: 'pg', namespace: 'db', creationTimestamp: '2024-06-01T11:59:00Z' };

void test('lease HOLDER AGE', () => {
  assert.deepEqual(leasePrinter.cells({ metadata: meta, spec: { holderIdentity: 'pg-0' } }, NOW), [
    'pg',
    'pg-0',
    '60s',
  ]);
  assert.deepEqual(leasePrinter.cells({ metadata: meta, spec: {} }, NOW), ['pg', '', '60s']);
});

void test('pdb MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE', () => {
  const pdb: KubeObject = {
    metadata: meta,
    spec: { minAvailable: 2 },
    status: { disruptionsAllowed: 1 },
  };
  assert.deepEqual(podDisruptionBudgetPrinter.cells(pdb, NOW), ['pg', '2', 'N/A', 1, '60s']);
  const pct: KubeObject = { metadata: meta, spec: { maxUnavailable: '50%' } };
  assert.deepEqual(podDisruptionBudgetPrinter.cells(pct, NOW), ['pg', 'N/A', '50%', 0, '60s']);
});

void test('role bindings: ROLE AGE | USERS GROUPS SERVICEACCOUNTS', () => {
  const rb: KubeObject = {
    metadata: meta,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pg-agent' },
    subjects: [
      { kind: 'ServiceAccount', name: 'pg', namespace: 'db' },
      { kind: 'User', name: 'alice' },
      { kind: 'User', name: 'bob' },
      { kind: 'Group', name: 'dba' },
    ],
  };
  assert.deepEqual(roleBindingPrinter.cells(rb, NOW), [
    'pg',
    'Role/pg-agent',
    '60s',
    'alice, bob',
    'dba',
    'db/pg',
  ]);
  assert.deepEqual(
    clusterRoleBindingPrinter.columns.map((c) => [c.name, c.priority, c.description]).slice(3),
    [
      ['Users', 1, 'Users in the clusterRoleBinding'],
      ['Groups', 1, 'Groups in the clusterRoleBinding'],
      ['ServiceAccounts', 1, 'ServiceAccounts in the clusterRoleBinding'],
    ],
  );
  assert.deepEqual(
    clusterRoleBindingPrinter.cells(
      { metadata: meta, roleRef: { kind: 'ClusterRole', name: 'view' } },
      NOW,
    ),
    ['pg', 'ClusterRole/view', '60s', '', '', ''],
  );
});
