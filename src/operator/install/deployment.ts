// The operator's Deployment: two replicas (one leads, one stands by), spread over nodes.
import type { V1Container, V1Deployment, V1EnvVar, V1Probe } from '@kubernetes/client-node';
import {
  OPERATOR_ARGS,
  OPERATOR_IMAGE,
  OPERATOR_LABELS,
  OPERATOR_NAME,
  OPERATOR_NAMESPACE,
  OPERATOR_PORTS,
  OPERATOR_ROUTES,
  OPERATOR_UID,
} from './names.ts';

/** Replicas of the operator; leader election keeps one active. */
export const OPERATOR_REPLICAS = 2;
/** Name of the operator's container. */
export const OPERATOR_CONTAINER_NAME = 'operator';

function fieldEnv(name: string, fieldPath: string): V1EnvVar {
  return { name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } };
}

function healthProbe(path: string, periodSeconds: number): V1Probe {
  return {
    httpGet: { path, port: 'health', scheme: 'HTTP' },
    periodSeconds,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
  };
}

/** The operator container (the image's entrypoint is `steward`). */
export function buildOperatorContainer(image: string = OPERATOR_IMAGE): V1Container {
  return {
    name: OPERATOR_CONTAINER_NAME,
    image,
    args: [...OPERATOR_ARGS],
    // POD_IP: pods of the sandbox share the host's network, so servers bind the pod's address.
    env: [
      fieldEnv('POD_NAME', 'metadata.name'),
      fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
      fieldEnv('POD_IP', 'status.podIP'),
    ],
    ports: [
      { name: 'metrics', containerPort: OPERATOR_PORTS.metrics, protocol: 'TCP' },
      { name: 'health', containerPort: OPERATOR_PORTS.health, protocol: 'TCP' },
    ],
    livenessProbe: healthProbe(OPERATOR_ROUTES.healthz, 10),
    readinessProbe: healthProbe(OPERATOR_ROUTES.readyz, 5),
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    // The `restricted` Pod Security level. The sandbox accepts these fields and runs every
    // container as its kubelet's user.
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  };
}

/** The operator's Deployment in its namespace. */
export function buildOperatorDeployment(image: string = OPERATOR_IMAGE): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: OPERATOR_NAME,
      namespace: OPERATOR_NAMESPACE,
      labels: { ...OPERATOR_LABELS.common },
    },
    spec: {
      replicas: OPERATOR_REPLICAS,
      selector: { matchLabels: { ...OPERATOR_LABELS.selector } },
      template: {
        metadata: { labels: { ...OPERATOR_LABELS.common } },
        spec: {
          serviceAccountName: OPERATOR_NAME,
          // Numeric, so the kubelet can check runAsNonRoot against the image's user.
          securityContext: {
            runAsNonRoot: true,
            runAsUser: OPERATOR_UID,
            runAsGroup: OPERATOR_UID,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: { matchLabels: { ...OPERATOR_LABELS.selector } },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                },
              ],
            },
          },
          containers: [buildOperatorContainer(image)],
        },
      },
    },
  };
}
