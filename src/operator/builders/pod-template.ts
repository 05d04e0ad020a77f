// The StatefulSet's pod template: one instance container, its runtime volume and scheduling.
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import type { PostgresCluster } from '../../api/postgres-cluster.ts';
import { buildAffinity } from './affinity.ts';
import { buildInstanceContainer, RUN_VOLUME_NAME } from './container.ts';
import { clusterIdentity, commonLabels } from './metadata.ts';
import { agentServiceAccountName } from './names.ts';
import { buildPodTemplateHash, POD_TEMPLATE_HASH_ANNOTATION } from './pod-template-hash.ts';

/** Seconds the agent gets to stop PostgreSQL cleanly after SIGTERM. */
export const TERMINATION_GRACE_PERIOD_SECONDS = 30;

/** The pod template of the instances. */
export function buildPodTemplate(cluster: PostgresCluster): V1PodTemplateSpec {
  const affinity = buildAffinity(cluster);
  return {
    metadata: {
      labels: commonLabels(cluster),
      annotations: { [POD_TEMPLATE_HASH_ANNOTATION]: buildPodTemplateHash(cluster) },
    },
    spec: {
      serviceAccountName: agentServiceAccountName(clusterIdentity(cluster).name),
      terminationGracePeriodSeconds: TERMINATION_GRACE_PERIOD_SECONDS,
      containers: [buildInstanceContainer(cluster)],
      volumes: [{ name: RUN_VOLUME_NAME, emptyDir: {} }],
      ...(affinity ? { affinity } : {}),
    },
  };
}
