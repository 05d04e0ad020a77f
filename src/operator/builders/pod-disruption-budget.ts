// The PodDisruptionBudget: a drain moves at most one instance at a time.
import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { PostgresCluster } from '../../api/postgres-cluster.ts';
import { clusterIdentity, objectMeta, selectorLabels } from './metadata.ts';
import { podDisruptionBudgetName } from './names.ts';

/** At most one instance of the cluster voluntarily disrupted at once. */
export function buildPodDisruptionBudget(cluster: PostgresCluster): V1PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(cluster, podDisruptionBudgetName(clusterIdentity(cluster).name)),
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(cluster) } },
  };
}
