// The StatefulSet: stable names and storage, ordered start-up, updates chosen by the operator.
import type { V1PersistentVolumeClaim, V1StatefulSet } from '@kubernetes/client-node';
import type { PostgresCluster } from '../../api/postgres-cluster.ts';
import { clusterIdentity, commonLabels, objectMeta, selectorLabels } from './metadata.ts';
import { DATA_VOLUME_NAME, serviceNames, statefulSetName } from './names.ts';
import { buildPodTemplate } from './pod-template.ts';

/** The data volume claim template: one RWO volume of `spec.storage.size` per instance. */
export function buildDataVolumeClaimTemplate(cluster: PostgresCluster): V1PersistentVolumeClaim {
  const { size, storageClassName } = cluster.spec.storage;
  return {
    metadata: { name: DATA_VOLUME_NAME, labels: commonLabels(cluster) },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: String(size) } },
      ...(storageClassName === undefined ? {} : { storageClassName }),
    },
  };
}

/**
 * The instances' StatefulSet. `OnDelete`: the operator decides when each pod picks up a new
 * template (replicas first, primary last); `OrderedReady`: pod-0 is Ready before pod-1 starts.
 */
export function buildStatefulSet(cluster: PostgresCluster): V1StatefulSet {
  const { name } = clusterIdentity(cluster);
  const retention = cluster.spec.persistentVolumeClaimRetentionPolicy;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: objectMeta(cluster, statefulSetName(name)),
    spec: {
      serviceName: serviceNames(name).headless,
      replicas: cluster.spec.instances,
      selector: { matchLabels: selectorLabels(cluster) },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'OnDelete' },
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: retention.whenDeleted,
        whenScaled: retention.whenScaled,
      },
      volumeClaimTemplates: [buildDataVolumeClaimTemplate(cluster)],
      template: buildPodTemplate(cluster),
    },
  };
}
