/* eslint-disable @typescript-eslint/no-explicit-any -- objects are read loosely */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch } from './strategic-merge-patch.ts';
import { supportsStrategicMerge } from './patch-meta.ts';
import { ApiError } from '../errors.ts';

const STS = { group: 'apps', version: 'v1', kind: 'StatefulSet' };
const POD = { group: '', version: 'v1', kind: 'Pod' };
const smp = (doc: unknown, patch: unknown, gvk = STS): any =>
  applyStrategicMergePatch(doc, patch, gvk);

const sts = () => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a', 'b'] },
  spec: {
    replicas: 1,
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
            ports: [{ containerPort: 80, name: 'http' }],
          },
          { name: 'sidecar', image: 'busybox' },
        ],
        tolerations: [{ key: 'x', operator: 'Exists' }],
        volumes: [{ name: 'data', hostPath: { path: '/data' } }],
      },
    },
  },
});

void test('kubectl patch sts: a container merges by name, the others stay', () => {
  const out = smp(sts(), {
    spec: { template: { spec: { containers: [{ name: 'nginx', image: 'x' }] } } },
  });
  const containers = out.spec.template.spec.containers;
  assert.deepEqual(
    containers.map((c: any) => [c.name, c.image]),
    [
      ['nginx', 'x'],
      ['sidecar', 'busybox'],
    ],
  );
  assert.equal(containers[0].env.length, 2, 'fields not in the patch are kept');
});

void test('a new list item goes before the server-only items (upstream order)', () => {
  const out = smp(sts(), {
    spec: { template: { spec: { containers: [{ name: 'new', image: 'y' }] } } },
  });
  assert.deepEqual(
    out.spec.template.spec.containers.map((c: any) => c.name),
    ['new', 'nginx', 'sidecar'],
  );
});

void test('$setElementOrder fixes the order of the merged list', () => {
  const out = smp(sts(), {
    spec: {
      template: {
        spec: {
          ['$setElementOrder/containers']: [
            { name: 'nginx' },
            { name: 'new' },
            { name: 'sidecar' },
          ],
          containers: [{ name: 'new', image: 'y' }],
        },
      },
    },
  });
  assert.deepEqual(
    out.spec.template.spec.containers.map((c: any) => c.name),
    ['nginx', 'new', 'sidecar'],
  );
});

void test('three-way apply patch: remove an env var with $patch: delete', () => {
  // What `kubectl apply` sends after env B was removed from the file.
  const patch = {
    spec: {
      template: {
        spec: {
          '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
          containers: [
            {
              '$setElementOrder/env': [{ name: 'A' }],
              env: [{ $patch: 'delete', name: 'B' }],
              name: 'nginx',
            },
          ],
        },
      },
    },
  };
  const out = smp(sts(), patch);
  assert.deepEqual(out.spec.template.spec.containers[0].env, [{ name: 'A', value: '1' }]);
  assert.equal(out.spec.template.spec.containers.length, 2);
});

void test('ports merge by containerPort; lists without merge key are replaced', () => {
  const out = smp(sts(), {
    spec: {
      template: {
        spec: {
          containers: [{ name: 'nginx', ports: [{ containerPort: 443, name: 'https' }] }],
          tolerations: [{ key: 'y', operator: 'Exists' }],
        },
      },
    },
  });
  const spec = out.spec.template.spec;
  assert.deepEqual(
    spec.containers[0].ports.map((p: any) => p.containerPort),
    [443, 80],
  );
  assert.deepEqual(spec.tolerations, [{ key: 'y', operator: 'Exists' }]);
});

void test('null deletes a key; maps merge; primitive merge lists are unioned', () => {
  const out = smp(sts(), {
    metadata: { labels: { app: null, tier: 'db' }, finalizers: ['b', 'c'] },
    spec: { replicas: null },
  });
  assert.deepEqual(out.metadata.labels, { tier: 'db' });
  assert.deepEqual(out.metadata.finalizers, ['a', 'b', 'c']);
  assert.equal('replicas' in out.spec, false);
});

void test('$deleteFromPrimitiveList removes values from a primitive list', () => {
  const out = smp(sts(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } });
  assert.deepEqual(out.metadata.finalizers, ['b']);
  const none = smp(
    { metadata: {} },
    { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
  );
  assert.deepEqual(none, { metadata: {} });
});

void test('$patch: replace and $patch: delete in maps and lists', () => {
  const replaced = smp(sts(), { metadata: { labels: { $patch: 'replace', only: 'me' } } });
  assert.deepEqual(replaced.metadata.labels, { only: 'me' });
  const emptied = smp(sts(), { metadata: { labels: { $patch: 'delete' } } });
  assert.deepEqual(emptied.metadata.labels, {});
  const list = smp(sts(), {
    spec: {
      template: {
        spec: { containers: [{ name: 'solo', image: 'z' }, { $patch: 'replace' }] },
      },
    },
  });
  assert.deepEqual(list.spec.template.spec.containers, [{ name: 'solo', image: 'z' }]);
});

void test('$retainKeys: Deployment strategy switch and volume source switch', () => {
  const deploy = {
    spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } }, template: {} },
  };
  const out = smp(
    deploy,
    { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null } } },
    { group: 'apps', version: 'v1', kind: 'Deployment' },
  );
  assert.deepEqual(out.spec.strategy, { type: 'Recreate' });
  const vol = smp(sts(), {
    spec: {
      template: {
        spec: { volumes: [{ name: 'data', $retainKeys: ['emptyDir', 'name'], emptyDir: {} }] },
      },
    },
  });
  assert.deepEqual(vol.spec.template.spec.volumes, [{ name: 'data', emptyDir: {} }]);
});

void test('paths per kind: Pod spec, CronJob jobTemplate, pod status conditions by type', () => {
  const pod = {
    spec: { containers: [{ name: 'a', image: '1' }] },
    status: {
      conditions: [
        { type: 'Ready', status: 'False' },
        { type: 'PodScheduled', status: 'True' },
      ],
    },
  };
  const p = smp(
    pod,
    {
      spec: { containers: [{ name: 'a', image: '2' }] },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    },
    POD,
  );
  assert.deepEqual(p.spec.containers, [{ name: 'a', image: '2' }]);
  assert.deepEqual(
    p.status.conditions.map((c: any) => `${c.type}=${c.status}`),
    ['Ready=True', 'PodScheduled=True'],
  );
  const cj = {
    spec: {
      jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } } } },
    },
  };
  const c = smp(
    cj,
    {
      spec: {
        jobTemplate: { spec: { template: { spec: { containers: [{ name: 'b', image: 'x' }] } } } },
      },
    },
    { group: 'batch', version: 'v1', kind: 'CronJob' },
  );
  assert.deepEqual(c.spec.jobTemplate.spec.template.spec.containers, [
    { name: 'a' },
    { name: 'b', image: 'x' },
  ]);
});

void test('kubectl taint: node taints are an atomic list; service ports merge by port', () => {
  const node = { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } };
  const n = smp(
    node,
    { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } },
    { group: '', version: 'v1', kind: 'Node' },
  );
  assert.deepEqual(n.spec.taints, [{ key: 'b', effect: 'NoExecute' }]);
  const svc = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
  const s = smp(
    svc,
    { spec: { ports: [{ port: 80, targetPort: 9090 }] } },
    {
      group: '',
      version: 'v1',
      kind: 'Service',
    },
  );
  assert.deepEqual(s.spec.ports, [{ port: 80, targetPort: 9090 }, { port: 443 }]);
});

void test('directives inside values added whole are resolved, not stored', () => {
  const out = smp(
    { spec: { template: { spec: {} } } },
    {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'a' }],
            containers: [
              {
                name: 'a',
                env: [
                  { name: 'X', value: '1' },
                  { name: 'Y', $patch: 'delete' },
                ],
              },
            ],
          },
        },
      },
    },
  );
  assert.deepEqual(out.spec.template.spec.containers, [
    { name: 'a', env: [{ name: 'X', value: '1' }] },
  ]);
});

void test('inputs are not mutated', () => {
  const doc = sts();
  const patch = { metadata: { labels: { app: null } } };
  const before = JSON.stringify([doc, patch]);
  smp(doc, patch);
  assert.equal(JSON.stringify([doc, patch]), before);
});

const fails = (code: number, reason: string | undefined, message?: RegExp) => (e: unknown) =>
  e instanceof ApiError &&
  e.code === code &&
  e.status.reason === reason &&
  (message === undefined || message.test(e.status.message ?? ''));

void test('errors carry upstream codes', () => {
  assert.throws(() => smp(sts(), [1]), fails(400, 'BadRequest', /cannot unmarshal array/));
  assert.throws(
    () => smp(sts(), { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }),
    fails(500, undefined, /does not contain declared merge key: name/),
  );
  assert.throws(
    () => smp(sts(), { spec: { template: { spec: { containers: [{ $patch: 'merge' }] } } } }),
    fails(500, undefined, /merging lists cannot yet be specified/),
  );
  assert.throws(
    () => smp(sts(), { spec: { strategy: { $retainKeys: ['type'], other: 1 } } }),
    fails(400, 'BadRequest', /invalid patch format of retainKeys/),
  );
  assert.throws(
    () => smp(sts(), { metadata: { $deleteFromPrimitiveListfinalizers: ['a'] } }),
    fails(400, 'BadRequest', /invalid patch format of primitive list/),
  );
  assert.throws(
    () => smp({ metadata: {} }, { metadata: { finalizers: [['x']] } }),
    fails(422, 'Invalid', /the server rejected our request/),
  );
  assert.throws(
    () => smp(sts(), { metadata: { $patch: 'merge' } }),
    fails(500, undefined, /unknown patch type: merge/),
  );
  assert.throws(
    () =>
      smp(sts(), {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'sidecar' }, { name: 'nginx' }],
              containers: [{ name: 'nginx' }, { name: 'sidecar' }],
            },
          },
        },
      }),
    fails(500, undefined, /doesn't match \$setElementOrder list/),
  );
});

void test('supportsStrategicMerge: built-ins yes, custom resources no', () => {
  assert.equal(supportsStrategicMerge('apps', 'StatefulSet'), true);
  assert.equal(supportsStrategicMerge('', 'ConfigMap'), true);
  assert.equal(supportsStrategicMerge('steward.dev', 'PostgresCluster'), false);
});
