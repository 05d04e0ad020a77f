import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPodTemplateHash } from './pod-template-hash.ts';
import { commonLabels, objectMeta } from './metadata.ts';
import { sampleCluster } from './sample-cluster.ts';
import { buildStatefulSet } from './statefulset.ts';

const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
  httpGet: { path, port: 'status', scheme: 'HTTP' },
  periodSeconds,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold,
});
const field = (name: string, fieldPath: string) => ({
  name,
  valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } },
});

test('buildStatefulSet: the sample cluster', () => {
  const cluster = sampleCluster({
    storage: { size: '10Gi', storageClassName: 'fast' },
    resources: { requests: { cpu: '500m', memory: '512Mi' } },
  });
  assert.deepEqual(buildStatefulSet(cluster), {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: objectMeta(cluster, 'pg'),
    spec: {
      serviceName: 'pg-headless',
      replicas: 3,
      selector: { matchLabels: { 'steward.dev/cluster': 'pg' } },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'OnDelete' },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data', labels: commonLabels(cluster) },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '10Gi' } },
            storageClassName: 'fast',
          },
        },
      ],
      template: {
        metadata: {
          labels: commonLabels(cluster),
          annotations: { 'steward.dev/pod-template-hash': buildPodTemplateHash(cluster) },
        },
        spec: {
          serviceAccountName: 'pg-instance',
          terminationGracePeriodSeconds: 30,
          containers: [
            {
              name: 'postgres',
              image: 'steward/instance:15',
              args: ['instance', 'run'],
              ports: [
                { name: 'postgres', containerPort: 5432, protocol: 'TCP' },
                { name: 'status', containerPort: 8008, protocol: 'TCP' },
              ],
              env: [
                field('POD_NAME', 'metadata.name'),
                field('POD_NAMESPACE', 'metadata.namespace'),
                field('POD_IP', 'status.podIP'),
                { name: 'CLUSTER_NAME', value: 'pg' },
                { name: 'PGDATA', value: '/data/pgdata' },
                { name: 'STEWARD_RUN_DIR', value: '/run/steward' },
              ],
              resources: { requests: { cpu: '500m', memory: '512Mi' } },
              volumeMounts: [
                { name: 'data', mountPath: '/data' },
                { name: 'run', mountPath: '/run/steward' },
              ],
              startupProbe: probe('/healthz', 5, 60),
              livenessProbe: probe('/healthz', 10, 3),
              readinessProbe: probe('/readyz', 2, 3),
            },
          ],
          volumes: [{ name: 'run', emptyDir: {} }],
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 100,
                  podAffinityTerm: {
                    labelSelector: { matchLabels: { 'steward.dev/cluster': 'pg' } },
                    topologyKey: 'kubernetes.io/hostname',
                  },
                },
              ],
            },
          },
        },
      },
    },
  });
});

test('the selector matches the pod template labels', () => {
  const s = buildStatefulSet(sampleCluster()).spec!;
  for (const [k, v] of Object.entries(s.selector.matchLabels ?? {})) {
    assert.equal(s.template.metadata?.labels?.[k], v);
  }
});

test('no storageClassName when unset (the default class applies)', () => {
  const pvc = buildStatefulSet(sampleCluster()).spec?.volumeClaimTemplates?.[0];
  assert.deepEqual(pvc?.spec, {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
  });
});

test('replicas and PVC retention follow the spec', () => {
  const c = sampleCluster({
    instances: 5,
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' },
  });
  const spec = buildStatefulSet(c).spec!;
  assert.equal(spec.replicas, 5);
  assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, {
    whenDeleted: 'Delete',
    whenScaled: 'Retain',
  });
});

test('disabled anti-affinity leaves no affinity field', () => {
  const c = sampleCluster({ affinity: { enablePodAntiAffinity: false } });
  assert.equal('affinity' in buildStatefulSet(c).spec!.template.spec!, false);
});

test('a new image changes the hash annotation of the pod template', () => {
  const a = buildStatefulSet(sampleCluster()).spec!.template.metadata?.annotations;
  const b = buildStatefulSet(sampleCluster({ image: 'steward/instance:15.20' })).spec!.template
    .metadata?.annotations;
  assert.notDeepEqual(a, b);
});
