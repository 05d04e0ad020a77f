/* eslint-disable @typescript-eslint/no-explicit-any -- objects are read loosely */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyServerSideApply, recordUpdateManager } from './server-side-apply.ts';
import type { ManagedFieldsEntry } from './server-side-apply.ts';
import { ApiError } from '../errors.ts';
import type { KubeObject } from '../types.ts';

const T0 = new Date('2025-01-01T00:00:00.123Z');
const T1 = new Date('2025-01-01T00:01:00Z');
const opts = { manager: 'kubectl', force: false, now: T1, strategic: true };

const deploy = (replicas: number, extra: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', ...extra } },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80 }] }] },
    },
  },
});

const entries = (o: KubeObject) => o.metadata.managedFields as ManagedFieldsEntry[];

void test('apply on create records an Apply entry with upstream FieldsV1 encoding', () => {
  const out = applyServerSideApply(undefined, deploy(1), { ...opts, now: T0 });
  assert.equal((out as any).spec.replicas, 1);
  assert.deepEqual(entries(out), [
    {
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: '2025-01-01T00:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': {
                'k:{"name":"nginx"}': {
                  '.': {},
                  'f:image': {},
                  'f:name': {},
                  'f:ports': {
                    'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                  },
                },
              },
            },
          },
        },
      },
    },
  ]);
});

const createdByClientSideApply = () =>
  recordUpdateManager(undefined, deploy(1), 'kubectl-client-side-apply', 'Update', T0);

void test('a changed field owned by another manager is a 409 with upstream message and causes', () => {
  const live = createdByClientSideApply();
  assert.throws(
    () => applyServerSideApply(live, deploy(3), opts),
    (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 409);
      assert.equal(e.status.reason, 'Conflict');
      assert.equal(
        e.status.message,
        'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      );
      assert.deepEqual(e.status.details, {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-client-side-apply" using apps/v1',
            field: '.spec.replicas',
          },
        ],
      });
      return true;
    },
  );
});

void test('several conflicts are listed per manager', () => {
  const live = createdByClientSideApply();
  const cfg = deploy(3);
  (cfg as any).spec.template.spec.containers[0].image = 'nginx:2';
  assert.throws(
    () => applyServerSideApply(live, cfg, opts),
    (e: unknown) =>
      e instanceof ApiError &&
      e.status.message ===
        'Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:\n' +
          '- .spec.replicas\n' +
          '- .spec.template.spec.containers[name="nginx"].image',
  );
});

void test('force takes the field over; equal values are shared without conflict', () => {
  const live = createdByClientSideApply();
  const out = applyServerSideApply(live, deploy(3), { ...opts, force: true });
  assert.equal((out as any).spec.replicas, 3);
  const [apply, update] = entries(out);
  assert.equal(apply?.operation, 'Apply');
  assert.equal(update?.manager, 'kubectl-client-side-apply');
  assert.equal('f:replicas' in (update?.fieldsV1 as any)['f:spec'], false);
  assert.equal('f:selector' in (update?.fieldsV1 as any)['f:spec'], true, 'shared field kept');
  assert.equal(update?.time, '2025-01-01T00:00:00Z', 'the loser keeps its time');
  const same = applyServerSideApply(live, deploy(1), opts);
  assert.equal(entries(same).length, 2);
});

void test('fields the applier stops applying are removed unless someone else owns them', () => {
  const first = applyServerSideApply(undefined, deploy(1, { tier: 'db', team: 'a' }), opts);
  const labelled = recordUpdateManager(
    first,
    { ...first, metadata: { ...first.metadata, labels: { app: 'web', tier: 'db', team: 'b' } } },
    'kubectl-label',
    'Update',
    T1,
  );
  const out = applyServerSideApply(labelled, deploy(1), opts);
  assert.deepEqual(out.metadata.labels, { app: 'web', team: 'b' });
});

void test('lists: containers merge by name, a sidecar added by another manager stays', () => {
  const first = applyServerSideApply(undefined, deploy(1), opts);
  const withSidecar = clonePlus(first, (o) =>
    o.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox' }),
  );
  const live = recordUpdateManager(first, withSidecar, 'other', 'Update', T1);
  const cfg = deploy(1);
  (cfg as any).spec.template.spec.containers[0].image = 'nginx:2';
  const out = applyServerSideApply(live, cfg, opts) as any;
  assert.deepEqual(
    out.spec.template.spec.containers.map((c: any) => `${c.name}=${c.image}`),
    ['nginx=nginx:2', 'sidecar=busybox'],
  );
});

void test('custom resources: lists atomic unless the schema says list-type map', () => {
  const cr = (members: object[]): KubeObject => ({
    apiVersion: 'steward.dev/v1',
    kind: 'PostgresCluster',
    metadata: { name: 'pg' },
    spec: { members },
  });
  const live = applyServerSideApply(undefined, cr([{ name: 'a', x: 1 }]), {
    ...opts,
    manager: 'm1',
    strategic: false,
  });
  const atomic = applyServerSideApply(live, cr([{ name: 'b' }]), {
    ...opts,
    manager: 'm1',
    strategic: false,
  });
  assert.deepEqual((atomic as any).spec.members, [{ name: 'b' }]);
  const listType = (p: readonly string[]) =>
    p.join('.') === 'spec.members'
      ? ({ kind: 'map', keys: ['name'], defaults: {} } as const)
      : undefined;
  const live2 = applyServerSideApply(undefined, cr([{ name: 'a', x: 1 }]), {
    ...opts,
    manager: 'm1',
    strategic: false,
    listType,
  });
  const merged = applyServerSideApply(live2, cr([{ name: 'b' }]), {
    ...opts,
    manager: 'm2',
    strategic: false,
    listType,
  });
  assert.deepEqual((merged as any).spec.members, [{ name: 'a', x: 1 }, { name: 'b' }]);
});

void test('recordUpdateManager: later writers take fields from earlier ones', () => {
  const created = createdByClientSideApply();
  const [entry] = entries(created);
  assert.equal(entry?.manager, 'kubectl-client-side-apply');
  assert.deepEqual((entry?.fieldsV1 as any)['f:metadata'], {
    'f:labels': { '.': {}, 'f:app': {} },
  });
  const scaled = recordUpdateManager(created, deploy(5), 'kubectl-scale', 'Update', T1);
  const byManager = Object.fromEntries(entries(scaled).map((e) => [e.manager, e]));
  assert.deepEqual(byManager['kubectl-scale']?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  assert.equal(
    'f:replicas' in (byManager['kubectl-client-side-apply']?.fieldsV1 as any)['f:spec'],
    false,
  );
});

function clonePlus(o: KubeObject, change: (o: any) => void): KubeObject {
  const c = structuredClone(o);
  change(c);
  return c;
}
