// The cluster's Services: a headless one for pod DNS, and -rw / -ro / -r for clients.
import type { V1Service, V1ServicePort } from '@kubernetes/client-node';
import { DEFAULT_POSTGRES_PORT, INSTANCE_LABELS } from '../../api/instance.ts';
import type { PostgresCluster } from '../../api/postgres-cluster.ts';
import { clusterIdentity, objectMeta, selectorLabels } from './metadata.ts';
import { serviceNames } from './names.ts';

/** Name of the PostgreSQL port, on the container and on every Service. */
export const POSTGRES_PORT_NAME = 'postgres';

const postgresPort: V1ServicePort = {
  name: POSTGRES_PORT_NAME,
  protocol: 'TCP',
  port: DEFAULT_POSTGRES_PORT,
  targetPort: POSTGRES_PORT_NAME,
};

function clientService(
  cluster: PostgresCluster,
  name: string,
  selector: Record<string, string>,
): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(cluster, name),
    spec: { type: 'ClusterIP', selector, ports: [{ ...postgresPort }] },
  };
}

/**
 * The StatefulSet's governing Service. It publishes not-ready pods so that a replica can reach
 * its peers by name while it is still cloning (before it is Ready).
 */
export function buildHeadlessService(cluster: PostgresCluster): V1Service {
  const svc = clientService(
    cluster,
    serviceNames(clusterIdentity(cluster).name).headless,
    selectorLabels(cluster),
  );
  return { ...svc, spec: { ...svc.spec, clusterIP: 'None', publishNotReadyAddresses: true } };
}

/** `<name>-rw`: the primary (the pod the agents labelled `role=primary`). */
export function buildReadWriteService(cluster: PostgresCluster): V1Service {
  const selector = { ...selectorLabels(cluster), [INSTANCE_LABELS.role]: 'primary' };
  return clientService(cluster, serviceNames(clusterIdentity(cluster).name).rw, selector);
}

/** `<name>-ro`: Ready replicas only. */
export function buildReadOnlyService(cluster: PostgresCluster): V1Service {
  const selector = { ...selectorLabels(cluster), [INSTANCE_LABELS.role]: 'replica' };
  return clientService(cluster, serviceNames(clusterIdentity(cluster).name).ro, selector);
}

/** `<name>-r`: any Ready instance. */
export function buildReadService(cluster: PostgresCluster): V1Service {
  return clientService(
    cluster,
    serviceNames(clusterIdentity(cluster).name).r,
    selectorLabels(cluster),
  );
}

/** All four Services, headless first. */
export function buildServices(cluster: PostgresCluster): V1Service[] {
  return [
    buildHeadlessService(cluster),
    buildReadWriteService(cluster),
    buildReadOnlyService(cluster),
    buildReadService(cluster),
  ];
}
