import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types.ts';
import { errorText, fakeContext } from './fake-context.ts';
import { statefulSetStrategy as s } from './statefulsets.ts';

const ctx = fakeContext();

function sts(extra: Record<string, unknown> = {}): KubeObject {
  const obj: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'pg', namespace: 'db' },
    spec: {
      serviceName: 'pg',
      selector: { matchLabels: { app: 'pg' } },
      template: {
        metadata: { labels: { app: 'pg' } },
        spec: { containers: [{ name: 'pg', image: 'postgres:17' }] },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      ...extra,
    },
  };
  s.applyDefaults?.(obj, ctx);
  return obj;
}

void test('defaults as upstream prints them', () => {
  const obj = sts();
  s.prepareForCreate?.(obj, ctx);
  assert.deepEqual(obj.spec, {
    serviceName: 'pg',
    selector: { matchLabels: { app: 'pg' } },
    podManagementPolicy: 'OrderedReady',
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    replicas: 1,
    revisionHistoryLimit: 10,
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'pg' } },
      spec: {
        containers: [
          {
            name: 'pg',
            image: 'postgres:17',
            imagePullPolicy: 'IfNotPresent',
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    },
    volumeClaimTemplates: [
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { creationTimestamp: null, name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
          volumeMode: 'Filesystem',
        },
        status: { phase: 'Pending' },
      },
    ],
  });
  assert.deepEqual(obj.status, { availableReplicas: 0, replicas: 0 });
});

void test('explicit RollingUpdate without rollingUpdate stays without it; OnDelete gets none', () => {
  assert.deepEqual(
    (sts({ updateStrategy: { type: 'RollingUpdate' } }).spec as Record<string, unknown>)
      .updateStrategy,
    {
      type: 'RollingUpdate',
    },
  );
  assert.deepEqual(
    (sts({ updateStrategy: { type: 'OnDelete' } }).spec as Record<string, unknown>).updateStrategy,
    {
      type: 'OnDelete',
    },
  );
});

const errors = (obj: KubeObject): string => errorText(s.validateCreate?.(obj, ctx));

void test('a valid StatefulSet passes', () => {
  assert.equal(errors(sts()), '');
});

void test('selector must match the template labels', () => {
  const obj = sts({ selector: { matchLabels: { app: 'other' } } });
  assert.equal(
    errors(obj),
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"pg"}: `selector` does not match template `labels`',
  );
  assert.equal(errors(sts({ selector: undefined })), 'spec.selector: Required value');
});

void test('restartPolicy Always only; replicas non-negative', () => {
  const obj = sts();
  const tpl = (obj.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  tpl.restartPolicy = 'Never';
  assert.equal(
    errors(obj),
    'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
  );
  assert.equal(
    errors(sts({ replicas: -1 })),
    'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
  );
});

void test('updates: mutable fields pass, others get the upstream 422 text', () => {
  const old = sts();
  const ok = sts({ replicas: 3, minReadySeconds: 5, revisionHistoryLimit: 2 });
  assert.equal(errorText(s.validateUpdate?.(ok, old, ctx)), '');
  const bad = sts({ serviceName: 'other' });
  assert.equal(
    errorText(s.validateUpdate?.(bad, old, ctx)),
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  );
  const grown = sts();
  const vct = (
    grown.spec as {
      volumeClaimTemplates: { spec: { resources: { requests: Record<string, string> } } }[];
    }
  ).volumeClaimTemplates[0]!;
  vct.spec.resources.requests.storage = '2Gi';
  assert.match(
    errorText(s.validateUpdate?.(grown, old, ctx)),
    /^spec: Forbidden: updates to statefulset spec/,
  );
});
