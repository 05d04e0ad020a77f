import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1PolicyRule } from '@kubernetes/client-node';
import * as builders from '../builders/index.ts';
import { agentPolicyRules } from '../builders/rbac.ts';
import { sampleCluster } from '../builders/sample-cluster.ts';
import { STEWARD_VERSION } from './names.ts';
import {
  buildElectionRole,
  buildElectionRoleBinding,
  buildOperatorClusterRole,
  buildOperatorClusterRoleBinding,
  buildOperatorServiceAccount,
  operatorClusterRules,
} from './rbac.ts';

const labels = {
  'app.kubernetes.io/name': 'steward-operator',
  'app.kubernetes.io/part-of': 'steward',
  'app.kubernetes.io/version': STEWARD_VERSION,
};
const subjects = [
  { kind: 'ServiceAccount', name: 'steward-operator', namespace: 'steward-system' },
];

/** Whether unrestricted rules allow `verb` on `group`/`resource` (as the RBAC authorizer). */
function allows(rules: V1PolicyRule[], group: string, resource: string, verb: string): boolean {
  return rules.some(
    (r) =>
      r.resourceNames === undefined &&
      (r.apiGroups ?? []).includes(group) &&
      (r.resources ?? []).includes(resource) &&
      r.verbs.includes(verb),
  );
}

/** Group and resource of each kind the operator's builders return. */
const RESOURCES: Record<string, [group: string, resource: string]> = {
  'v1/Secret': ['', 'secrets'],
  'v1/Service': ['', 'services'],
  'v1/ServiceAccount': ['', 'serviceaccounts'],
  'v1/ConfigMap': ['', 'configmaps'],
  'rbac.authorization.k8s.io/v1/Role': ['rbac.authorization.k8s.io', 'roles'],
  'rbac.authorization.k8s.io/v1/RoleBinding': ['rbac.authorization.k8s.io', 'rolebindings'],
  'apps/v1/StatefulSet': ['apps', 'statefulsets'],
  'policy/v1/PodDisruptionBudget': ['policy', 'poddisruptionbudgets'],
};

/** apiVersion/kind of every object any `build*` export of the builders returns. */
function builtKinds(): Set<string> {
  const cluster = sampleCluster();
  const kinds = new Set<string>();
  for (const [name, fn] of Object.entries(builders)) {
    if (!name.startsWith('build') || typeof fn !== 'function') continue;
    // Builders take the cluster first; buildSecret also a kind and a password.
    const out: unknown = (fn as (...a: unknown[]) => unknown)(cluster, 'superuser', 'pw');
    for (const o of [out].flat()) {
      const { apiVersion, kind } = (o ?? {}) as { apiVersion?: string; kind?: string };
      if (apiVersion && kind) kinds.add(`${apiVersion}/${kind}`);
    }
  }
  return kinds;
}

test('the ClusterRole may create, read, change and delete every kind the builders return', () => {
  const kinds = builtKinds();
  assert.ok(kinds.size >= 7, [...kinds].join(', '));
  const rules = operatorClusterRules();
  for (const k of kinds) {
    const gr = RESOURCES[k];
    assert.ok(gr, `${k}: add it to RESOURCES here and to operatorClusterRules()`);
    for (const verb of ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']) {
      assert.ok(allows(rules, gr[0], gr[1], verb), `${verb} ${k}`);
    }
  }
});

test('escalation rule: the ClusterRole holds every permission of the agent Role it grants', () => {
  const rules = operatorClusterRules();
  for (const r of agentPolicyRules(sampleCluster())) {
    for (const g of r.apiGroups ?? []) {
      for (const res of r.resources ?? []) {
        for (const v of r.verbs) assert.ok(allows(rules, g, res, v), `${v} ${g}/${res}`);
      }
    }
  }
});

test('the operator itself: clusters, pods, claims, storage classes, events', () => {
  const rules = operatorClusterRules();
  const can = (g: string, res: string, verbs: string[]) =>
    verbs.every((v) => allows(rules, g, res, v));
  assert.ok(can('steward.dev', 'postgresclusters', ['get', 'list', 'watch', 'update', 'patch']));
  assert.ok(can('steward.dev', 'postgresclusters/status', ['get', 'update', 'patch']));
  assert.ok(can('steward.dev', 'postgresclusters/finalizers', ['update']));
  assert.ok(can('', 'pods', ['get', 'list', 'watch', 'patch', 'delete']));
  assert.ok(can('', 'persistentvolumeclaims', ['get', 'list', 'watch', 'patch']));
  assert.ok(can('storage.k8s.io', 'storageclasses', ['get', 'list', 'watch']));
  assert.ok(can('', 'events', ['create']) && can('events.k8s.io', 'events', ['create']));
});

test('least privilege: no wildcards, no escalate/bind/impersonate, no nodes, no deletes of claims', () => {
  const rules = operatorClusterRules();
  const all = rules.flatMap((r) => [...r.verbs, ...(r.resources ?? []), ...(r.apiGroups ?? [])]);
  assert.ok(!all.includes('*'));
  for (const v of ['escalate', 'bind', 'impersonate']) assert.ok(!all.includes(v), v);
  assert.ok(!all.includes('nodes') && !all.includes('persistentvolumes'));
  assert.ok(!allows(rules, '', 'persistentvolumeclaims', 'delete'));
  assert.ok(!allows(rules, '', 'pods', 'create'));
  assert.ok(!allows(rules, 'steward.dev', 'postgresclusters', 'create'));
});

test('ServiceAccount, ClusterRole and its binding', () => {
  assert.deepEqual(buildOperatorServiceAccount(), {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'steward-operator', namespace: 'steward-system', labels },
  });
  assert.deepEqual(buildOperatorClusterRole(), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'steward-operator', labels },
    rules: operatorClusterRules(),
  });
  assert.deepEqual(buildOperatorClusterRoleBinding(), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'steward-operator', labels },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: 'steward-operator',
    },
    subjects,
  });
});

test('the election Role: Leases in the operator namespace only', () => {
  const name = 'steward-operator-leader-election';
  assert.deepEqual(buildElectionRole(), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace: 'steward-system', labels },
    rules: [
      {
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        verbs: ['get', 'create', 'update'],
      },
    ],
  });
  assert.deepEqual(buildElectionRoleBinding(), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: 'steward-system', labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects,
  });
});
