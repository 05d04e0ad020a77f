// Objects the benchmark writes: namespaces, small ConfigMaps and realistic (~2 KB) pods.

/** Number of distinct `group` label values on ConfigMaps (a label-selected list gets 1/GROUPS). */
export const GROUPS = 10;

/** A Namespace object. */
export function buildNamespace(name: string): object {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** A small ConfigMap `<prefix>-<i>` labelled `app=bench,group=g<i mod GROUPS>`. */
export function buildConfigMap(ns: string, prefix: string, i: number, rv?: string): object {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${prefix}-${String(i)}`,
      namespace: ns,
      labels: { app: 'bench', group: `g${String(i % GROUPS)}` },
      ...(rv !== undefined ? { resourceVersion: rv } : {}),
    },
    data: {
      'app.properties': `mode=bench\nindex=${String(i)}\nrevision=${rv ?? '0'}\n`,
      'log-level': 'info',
    },
  };
}

function container(i: number): object {
  return {
    name: 'app',
    image: 'registry.example.com/team/app:1.24.3',
    command: ['/usr/local/bin/app'],
    args: ['--listen=:8080', '--metrics=:9090', `--shard=${String(i % 16)}`, '--log-format=json'],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'APP_MODE', value: 'production' },
      { name: 'CACHE_SIZE_MB', value: '256' },
      { name: 'UPSTREAM_URL', value: 'http://upstream.default.svc.cluster.local:8080' },
      {
        name: 'DB_PASSWORD',
        valueFrom: { secretKeyRef: { name: 'app-db', key: 'password', optional: false } },
      },
    ],
    ports: [
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ],
    resources: {
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    },
    readinessProbe: {
      httpGet: { path: '/readyz', port: 'http', scheme: 'HTTP' },
      initialDelaySeconds: 2,
      periodSeconds: 5,
      failureThreshold: 3,
    },
    livenessProbe: {
      httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      timeoutSeconds: 2,
    },
    volumeMounts: [
      { name: 'config', mountPath: '/etc/app', readOnly: true },
      { name: 'data', mountPath: '/var/lib/app' },
      { name: 'tmp', mountPath: '/tmp' },
    ],
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  };
}

/** A pod `pod-<i>` with one fully specified container and no nodeName (nothing acts on it). */
export function buildPod(ns: string, i: number): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod-${String(i)}`,
      namespace: ns,
      labels: { app: 'bench-web', tier: 'backend', 'pod-template-hash': '5d8c7b9f64' },
      annotations: { 'bench.example.com/revision': '42', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      containers: [container(i)],
      volumes: [
        { name: 'config', configMap: { name: 'app-config', defaultMode: 420 } },
        { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
        { name: 'tmp', emptyDir: { medium: 'Memory' } },
      ],
      terminationGracePeriodSeconds: 30,
      restartPolicy: 'Always',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    },
  };
}
