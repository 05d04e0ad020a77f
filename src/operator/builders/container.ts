// The instance container: the agent (`steward instance run`) as PID 1, running PostgreSQL.
import type {
  V1Container,
  V1EnvVar,
  V1Probe,
  V1ResourceRequirements,
} from '@kubernetes/client-node';
import {
  DEFAULT_POSTGRES_PORT,
  DEFAULT_STATUS_PORT,
  INSTANCE_CONTAINER_NAME,
  INSTANCE_ROUTES,
} from '../../api/instance.ts';

export { INSTANCE_CONTAINER_NAME };
import { instanceImage, type PostgresCluster } from '../../api/postgres-cluster.ts';
import { clusterIdentity } from './metadata.ts';
import { DATA_VOLUME_NAME } from './names.ts';
import { POSTGRES_PORT_NAME } from './services.ts';

/** Name of the instance container. */
/** Name of the agent's status port (probes target it). */
export const STATUS_PORT_NAME = 'status';
/** Arguments after the image's entrypoint (`steward`). */
export const INSTANCE_ARGS = ['instance', 'run'];
/** Name of the emptyDir volume of the agent's runtime files (sockets, fence markers). */
export const RUN_VOLUME_NAME = 'run';
/** Paths inside the container. */
export const INSTANCE_PATHS = {
  dataMount: '/data',
  pgdata: '/data/pgdata',
  runDir: '/run/steward',
} as const;

function fieldEnv(name: string, fieldPath: string): V1EnvVar {
  return { name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } };
}

function statusProbe(path: string, periodSeconds: number, failureThreshold: number): V1Probe {
  return {
    httpGet: { path, port: STATUS_PORT_NAME, scheme: 'HTTP' },
    periodSeconds,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold,
  };
}

/** A quantity map with every value as a string (the schema also admits plain numbers). */
export function quantityStrings(m: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)]));
}

/** Container resources from `spec.resources` (empty when unset). */
export function buildResources(cluster: PostgresCluster): V1ResourceRequirements {
  const r = cluster.spec.resources;
  return {
    ...(r?.requests ? { requests: quantityStrings(r.requests) } : {}),
    ...(r?.limits ? { limits: quantityStrings(r.limits) } : {}),
  };
}

/** The instance container. */
export function buildInstanceContainer(cluster: PostgresCluster): V1Container {
  return {
    name: INSTANCE_CONTAINER_NAME,
    image: instanceImage(cluster.spec),
    args: [...INSTANCE_ARGS],
    ports: [
      { name: POSTGRES_PORT_NAME, containerPort: DEFAULT_POSTGRES_PORT, protocol: 'TCP' },
      { name: STATUS_PORT_NAME, containerPort: DEFAULT_STATUS_PORT, protocol: 'TCP' },
    ],
    env: [
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
      fieldEnv('POD_IP', 'status.podIP'),
      { name: 'CLUSTER_NAME', value: clusterIdentity(cluster).name },
      { name: 'PGDATA', value: INSTANCE_PATHS.pgdata },
      { name: 'STEWARD_RUN_DIR', value: INSTANCE_PATHS.runDir },
    ],
    resources: buildResources(cluster),
    volumeMounts: [
      { name: DATA_VOLUME_NAME, mountPath: INSTANCE_PATHS.dataMount },
      { name: RUN_VOLUME_NAME, mountPath: INSTANCE_PATHS.runDir },
    ],
    // /healthz answers as soon as the agent loops (before initdb or a clone finishes): 5 min.
    startupProbe: statusProbe(INSTANCE_ROUTES.healthz, 5, 60),
    livenessProbe: statusProbe(INSTANCE_ROUTES.healthz, 10, 3),
    // Fast: readiness moves the pod in and out of the Services' endpoints.
    readinessProbe: statusProbe(INSTANCE_ROUTES.readyz, 2, 3),
  };
}
