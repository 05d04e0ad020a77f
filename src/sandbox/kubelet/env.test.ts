import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandRefs, podFieldValue, resolveEnv, withRuntimeIPs } from './env.ts';
import type { Pod } from './types.ts';

const pod: Pod = {
  metadata: { name: 'p', namespace: 'ns', uid: 'u1', labels: { app: 'a' } },
  spec: {
    nodeName: 'node-1',
    containers: [{ name: 'c', resources: { limits: { memory: '1Gi' } } }],
  },
  status: { podIP: '127.1.1.2' },
};
const src = {
  configMap: (n: string) => (n === 'cm' ? { a: '1', b: '2' } : undefined),
  secret: (n: string) => (n === 's' ? { pw: 'x' } : undefined),
};

test('resolveEnv: value, valueFrom, envFrom with prefix, base variables, $(VAR) expansion', () => {
  const c = {
    name: 'c',
    envFrom: [{ configMapRef: { name: 'cm' }, prefix: 'CM_' }],
    env: [
      { name: 'PW', valueFrom: { secretKeyRef: { name: 's', key: 'pw' } } },
      { name: 'A', valueFrom: { configMapKeyRef: { name: 'cm', key: 'a' } } },
      { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
      { name: 'URL', value: 'http://$(IP):$(PORT)/$(MISSING)' },
      { name: 'OPT', valueFrom: { secretKeyRef: { name: 'nope', key: 'k', optional: true } } },
    ],
  };
  const r = resolveEnv(pod, c, src, { PORT: '80' });
  assert.ok(r.ok);
  assert.deepEqual(r.env, {
    PORT: '80',
    CM_a: '1',
    CM_b: '2',
    PW: 'x',
    A: '1',
    IP: '127.1.1.2',
    NODE: 'node-1',
    MEM: '1Gi',
    URL: 'http://127.1.1.2:80/$(MISSING)',
  });
});

test('resolveEnv reports upstream CreateContainerConfigError messages', () => {
  const missing = resolveEnv(
    pod,
    { name: 'c', env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'gone', key: 'k' } } }] },
    src,
    {},
  );
  assert.deepEqual(missing, { ok: false, message: 'secret "gone" not found' });
  const key = resolveEnv(
    pod,
    { name: 'c', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'zz' } } }] },
    src,
    {},
  );
  assert.deepEqual(key, { ok: false, message: "couldn't find key zz in ConfigMap ns/cm" });
});

test('podFieldValue and expandRefs', () => {
  assert.equal(podFieldValue(pod, "metadata.labels['app']"), 'a');
  assert.equal(podFieldValue(pod, 'metadata.labels'), 'app="a"');
  assert.equal(podFieldValue(pod, 'metadata.uid'), 'u1');
  assert.equal(expandRefs('$$(X) $(X)', { X: 'y' }), '$(X) y');
  assert.equal(
    podFieldValue(withRuntimeIPs({ ...pod, status: {} }, '127.1.1.9', '127.1.1.1'), 'status.podIP'),
    '127.1.1.9',
  );
});
