// The instance agent's identity and least-privilege permissions in the cluster's namespace.
import type {
  V1PolicyRule,
  V1Role,
  V1RoleBinding,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import { clusterSecretNames, primaryLeaseName } from '../../api/instance.ts';
import { GROUP, POSTGRES_CLUSTER_NAMES, type PostgresCluster } from '../../api/postgres-cluster.ts';
import { clusterIdentity, objectMeta } from './metadata.ts';
import { agentServiceAccountName, allInstancePodNames } from './names.ts';

/** The ServiceAccount the instance pods run as. */
export function buildServiceAccount(cluster: PostgresCluster): V1ServiceAccount {
  const { name } = clusterIdentity(cluster);
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: objectMeta(cluster, agentServiceAccountName(name)),
  };
}

/** What the agent does through the API (see src/instance/kube-access.ts and the lease lock). */
export function agentPolicyRules(cluster: PostgresCluster): V1PolicyRule[] {
  const { name } = clusterIdentity(cluster);
  const secrets = clusterSecretNames(name, cluster.spec.bootstrap.initdb.secret?.name);
  const plural = POSTGRES_CLUSTER_NAMES.plural;
  return [
    { apiGroups: [GROUP], resources: [plural], verbs: ['get'], resourceNames: [name] },
    {
      apiGroups: [GROUP],
      resources: [`${plural}/status`],
      verbs: ['get', 'patch'],
      resourceNames: [name],
    },
    {
      apiGroups: [''],
      resources: ['secrets'],
      verbs: ['get'],
      resourceNames: [secrets.superuser, secrets.replication, secrets.app],
    },
    // Peers are listed by label, which RBAC cannot restrict; patches go to our own pods only.
    { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
    {
      apiGroups: [''],
      resources: ['pods'],
      verbs: ['patch'],
      resourceNames: allInstancePodNames(name),
    },
    {
      apiGroups: ['coordination.k8s.io'],
      resources: ['leases'],
      verbs: ['get', 'update'],
      resourceNames: [primaryLeaseName(name)],
    },
    // RBAC cannot restrict `create` by name (the object does not exist when it is authorized),
    // so any Lease may be created in the namespace; only the primary Lease can be changed.
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create'] },
  ];
}

/** The agent's Role. */
export function buildRole(cluster: PostgresCluster): V1Role {
  const { name } = clusterIdentity(cluster);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: objectMeta(cluster, agentServiceAccountName(name)),
    rules: agentPolicyRules(cluster),
  };
}

/** Binds the agent's Role to its ServiceAccount. */
export function buildRoleBinding(cluster: PostgresCluster): V1RoleBinding {
  const { name, namespace } = clusterIdentity(cluster);
  const sa = agentServiceAccountName(name);
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: objectMeta(cluster, sa),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: sa },
    subjects: [{ kind: 'ServiceAccount', name: sa, namespace }],
  };
}
