// The operator's identity and permissions: a ClusterRole for the clusters it manages in any
// namespace, and a namespaced Role for its own leader-election Lease.
import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1PolicyRule,
  V1Role,
  V1RoleBinding,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import { GROUP, POSTGRES_CLUSTER_NAMES } from '../../api/postgres-cluster.ts';
import {
  OPERATOR_ELECTION_ROLE,
  OPERATOR_LABELS,
  OPERATOR_NAME,
  OPERATOR_NAMESPACE,
} from './names.ts';

const RBAC_API = 'rbac.authorization.k8s.io';
const READ = ['get', 'list', 'watch'];
const MANAGE = [...READ, 'create', 'update', 'patch', 'delete'];
const LEASE_VERBS = ['get', 'create', 'update'];

const meta = (name: string, namespace?: string) => ({
  name,
  ...(namespace === undefined ? {} : { namespace }),
  labels: { ...OPERATOR_LABELS.common },
});

/** The ServiceAccount the operator runs as. */
export function buildOperatorServiceAccount(): V1ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(OPERATOR_NAME, OPERATOR_NAMESPACE),
  };
}

/**
 * What the operator does in any namespace. It creates each cluster's agent Role, and the API
 * server only lets a subject create a Role granting permissions it holds itself (or has
 * `escalate` on roles). We choose to hold them: `escalate` + `bind` would let the operator write
 * itself any permission in any namespace, whereas holding them caps it at this list. The agent's
 * Lease verbs are the only ones not needed by the operator's own work (see the last rule).
 */
export function operatorClusterRules(): V1PolicyRule[] {
  const plural = POSTGRES_CLUSTER_NAMES.plural;
  return [
    { apiGroups: [GROUP], resources: [plural], verbs: [...READ, 'update', 'patch'] },
    { apiGroups: [GROUP], resources: [`${plural}/status`], verbs: ['get', 'update', 'patch'] },
    { apiGroups: [GROUP], resources: [`${plural}/finalizers`], verbs: ['update'] },
    { apiGroups: ['apps'], resources: ['statefulsets'], verbs: MANAGE },
    {
      apiGroups: [''],
      resources: ['services', 'secrets', 'serviceaccounts', 'configmaps'],
      verbs: MANAGE,
    },
    { apiGroups: [RBAC_API], resources: ['roles', 'rolebindings'], verbs: MANAGE },
    { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: MANAGE },
    { apiGroups: [''], resources: ['pods'], verbs: [...READ, 'patch', 'delete'] },
    { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: [...READ, 'patch'] },
    { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: READ },
    { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create'] },
    // Held only so the operator may grant them to each agent (escalation rule, above).
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: LEASE_VERBS },
  ];
}

/** The operator's ClusterRole. */
export function buildOperatorClusterRole(): V1ClusterRole {
  return {
    apiVersion: `${RBAC_API}/v1`,
    kind: 'ClusterRole',
    metadata: meta(OPERATOR_NAME),
    rules: operatorClusterRules(),
  };
}

/** Binds the ClusterRole to the operator's ServiceAccount. */
export function buildOperatorClusterRoleBinding(): V1ClusterRoleBinding {
  return {
    apiVersion: `${RBAC_API}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: meta(OPERATOR_NAME),
    roleRef: { apiGroup: RBAC_API, kind: 'ClusterRole', name: OPERATOR_NAME },
    subjects: [{ kind: 'ServiceAccount', name: OPERATOR_NAME, namespace: OPERATOR_NAMESPACE }],
  };
}

/**
 * The leader election's Lease, in the operator's own namespace. It stays explicit (although the
 * ClusterRole's Lease rule covers it today) so that the election does not depend on what the
 * agents happen to need. Not restricted by name: the namespace holds nothing but the operator.
 */
export function buildElectionRole(): V1Role {
  return {
    apiVersion: `${RBAC_API}/v1`,
    kind: 'Role',
    metadata: meta(OPERATOR_ELECTION_ROLE, OPERATOR_NAMESPACE),
    rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: LEASE_VERBS }],
  };
}

/** Binds the election Role to the operator's ServiceAccount. */
export function buildElectionRoleBinding(): V1RoleBinding {
  return {
    apiVersion: `${RBAC_API}/v1`,
    kind: 'RoleBinding',
    metadata: meta(OPERATOR_ELECTION_ROLE, OPERATOR_NAMESPACE),
    roleRef: { apiGroup: RBAC_API, kind: 'Role', name: OPERATOR_ELECTION_ROLE },
    subjects: [{ kind: 'ServiceAccount', name: OPERATOR_NAME, namespace: OPERATOR_NAMESPACE }],
  };
}
