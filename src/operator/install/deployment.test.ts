import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildOperatorContainer, buildOperatorDeployment } from './deployment.ts';
import { OPERATOR_IMAGE, STEWARD_VERSION } from './names.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const field = (name: string, fieldPath: string) => ({
  name,
  valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } },
});
const probe = (path: string, periodSeconds: number) => ({
  httpGet: { path, port: 'health', scheme: 'HTTP' },
  periodSeconds,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
});

test('the image is steward/operator:<version in package.json>', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  assert.equal(STEWARD_VERSION, pkg.version);
  assert.equal(OPERATOR_IMAGE, `steward/operator:${pkg.version}`);
  assert.equal(buildOperatorContainer().image, OPERATOR_IMAGE);
  assert.equal(buildOperatorContainer('registry.example/op:1').image, 'registry.example/op:1');
});

test('buildOperatorContainer: args, downward-API env, ports, probes, resources, restricted', () => {
  assert.deepEqual(buildOperatorContainer('op:1'), {
    name: 'operator',
    image: 'op:1',
    args: ['operator', 'run'],
    env: [
      field('POD_NAME', 'metadata.name'),
      field('POD_NAMESPACE', 'metadata.namespace'),
      field('POD_IP', 'status.podIP'),
    ],
    ports: [
      { name: 'metrics', containerPort: 8080, protocol: 'TCP' },
      { name: 'health', containerPort: 8081, protocol: 'TCP' },
    ],
    livenessProbe: probe('/healthz', 10),
    readinessProbe: probe('/readyz', 5),
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  });
});

test('buildOperatorDeployment: 2 replicas, own ServiceAccount, non-root, spread over nodes', () => {
  const labels = {
    'app.kubernetes.io/name': 'steward-operator',
    'app.kubernetes.io/part-of': 'steward',
    'app.kubernetes.io/version': STEWARD_VERSION,
  };
  const selector = { 'app.kubernetes.io/name': 'steward-operator' };
  assert.deepEqual(buildOperatorDeployment('op:1'), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'steward-operator', namespace: 'steward-system', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: 'steward-operator',
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: { matchLabels: selector },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                },
              ],
            },
          },
          containers: [buildOperatorContainer('op:1')],
        },
      },
    },
  });
});

test('the selector picks the template and the probes target a declared port', () => {
  const d = buildOperatorDeployment();
  const tl = d.spec?.template.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(d.spec?.selector.matchLabels ?? {})) assert.equal(tl[k], v);
  const c = d.spec?.template.spec?.containers[0];
  const ports = new Map(c?.ports?.map((p) => [p.name, p.containerPort]));
  assert.equal(ports.get(String(c?.livenessProbe?.httpGet?.port)), 8081);
  assert.equal(ports.get(String(c?.readinessProbe?.httpGet?.port)), 8081);
});
