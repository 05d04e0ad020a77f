import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../types.ts';
import { errorText, fakeContext } from './fake-context.ts';
import { defaultPullPolicy } from './pod-defaults.ts';
import { createPodStrategy, podQOSClass } from './pods.ts';

const strategy = createPodStrategy({ randomSuffix: () => 'abcde' });

function create(obj: KubeObject, ctx = fakeContext()): KubeObject {
  strategy.applyDefaults?.(obj, ctx);
  strategy.prepareForCreate?.(obj, ctx);
  return obj;
}

const MOUNT = {
  mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
  name: 'kube-api-access-abcde',
  readOnly: true,
};

void test('a minimal pod gets the defaults of a real apiserver with admission', () => {
  const pod = create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
  });
  assert.deepEqual(pod, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ containerPort: 80, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          volumeMounts: [MOUNT],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        {
          effect: 'NoExecute',
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          tolerationSeconds: 300,
        },
        {
          effect: 'NoExecute',
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          tolerationSeconds: 300,
        },
      ],
      volumes: [
        {
          name: 'kube-api-access-abcde',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              {
                configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' },
              },
              {
                downwardAPI: {
                  items: [
                    {
                      fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
                      path: 'namespace',
                    },
                  ],
                },
              },
            ],
          },
        },
      ],
    },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  });
});

void test('no token volume when automount is off (pod or service account)', () => {
  const pod = create({
    metadata: { name: 'p', namespace: 'ns' },
    spec: { automountServiceAccountToken: false, containers: [{ name: 'c', image: 'x' }] },
  });
  const spec = pod.spec as Record<string, unknown>;
  assert.equal(spec.volumes, undefined);
  const sa: KubeObject = {
    metadata: { name: 'quiet', namespace: 'ns' },
    automountServiceAccountToken: false,
  };
  const ctx = fakeContext([['', 'serviceaccounts', sa]]);
  const pod2 = create(
    {
      metadata: { name: 'p', namespace: 'ns' },
      spec: { serviceAccountName: 'quiet', containers: [{ name: 'c', image: 'x' }] },
    },
    ctx,
  );
  assert.equal((pod2.spec as Record<string, unknown>).volumes, undefined);
  assert.equal((pod2.spec as Record<string, unknown>).serviceAccount, 'quiet');
});

void test('existing tolerations are kept and cover the default ones', () => {
  const pod = create({
    metadata: { name: 'p', namespace: 'ns' },
    spec: {
      containers: [{ name: 'c', image: 'x' }],
      tolerations: [
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 10,
        },
      ],
    },
  });
  assert.deepEqual((pod.spec as Record<string, unknown>).tolerations, [
    {
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 10,
    },
    {
      effect: 'NoExecute',
      key: 'node.kubernetes.io/not-ready',
      operator: 'Exists',
      tolerationSeconds: 300,
    },
  ]);
  const all = create({
    metadata: { name: 'p', namespace: 'ns' },
    spec: { containers: [{ name: 'c', image: 'x' }], tolerations: [{ operator: 'Exists' }] },
  });
  assert.deepEqual((all.spec as Record<string, unknown>).tolerations, [{ operator: 'Exists' }]);
});

void test('probe, httpGet and requests-from-limits defaults', () => {
  const pod = create({
    metadata: { name: 'p', namespace: 'ns' },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'pg',
          readinessProbe: { httpGet: { port: 8080 } },
          resources: { limits: { cpu: '1', memory: '1Gi' } },
        },
      ],
    },
  });
  const c = ((pod.spec as Record<string, unknown>).containers as Record<string, unknown>[])[0]!;
  assert.equal(c.imagePullPolicy, 'Always');
  assert.deepEqual(c.readinessProbe, {
    httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  });
  assert.deepEqual(c.resources, {
    limits: { cpu: '1', memory: '1Gi' },
    requests: { cpu: '1', memory: '1Gi' },
  });
  assert.deepEqual(pod.status, { phase: 'Pending', qosClass: 'Guaranteed' });
});

void test('image pull policy from the tag', () => {
  assert.equal(defaultPullPolicy('nginx'), 'Always');
  assert.equal(defaultPullPolicy('nginx:latest'), 'Always');
  assert.equal(defaultPullPolicy('localhost:5000/nginx'), 'Always');
  assert.equal(defaultPullPolicy('localhost:5000/nginx:1.2'), 'IfNotPresent');
  assert.equal(defaultPullPolicy('nginx@sha256:abc'), 'IfNotPresent');
});

void test('QoS classes', () => {
  assert.equal(
    podQOSClass({ containers: [{ resources: { requests: { cpu: '100m' } } }] }),
    'Burstable',
  );
  assert.equal(podQOSClass({ containers: [{ resources: {} }] }), 'BestEffort');
  assert.equal(
    podQOSClass({
      containers: [
        {
          resources: {
            limits: { cpu: '1', memory: '1Gi' },
            requests: { cpu: '500m', memory: '1Gi' },
          },
        },
      ],
    }),
    'Burstable',
  );
});

function validate(spec: Record<string, unknown>): string {
  const obj: KubeObject = { metadata: { name: 'p', namespace: 'ns' }, spec };
  strategy.applyDefaults?.(obj, fakeContext());
  return errorText(strategy.validateCreate?.(obj, fakeContext()));
}

void test('validation: containers, names, images, volumes, restartPolicy', () => {
  assert.equal(validate({}), 'spec.containers: Required value');
  assert.equal(
    validate({ containers: [{ name: 'c' }] }),
    'spec.containers[0].image: Required value',
  );
  assert.equal(
    validate({
      containers: [
        { name: 'c', image: 'x' },
        { name: 'c', image: 'y' },
      ],
    }),
    'spec.containers[1].name: Duplicate value: "c"',
  );
  assert.equal(
    validate({
      containers: [{ name: 'c', image: 'x', volumeMounts: [{ name: 'x', mountPath: '/x' }] }],
    }),
    'spec.containers[0].volumeMounts[0].name: Not found: "x"',
  );
  assert.equal(
    validate({ containers: [{ name: 'c', image: 'x' }], volumes: [{ name: 'v' }, { name: 'v' }] }),
    'spec.volumes[1].name: Duplicate value: "v"',
  );
  assert.equal(
    validate({ containers: [{ name: 'c', image: 'x' }], restartPolicy: 'Sometimes' }),
    'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
  );
  assert.match(
    validate({ containers: [{ name: 'C', image: 'x' }] }),
    /^spec\.containers\[0\]\.name: Invalid value: "C": a lowercase RFC 1123 label/,
  );
});

function update(oldSpec: Record<string, unknown>, newSpec: Record<string, unknown>): string {
  const old = create({ metadata: { name: 'p', namespace: 'ns' }, spec: oldSpec });
  const obj: KubeObject = {
    metadata: { name: 'p', namespace: 'ns' },
    spec: { ...structuredClone(old.spec as object), ...newSpec },
  };
  strategy.applyDefaults?.(obj, fakeContext());
  return errorText(strategy.validateUpdate?.(obj, old, fakeContext()));
}

void test('update: image, activeDeadlineSeconds and added tolerations are allowed', () => {
  const base = { containers: [{ name: 'c', image: 'x:1' }] };
  const old = create({ metadata: { name: 'p', namespace: 'ns' }, spec: base });
  const next = structuredClone(old);
  const spec = next.spec as Record<string, unknown>;
  (spec.containers as Record<string, unknown>[])[0]!.image = 'x:2';
  spec.activeDeadlineSeconds = 100;
  spec.tolerations = [...(spec.tolerations as unknown[]), { key: 'k', operator: 'Exists' }];
  assert.deepEqual(strategy.validateUpdate?.(next, old, fakeContext()), []);
});

void test('update: other spec changes get the upstream refusal', () => {
  const msg = update({ containers: [{ name: 'c', image: 'x:1' }] }, { nodeName: 'n1' });
  assert.equal(
    msg.split('\n')[0],
    'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
  );
  assert.match(msg, /\+ \tNodeName: "n1",/);
  assert.equal(
    update({ containers: [{ name: 'c', image: 'x:1' }] }, { containers: [] }),
    'spec.containers: Forbidden: pod updates may not add or remove containers',
  );
});
