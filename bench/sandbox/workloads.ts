// Pure builders of the benchmark's objects: a namespace, StatefulSets and a Deployment of
// busybox pods that only sleep (one real `sleep` process per pod), optionally with a fast
// exec readiness probe.

/** A JSON object as sent to the API server. */
export type Manifest = Record<string, unknown>;

/** The pod template every workload uses; `probe` adds a 1 s exec readiness probe. */
export function buildSleepTemplate(app: string, probe: boolean): Manifest {
  const container: Manifest = {
    name: 'sleep',
    image: 'busybox:1.36',
    command: ['sleep', '86400'],
    ...(probe
      ? {
          readinessProbe: {
            exec: { command: ['true'] },
            periodSeconds: 1,
            initialDelaySeconds: 0,
            timeoutSeconds: 1,
          },
        }
      : {}),
  };
  return {
    metadata: { labels: { app } },
    spec: { containers: [container], terminationGracePeriodSeconds: 5 },
  };
}

/** A StatefulSet of `replicas` sleeping pods with the given pod management policy. */
export function buildStatefulSet(
  name: string,
  replicas: number,
  policy: 'Parallel' | 'OrderedReady',
  probe: boolean,
): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas,
      serviceName: name,
      podManagementPolicy: policy,
      selector: { matchLabels: { app: name } },
      template: buildSleepTemplate(name, probe),
    },
  };
}

/** A Deployment of `replicas` sleeping pods (no probe: Ready once running). */
export function buildDeployment(name: string, replicas: number): Manifest {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: buildSleepTemplate(name, false),
    },
  };
}
