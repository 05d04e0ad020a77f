// Pod anti-affinity that spreads a cluster's instances over topology domains (nodes by default).
import type { V1Affinity, V1PodAffinityTerm } from '@kubernetes/client-node';
import type { PostgresCluster } from '../../api/postgres-cluster.ts';
import { selectorLabels } from './metadata.ts';

/** Weight of the preferred anti-affinity term (the strongest preference). */
export const ANTI_AFFINITY_WEIGHT = 100;

/** The pod affinity of the instances, or undefined when anti-affinity is disabled. */
export function buildAffinity(cluster: PostgresCluster): V1Affinity | undefined {
  const a = cluster.spec.affinity;
  if (!a.enablePodAntiAffinity) return undefined;
  const term: V1PodAffinityTerm = {
    labelSelector: { matchLabels: selectorLabels(cluster) },
    topologyKey: a.topologyKey,
  };
  switch (a.podAntiAffinityType) {
    case 'required':
      return { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } };
    case 'preferred':
      return {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            { weight: ANTI_AFFINITY_WEIGHT, podAffinityTerm: term },
          ],
        },
      };
  }
}
