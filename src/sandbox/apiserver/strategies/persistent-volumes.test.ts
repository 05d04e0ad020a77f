import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.ts';
import type { KubeObject } from '../types.ts';
import { errorText, fakeContext } from './fake-context.ts';
import {
  persistentVolumeClaimStrategy as pvc,
  persistentVolumeStrategy as pv,
} from './persistent-volumes.ts';

const sc = (
  name: string,
  extra: Record<string, unknown> = {},
  ts = '2026-01-01T00:00:00Z',
): KubeObject => ({
  metadata: { name, creationTimestamp: ts },
  provisioner: 'steward.local/hostpath',
  ...extra,
});

function claim(spec: Record<string, unknown> = {}): KubeObject {
  return {
    metadata: { name: 'data-pg-0', namespace: 'db' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  };
}

void test('PVC create: defaults and DefaultStorageClass admission (newest default wins)', () => {
  const ctx = fakeContext([
    [
      'storage.k8s.io',
      'storageclasses',
      sc('old', {
        metadata: {
          name: 'old',
          creationTimestamp: '2025-01-01T00:00:00Z',
          annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
        },
      }),
    ],
    [
      'storage.k8s.io',
      'storageclasses',
      sc('new', {
        metadata: {
          name: 'new',
          creationTimestamp: '2026-01-01T00:00:00Z',
          annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
        },
      }),
    ],
    ['storage.k8s.io', 'storageclasses', sc('plain')],
  ]);
  const obj = claim();
  pvc.applyDefaults?.(obj, ctx);
  pvc.prepareForCreate?.(obj, ctx);
  assert.deepEqual(obj.spec, {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
    storageClassName: 'new',
    volumeMode: 'Filesystem',
  });
  assert.deepEqual(obj.status, { phase: 'Pending' });
  const explicit = claim({ storageClassName: '' });
  pvc.prepareForCreate?.(explicit, ctx);
  assert.equal((explicit.spec as Record<string, unknown>).storageClassName, '');
});

const createErrors = (obj: KubeObject): string =>
  errorText(pvc.validateCreate?.(obj, fakeContext()));

void test('PVC validation: access modes and storage request', () => {
  assert.equal(createErrors(claim()), '');
  assert.equal(
    createErrors(claim({ accessModes: [] })),
    'spec.accessModes: Required value: at least 1 access mode is required',
  );
  assert.equal(
    createErrors(claim({ accessModes: ['ReadWriteSometimes'] })),
    'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
  );
  assert.equal(createErrors(claim({ resources: {} })), 'spec.resources[storage]: Required value');
  assert.equal(
    createErrors(claim({ resources: { requests: { storage: '0' } } })),
    'spec.resources[storage]: Invalid value: "0": must be greater than zero',
  );
});

function bound(storage: string, capacity: string, cls = 'fast'): KubeObject {
  return {
    metadata: { name: 'data-pg-0', namespace: 'db' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage } },
      storageClassName: cls,
      volumeMode: 'Filesystem',
      volumeName: 'pv-1',
    },
    status: { phase: 'Bound', capacity: { storage: capacity } },
  };
}

const updateErrors = (obj: KubeObject, old: KubeObject): string =>
  errorText(pvc.validateUpdate?.(obj, old, fakeContext()));

void test('PVC update: growing is fine, shrinking to capacity or below is refused', () => {
  assert.equal(updateErrors(bound('2Gi', '1Gi'), bound('1Gi', '1Gi')), '');
  assert.equal(
    updateErrors(bound('1Gi', '1Gi'), bound('2Gi', '1Gi')),
    'spec.resources.requests.storage: Forbidden: field can not be less than status.capacity',
  );
  assert.equal(updateErrors(bound('2Gi', '1Gi'), bound('3Gi', '1Gi')), '');
});

void test('PVC update: any other spec change of a claim is refused', () => {
  const next = bound('1Gi', '1Gi');
  (next.spec as Record<string, unknown>).accessModes = ['ReadWriteMany'];
  const msg = updateErrors(next, bound('1Gi', '1Gi'));
  assert.equal(
    msg.split('\n')[0],
    'spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
  );
  const pending = claim({ volumeName: 'pv-9' });
  assert.equal(updateErrors(pending, claim()), '');
});

void test('resize admission: 403s with upstream texts', () => {
  const ctx = fakeContext([
    ['storage.k8s.io', 'storageclasses', sc('fast', { allowVolumeExpansion: true })],
    ['storage.k8s.io', 'storageclasses', sc('fixed')],
  ]);
  assert.doesNotThrow(() => pvc.admit?.(bound('2Gi', '1Gi'), bound('1Gi', '1Gi'), ctx));
  assert.throws(
    () => pvc.admit?.(bound('2Gi', '1Gi', 'fixed'), bound('1Gi', '1Gi', 'fixed'), ctx),
    (e: unknown) =>
      e instanceof ApiError &&
      e.code === 403 &&
      e.message ===
        'persistentvolumeclaims "data-pg-0" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
  );
  const old = claim({ storageClassName: 'fast' });
  assert.throws(
    () =>
      pvc.admit?.(
        claim({ storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } }),
        old,
        ctx,
      ),
    {
      message:
        'persistentvolumeclaims "data-pg-0" is forbidden: Only bound persistent volume claims can be expanded',
    },
  );
  assert.doesNotThrow(() => pvc.admit?.(claim(), undefined, ctx));
});

void test('PV defaults and validation', () => {
  const ctx = fakeContext();
  const obj: KubeObject = {
    metadata: { name: 'pv-1' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
      hostPath: { path: '/x' },
    },
  };
  pv.applyDefaults?.(obj, ctx);
  pv.prepareForCreate?.(obj, ctx);
  assert.deepEqual(obj.spec, {
    accessModes: ['ReadWriteOnce'],
    capacity: { storage: '1Gi' },
    hostPath: { path: '/x', type: '' },
    persistentVolumeReclaimPolicy: 'Retain',
    volumeMode: 'Filesystem',
  });
  assert.deepEqual(obj.status, {
    phase: 'Pending',
    lastPhaseTransitionTime: '2026-01-02T03:04:05Z',
  });
  assert.equal(errorText(pv.validateCreate?.(obj, ctx)), '');
  const empty: KubeObject = {
    metadata: { name: 'pv-2' },
    spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } },
  };
  assert.equal(
    errorText(pv.validateCreate?.(empty, ctx)),
    'spec: Required value: must specify a volume type',
  );
});
