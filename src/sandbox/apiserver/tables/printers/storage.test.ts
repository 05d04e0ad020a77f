import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../types.ts';
import {
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
  volumeAttachmentPrinter,
} from './storage.ts';

const NOW = new Date('2024-06-01T12:00:00Z');
const meta = { name: 'data-pg-0', namespace: 'db', creationTimestamp: '2024-06-01T11:50:00Z' };

void test('pv columns and a bound volume', () => {
  assert.deepEqual(
    persistentVolumePrinter.columns.map((c) => [c.name, c.priority]),
    [
      ['Name', 0],
      ['Capacity', 0],
      ['Access Modes', 0],
      ['Reclaim Policy', 0],
      ['Status', 0],
      ['Claim', 0],
      ['StorageClass', 0],
      ['VolumeAttributesClass', 0],
      ['Reason', 0],
      ['Age', 0],
      ['VolumeMode', 1],
    ],
  );
  const pv: KubeObject = {
    metadata: { name: 'pvc-123', creationTimestamp: meta.creationTimestamp },
    spec: {
      capacity: { storage: '10Gi' },
      accessModes: ['ReadWriteOncePod', 'ReadWriteOnce', 'ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Delete',
      claimRef: { namespace: 'db', name: 'data-pg-0' },
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Bound' },
  };
  assert.deepEqual(persistentVolumePrinter.cells(pv, NOW), [
    'pvc-123',
    '10Gi',
    'RWO,RWOP',
    'Delete',
    'Bound',
    'db/data-pg-0',
    'standard',
    '<unset>',
    '',
    '10m',
    'Filesystem',
  ]);
  const deleting: KubeObject = {
    metadata: { name: 'pv', deletionTimestamp: '2024-06-01T11:59:00Z' },
    spec: {},
    status: { phase: 'Released' },
  };
  assert.deepEqual(persistentVolumePrinter.cells(deleting, NOW), [
    'pv',
    '0',
    '',
    '',
    'Terminating',
    '',
    '',
    '<unset>',
    '',
    '<unknown>',
    '<unset>',
  ]);
});

void test('pvc: pending shows no capacity; bound shows status capacity; beta annotation wins', () => {
  const pending: KubeObject = {
    metadata: meta,
    spec: { storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } },
    status: { phase: 'Pending' },
  };
  assert.deepEqual(persistentVolumeClaimPrinter.cells(pending, NOW), [
    'data-pg-0',
    'Pending',
    '',
    '',
    '',
    'standard',
    '<unset>',
    '10m',
    '<unset>',
  ]);
  const bound: KubeObject = {
    metadata: { ...meta, annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' } },
    spec: {
      volumeName: 'pvc-123',
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
      volumeAttributesClassName: 'gold',
    },
    status: { phase: 'Bound', capacity: { storage: '2Gi' }, accessModes: ['ReadWriteOnce'] },
  };
  assert.deepEqual(persistentVolumeClaimPrinter.cells(bound, NOW), [
    'data-pg-0',
    'Bound',
    'pvc-123',
    '2Gi',
    'RWO',
    'legacy',
    'gold',
    '10m',
    'Filesystem',
  ]);
});

void test('storageclass: "(default)" suffix and upstream defaults', () => {
  const sc: KubeObject = {
    metadata: {
      name: 'standard',
      creationTimestamp: meta.creationTimestamp,
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    },
    provisioner: 'sandbox.steward.dev/hostpath',
    reclaimPolicy: 'Retain',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  };
  assert.deepEqual(storageClassPrinter.cells(sc, NOW), [
    'standard (default)',
    'sandbox.steward.dev/hostpath',
    'Retain',
    'WaitForFirstConsumer',
    true,
    '10m',
  ]);
  const bare: KubeObject = {
    metadata: { name: 'slow', creationTimestamp: meta.creationTimestamp },
    provisioner: 'p',
  };
  assert.deepEqual(storageClassPrinter.cells(bare, NOW), [
    'slow',
    'p',
    'Delete',
    'Immediate',
    false,
    '10m',
  ]);
  assert.deepEqual(
    storageClassPrinter.columns.map((c) => c.name),
    ['Name', 'Provisioner', 'ReclaimPolicy', 'VolumeBindingMode', 'AllowVolumeExpansion', 'Age'],
  );
});

void test('volumeattachment: ATTACHER PV NODE ATTACHED AGE', () => {
  const va: KubeObject = {
    metadata: { name: 'csi-abc', creationTimestamp: meta.creationTimestamp },
    spec: {
      attacher: 'sandbox.steward.dev',
      nodeName: 'node-a',
      source: { persistentVolumeName: 'pvc-123' },
    },
    status: { attached: true },
  };
  assert.deepEqual(volumeAttachmentPrinter.cells(va, NOW), [
    'csi-abc',
    'sandbox.steward.dev',
    'pvc-123',
    'node-a',
    true,
    '10m',
  ]);
  assert.deepEqual(
    volumeAttachmentPrinter.columns.map((c) => [c.name, c.type, c.format]),
    [
      ['Name', 'string', 'name'],
      ['Attacher', 'string', 'name'],
      ['PV', 'string', ''],
      ['Node', 'string', ''],
      ['Attached', 'boolean', ''],
      ['Age', 'string', ''],
    ],
  );
});
