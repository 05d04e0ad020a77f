import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectMeta } from './metadata.ts';
import { agentPolicyRules, buildRole, buildRoleBinding, buildServiceAccount } from './rbac.ts';
import { sampleCluster } from './sample-cluster.ts';

const cluster = sampleCluster();
const pods = ['pg-0', 'pg-1', 'pg-2', 'pg-3', 'pg-4', 'pg-5', 'pg-6', 'pg-7', 'pg-8'];

test('buildServiceAccount', () => {
  assert.deepEqual(buildServiceAccount(cluster), {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(cluster, 'pg-instance'),
  });
});

test('buildRole: least privilege for the agent', () => {
  assert.deepEqual(buildRole(cluster), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: objectMeta(cluster, 'pg-instance'),
    rules: [
      {
        apiGroups: ['steward.dev'],
        resources: ['postgresclusters'],
        verbs: ['get'],
        resourceNames: ['pg'],
      },
      {
        apiGroups: ['steward.dev'],
        resources: ['postgresclusters/status'],
        verbs: ['get', 'patch'],
        resourceNames: ['pg'],
      },
      {
        apiGroups: [''],
        resources: ['secrets'],
        verbs: ['get'],
        resourceNames: ['pg-superuser', 'pg-replication', 'pg-app'],
      },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['patch'], resourceNames: pods },
      {
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        verbs: ['get', 'update'],
        resourceNames: ['pg-primary'],
      },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create'] },
    ],
  });
});

test('the Role grants a user-supplied app Secret, not the default one', () => {
  const c = sampleCluster({ bootstrap: { initdb: { secret: { name: 'mine' } } } });
  const secrets = agentPolicyRules(c).find((r) => r.resources?.includes('secrets'));
  assert.deepEqual(secrets?.resourceNames, ['pg-superuser', 'pg-replication', 'mine']);
});

test('no rule grants anything cluster-wide, deletes, or secrets beyond get', () => {
  for (const r of agentPolicyRules(cluster)) {
    assert.ok(!r.verbs.includes('*') && !r.verbs.includes('delete'), JSON.stringify(r));
    assert.ok(!r.resources?.includes('*'), JSON.stringify(r));
    if (r.resources?.includes('secrets')) assert.deepEqual(r.verbs, ['get']);
  }
});

test('buildRoleBinding binds the Role to the ServiceAccount in the namespace', () => {
  assert.deepEqual(buildRoleBinding(cluster), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: objectMeta(cluster, 'pg-instance'),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pg-instance' },
    subjects: [{ kind: 'ServiceAccount', name: 'pg-instance', namespace: 'db' }],
  });
});
