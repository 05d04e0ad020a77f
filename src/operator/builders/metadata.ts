// Labels, owner reference and object metadata shared by every object built for a cluster.
import type { V1ObjectMeta, V1OwnerReference } from '@kubernetes/client-node';
import { INSTANCE_LABELS } from '../../api/instance.ts';
import {
  API_VERSION,
  POSTGRES_CLUSTER_NAMES,
  type PostgresCluster,
} from '../../api/postgres-cluster.ts';
import { StewardError } from '../../lib/errors.ts';

/** Value of `app.kubernetes.io/managed-by` on everything Steward creates. */
export const MANAGED_BY = 'steward';

/** Name, namespace and uid of a stored cluster (all three are set on anything read from the API). */
export interface ClusterIdentity {
  name: string;
  namespace: string;
  uid: string;
}

/** The identity of a cluster; throws when the object was not read from the API server. */
export function clusterIdentity(cluster: PostgresCluster): ClusterIdentity {
  const { name, namespace, uid } = cluster.metadata;
  if (!name || !namespace || !uid) {
    throw new StewardError(
      'CLUSTER_METADATA',
      `PostgresCluster ${namespace ?? '?'}/${name ?? '?'} lacks a name, namespace or uid`,
    );
  }
  return { name, namespace, uid };
}

/** Labels selecting every instance pod of the cluster (StatefulSet, Services, PDB). */
export function selectorLabels(cluster: PostgresCluster): Record<string, string> {
  return { [INSTANCE_LABELS.cluster]: clusterIdentity(cluster).name };
}

/** Labels on every object of the cluster. */
export function commonLabels(cluster: PostgresCluster): Record<string, string> {
  const { name } = clusterIdentity(cluster);
  return {
    'app.kubernetes.io/name': 'postgresql',
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    ...selectorLabels(cluster),
  };
}

/** The cluster as controlling owner: its objects are garbage-collected with it. */
export function ownerReference(cluster: PostgresCluster): V1OwnerReference {
  const { name, uid } = clusterIdentity(cluster);
  return {
    apiVersion: API_VERSION,
    kind: POSTGRES_CLUSTER_NAMES.kind,
    name,
    uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Metadata of an object named `name` in the cluster's namespace, labelled and owned. */
export function objectMeta(cluster: PostgresCluster, name: string): V1ObjectMeta {
  return {
    name,
    namespace: clusterIdentity(cluster).namespace,
    labels: commonLabels(cluster),
    ownerReferences: [ownerReference(cluster)],
  };
}
