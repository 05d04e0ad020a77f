import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_RESOURCES } from '../builtin-resources.ts';
import { strategyKey } from '../strategy.ts';
import type { KubeObject } from '../types.ts';
import { configMapStrategy, secretStrategy } from './config-data.ts';
import { errorText, fakeContext } from './fake-context.ts';
import { BUILTIN_STRATEGIES } from './index.ts';
import {
  endpointSliceStrategy,
  leaseStrategy,
  namespaceStrategy,
  nodeStrategy,
  pdbStrategy,
} from './small-kinds.ts';
import { storageClassStrategy, volumeAttachmentStrategy } from './storage.ts';

const ctx = fakeContext();

void test('every strategy key names a built-in resource', () => {
  const keys = new Set(BUILTIN_RESOURCES.map(strategyKey));
  for (const k of Object.keys(BUILTIN_STRATEGIES)) assert.ok(keys.has(k), k);
  assert.equal(BUILTIN_STRATEGIES['/services']?.nameValidation, 'dns1035-label');
  assert.equal(BUILTIN_STRATEGIES['/namespaces']?.nameValidation, 'label');
  assert.equal(BUILTIN_STRATEGIES['apps/statefulsets']?.nameValidation, 'label');
  assert.equal(
    BUILTIN_STRATEGIES['rbac.authorization.k8s.io/roles']?.nameValidation,
    'path-segment',
  );
});

void test('Namespace: name label, finalizer, phase', () => {
  const ns: KubeObject = { metadata: { name: 'db' } };
  namespaceStrategy.applyDefaults?.(ns, ctx);
  namespaceStrategy.prepareForCreate?.(ns, ctx);
  assert.deepEqual(ns, {
    metadata: { name: 'db', labels: { 'kubernetes.io/metadata.name': 'db' } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
});

void test('Node: allocatable defaults to capacity', () => {
  const node: KubeObject = { metadata: { name: 'n1' }, status: { capacity: { cpu: '4' } } };
  nodeStrategy.applyDefaults?.(node, ctx);
  assert.deepEqual(node.status, { capacity: { cpu: '4' }, allocatable: { cpu: '4' } });
});

void test('ConfigMap keys and immutability', () => {
  const bad: KubeObject = { metadata: { name: 'c' }, data: { 'a b': 'x' } };
  assert.equal(
    errorText(configMapStrategy.validateCreate?.(bad, ctx)),
    `data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
  );
  const old: KubeObject = { metadata: { name: 'c' }, immutable: true, data: { a: '1' } };
  const next: KubeObject = { metadata: { name: 'c' }, immutable: true, data: { a: '2' } };
  assert.equal(
    errorText(configMapStrategy.validateUpdate?.(next, old, ctx)),
    'data: Forbidden: field is immutable when `immutable` is set',
  );
});

void test('Secret: type Opaque, stringData merged, type-specific keys, immutable', () => {
  const s: KubeObject = { metadata: { name: 's' }, stringData: { password: 'pw' } };
  secretStrategy.applyDefaults?.(s, ctx);
  assert.deepEqual(s, { metadata: { name: 's' }, type: 'Opaque', data: { password: 'cHc=' } });
  const tls: KubeObject = { metadata: { name: 't' }, type: 'kubernetes.io/tls', data: {} };
  assert.equal(
    errorText(secretStrategy.validateCreate?.(tls, ctx)),
    '[data[tls.crt]: Required value, data[tls.key]: Required value]',
  );
  const old: KubeObject = {
    metadata: { name: 's' },
    type: 'Opaque',
    immutable: true,
    data: { a: 'YQ==' },
  };
  const next: KubeObject = {
    metadata: { name: 's' },
    type: 'Opaque',
    immutable: true,
    data: { a: 'Yg==' },
  };
  assert.equal(
    errorText(secretStrategy.validateUpdate?.(next, old, ctx)),
    'data: Forbidden: field is immutable when `immutable` is set',
  );
});

void test('Lease durations', () => {
  const lease: KubeObject = {
    metadata: { name: 'l' },
    spec: { leaseDurationSeconds: 0, leaseTransitions: -1 },
  };
  assert.equal(
    errorText(leaseStrategy.validateCreate?.(lease, ctx)),
    '[spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0, spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0]',
  );
});

void test('PDB: minAvailable xor maxUnavailable, percentages', () => {
  const both: KubeObject = {
    metadata: { name: 'p' },
    spec: { minAvailable: 1, maxUnavailable: 1 },
  };
  assert.match(
    errorText(pdbStrategy.validateCreate?.(both, ctx)),
    /minAvailable and maxUnavailable cannot be both set$/,
  );
  const pct: KubeObject = { metadata: { name: 'p' }, spec: { maxUnavailable: '150%' } };
  assert.equal(
    errorText(pdbStrategy.validateCreate?.(pct, ctx)),
    'spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
  );
  const obj: KubeObject = { metadata: { name: 'p' }, spec: { minAvailable: 1 } };
  pdbStrategy.prepareForCreate?.(obj, ctx);
  assert.deepEqual(obj.status, {
    currentHealthy: 0,
    desiredHealthy: 0,
    disruptionsAllowed: 0,
    expectedPods: 0,
  });
});

void test('EndpointSlice: addressType required and immutable; port defaults', () => {
  const es: KubeObject = {
    metadata: { name: 'e' },
    ports: [{ port: 5432 }],
    endpoints: [{ addresses: ['10.0.0.1'] }],
  };
  endpointSliceStrategy.applyDefaults?.(es, ctx);
  assert.deepEqual(es.ports, [{ port: 5432, protocol: 'TCP', name: '' }]);
  assert.equal(
    errorText(endpointSliceStrategy.validateCreate?.(es, ctx)),
    'addressType: Required value',
  );
  const v4 = { ...es, addressType: 'IPv4' };
  assert.equal(
    errorText(endpointSliceStrategy.validateUpdate?.({ ...es, addressType: 'IPv6' }, v4, ctx)),
    'addressType: Invalid value: "IPv6": field is immutable',
  );
});

void test('StorageClass defaults, required provisioner, immutable fields', () => {
  const sc: KubeObject = { metadata: { name: 'fast' }, provisioner: 'steward.local/hostpath' };
  storageClassStrategy.applyDefaults?.(sc, ctx);
  assert.deepEqual(sc, {
    metadata: { name: 'fast' },
    provisioner: 'steward.local/hostpath',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
  assert.equal(
    errorText(storageClassStrategy.validateCreate?.({ ...sc, provisioner: '' }, ctx)),
    'provisioner: Required value',
  );
  const next = {
    ...sc,
    provisioner: 'x.io/y',
    volumeBindingMode: 'WaitForFirstConsumer',
    parameters: { a: 'b' },
  };
  assert.equal(
    errorText(storageClassStrategy.validateUpdate?.(next, sc, ctx)),
    '[parameters: Forbidden: updates to parameters are forbidden., provisioner: Forbidden: updates to provisioner are forbidden., volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable]',
  );
});

void test('VolumeAttachment validation', () => {
  const va: KubeObject = {
    metadata: { name: 'csi-1' },
    spec: { attacher: 'a', nodeName: 'n', source: {} },
  };
  assert.equal(
    errorText(volumeAttachmentStrategy.validateCreate?.(va, ctx)),
    'spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName',
  );
});
