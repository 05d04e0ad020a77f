import assert from 'node:assert/strict';
import { test } from 'node:test';
import type {
  KubernetesObject,
  V1PersistentVolumeClaim,
  V1PersistentVolumeClaimCondition,
  V1StatefulSet,
  V1StorageClass,
} from '@kubernetes/client-node';
import type { ClusterCondition, PostgresCluster } from '../../api/postgres-cluster.ts';
import { FakeClock } from '../../lib/clock.ts';
import { nopLogger } from '../../lib/logger.ts';
import { buildStatefulSet } from '../builders/statefulset.ts';
import { sampleCluster } from '../builders/sample-cluster.ts';
import {
  EXPANDING,
  EXPANSION_NOT_ALLOWED,
  RECREATE_RECHECK_MS,
  expansionStep,
} from './expansion.ts';
import { FakeOperatorClient } from './fake-client.ts';
import { buildClusterStatus } from './status.ts';
import { LAST_ACCEPTED_ANNOTATION, statefulSetStep } from './steps.ts';
import type { ReconcileContext } from './types.ts';

const NS = 'db';
const STS = { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: NS, name: 'pg' };
const pvcRef = (name: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  namespace: NS,
  name,
});

/** A cluster of `size` whose last accepted spec had `accepted`. */
function cluster(size: string, accepted = '1Gi', storageClassName?: string): PostgresCluster {
  const storage = { size, ...(storageClassName ? { storageClassName } : {}) };
  const c = sampleCluster({ instances: 2, storage });
  const old = sampleCluster({ instances: 2, storage: { ...storage, size: accepted } });
  c.metadata.annotations = { [LAST_ACCEPTED_ANNOTATION]: JSON.stringify(old.spec) };
  return c;
}

function claim(
  ordinal: number,
  o: {
    request?: string;
    capacity?: string;
    phase?: string;
    conditions?: string[];
    storageClassName?: string | null;
  } = {},
): V1PersistentVolumeClaim {
  const conditions: V1PersistentVolumeClaimCondition[] = (o.conditions ?? []).map((type) => ({
    type,
    status: 'True',
  }));
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name: `data-pg-${ordinal}`,
      namespace: NS,
      labels: { 'steward.dev/cluster': 'pg' },
    },
    spec: {
      resources: { requests: { storage: o.request ?? '1Gi' } },
      ...(o.storageClassName === null
        ? {}
        : { storageClassName: o.storageClassName ?? 'standard' }),
    },
    status: {
      phase: o.phase ?? 'Bound',
      capacity: { storage: o.capacity ?? o.request ?? '1Gi' },
      ...(conditions.length ? { conditions } : {}),
    },
  };
}

function storageClass(name: string, allow: boolean, isDefault = false): V1StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name,
      ...(isDefault
        ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }
        : {}),
    },
    provisioner: 'csi.example',
    ...(allow ? { allowVolumeExpansion: true } : {}),
  };
}

/** A fake holding the class `standard`, a StatefulSet built at `stsSize` and `claims`. */
function world(stsSize: string, claims: V1PersistentVolumeClaim[]): FakeOperatorClient {
  const f = new FakeOperatorClient();
  f.put(storageClass('standard', true, true));
  f.put(buildStatefulSet(sampleCluster({ instances: 2, storage: { size: stsSize } })));
  for (const c of claims) f.put(c);
  return f;
}

function context(client: FakeOperatorClient, c: PostgresCluster): ReconcileContext {
  return {
    client,
    clock: new FakeClock(),
    random: (n) => new Uint8Array(n),
    logger: nopLogger,
    cluster: c,
    blocked: null,
  };
}

const requestOf = (f: FakeOperatorClient, name: string) =>
  f.peek<V1PersistentVolumeClaim>(pvcRef(name))?.spec?.resources?.requests?.['storage'];

const templateOf = (f: FakeOperatorClient) =>
  f.peek<V1StatefulSet>(STS)?.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.[
    'storage'
  ];

void test('same size: nothing to do, nothing written', async () => {
  const f = world('1Gi', [claim(0), claim(1)]);
  const ctx = context(f, cluster('1Gi'));
  assert.equal(await expansionStep(ctx), 'continue');
  assert.equal(ctx.blocked, null);
  assert.deepEqual(f.writes, []);
});

void test('a larger size patches every bound data PVC and reports Expanding', async () => {
  const other = { ...claim(5), metadata: { ...claim(5).metadata, name: 'scratch-pg-5' } };
  const f = world('1Gi', [claim(0), claim(1), other]);
  const ctx = context(f, cluster('2Gi'));
  assert.equal(await expansionStep(ctx), 'continue');
  assert.deepEqual(f.objectWrites(), [
    'patch PersistentVolumeClaim/data-pg-0',
    'patch PersistentVolumeClaim/data-pg-1',
  ]);
  assert.deepEqual(f.writes[0]?.detail, { spec: { resources: { requests: { storage: '2Gi' } } } });
  assert.equal(requestOf(f, 'scratch-pg-5'), '1Gi');
  assert.deepEqual(ctx.blocked, {
    reason: EXPANDING,
    message: 'expanding data volumes data-pg-0, data-pg-1 to 2Gi',
  });
  assert.deepEqual(f.events(), [
    'Normal ExpandingVolumes expanding data volumes data-pg-0, data-pg-1 to 2Gi',
  ]);
  assert.equal(templateOf(f), '1Gi', 'the StatefulSet waits for the volumes');
});

void test('while volumes grow: no writes, the message names each claim and its state', async () => {
  const f = world('1Gi', [
    claim(0, { request: '2Gi', capacity: '2Gi' }),
    claim(1, { request: '2Gi', capacity: '1Gi', conditions: ['Resizing'] }),
  ]);
  const ctx = context(f, cluster('2Gi'));
  assert.equal(await expansionStep(ctx), 'continue');
  assert.deepEqual(f.writes, []);
  assert.equal(
    ctx.blocked?.message,
    'waiting for the data volumes to grow to 2Gi: data-pg-1 (Resizing)',
  );
});

void test('once every volume grew: the StatefulSet is deleted with Orphan propagation', async () => {
  const f = world('1Gi', [
    claim(0, { request: '2Gi', capacity: '2Gi' }),
    // Only the kubelet's file system step is left: the volume itself has grown.
    claim(1, { request: '2Gi', capacity: '1Gi', conditions: ['FileSystemResizePending'] }),
  ]);
  const ctx = context(f, cluster('2Gi'));
  assert.deepEqual(await expansionStep(ctx), { stop: { requeueAfter: RECREATE_RECHECK_MS } });
  assert.deepEqual(
    f.writes.filter((w) => w.verb === 'delete'),
    [{ verb: 'delete', target: 'StatefulSet/pg', detail: 'Orphan' }],
  );
  assert.equal(ctx.blocked?.reason, EXPANDING);
  assert.match(ctx.blocked.message, /re-creating StatefulSet pg with 2Gi .*pods are kept/);
});

void test('a StatefulSet already being deleted is not deleted again', async () => {
  const f = world('1Gi', [claim(0, { request: '2Gi' }), claim(1, { request: '2Gi' })]);
  const sts = f.peek<V1StatefulSet>(STS)!;
  sts.metadata!.deletionTimestamp = new Date();
  const ctx = context(f, cluster('2Gi'));
  assert.deepEqual(await expansionStep(ctx), { stop: { requeueAfter: RECREATE_RECHECK_MS } });
  assert.deepEqual(f.writes, []);
});

void test('unbound claims are skipped (the API refuses to resize them) and never waited for', async () => {
  const f = world('1Gi', [claim(0, { request: '2Gi' }), claim(1, { phase: 'Pending' })]);
  const ctx = context(f, cluster('2Gi'));
  await expansionStep(ctx);
  assert.deepEqual(f.objectWrites(), ['delete StatefulSet/pg']);
});

void test('a class that cannot expand: refused once, nothing changed, the old size carries on', async () => {
  const f = world('1Gi', [
    claim(0, { storageClassName: 'fixed' }),
    claim(1, { storageClassName: 'fixed' }),
  ]);
  f.put(storageClass('fixed', false));
  const ctx = context(f, cluster('2Gi', '1Gi', 'fixed'));
  assert.equal(await expansionStep(ctx), 'continue', 'the other steps still run');
  assert.deepEqual(f.objectWrites(), []);
  assert.equal(ctx.blocked?.reason, EXPANSION_NOT_ALLOWED);
  assert.equal(
    ctx.blocked.message,
    'spec.storage.size: cannot grow the data volumes from 1Gi to 2Gi: StorageClass "fixed" does not allow volume expansion (allowVolumeExpansion is not true); nothing was changed (set storage.size back to 1Gi or use a StorageClass that allows expansion)',
  );
  assert.deepEqual(f.events(), [`Warning ExpansionNotAllowed ${ctx.blocked.message}`]);
  // The rest of the reconcile sees 1Gi: the accepted spec keeps it, so 1Gi may be set back.
  assert.equal(ctx.cluster.spec.storage.size, '1Gi');

  const ready: ClusterCondition = {
    type: 'Ready',
    status: 'False',
    reason: EXPANSION_NOT_ALLOWED,
    message: ctx.blocked.message,
    observedGeneration: 1,
    lastTransitionTime: '2026-01-01T00:00:00Z',
  };
  const again = context(f, { ...cluster('2Gi', '1Gi', 'fixed'), status: { conditions: [ready] } });
  await expansionStep(again);
  assert.equal(f.events().length, 1, 'one event per refusal');
});

void test('claims without a class are judged by the default class; none is a refusal', async () => {
  const f = new FakeOperatorClient();
  f.put(buildStatefulSet(sampleCluster({ instances: 2, storage: { size: '1Gi' } })));
  f.put(claim(0, { storageClassName: null }));
  f.put(storageClass('old-default', true, true));
  f.put({
    ...storageClass('new-default', false, true),
    metadata: {
      ...storageClass('new-default', false, true).metadata,
      creationTimestamp: new Date('2030-01-01'),
    },
  });
  const ctx = context(f, cluster('2Gi'));
  await expansionStep(ctx);
  assert.match(ctx.blocked?.message ?? '', /StorageClass "new-default" does not allow/);

  const none = new FakeOperatorClient();
  none.put(claim(0, { storageClassName: null }));
  const ctx2 = context(none, cluster('2Gi'));
  await expansionStep(ctx2);
  assert.match(ctx2.blocked?.message ?? '', /there is no default StorageClass/);
  assert.deepEqual(none.objectWrites(), []);
});

/** What the sandbox's resizer and kubelet do to a patched claim between two reconciles. */
function growClaims(f: FakeOperatorClient): void {
  for (const o of f.objects.values()) {
    const c = o as V1PersistentVolumeClaim;
    if (c.kind !== 'PersistentVolumeClaim') continue;
    c.status = {
      ...c.status,
      capacity: { storage: c.spec?.resources?.requests?.['storage'] ?? '' },
    };
  }
}

void test('end to end with a fresh step each pass (an operator restart anywhere): resumes and converges', async () => {
  const f = world('1Gi', [claim(0), claim(1)]);
  const ref = {
    apiVersion: 'steward.dev/v1alpha1',
    kind: 'PostgresCluster',
    namespace: NS,
    name: 'pg',
  };
  f.put(cluster('2Gi') as unknown as KubernetesObject);
  const pass = async () => {
    const ctx = context(f, structuredClone(f.peek(ref)) as unknown as PostgresCluster);
    const r = await expansionStep(ctx);
    if (r === 'continue') await statefulSetStep(ctx);
    return ctx.blocked?.reason ?? 'none';
  };
  assert.equal(await pass(), EXPANDING); // patched
  assert.equal(await pass(), EXPANDING); // waiting
  assert.equal(templateOf(f), '1Gi');
  growClaims(f);
  assert.equal(await pass(), EXPANDING); // orphan-deleted
  assert.equal(templateOf(f), undefined);
  assert.equal(await pass(), 'none'); // statefulSetStep created the new one
  assert.equal(templateOf(f), '2Gi');
  const before = f.writes.length;
  assert.equal(await pass(), 'none');
  const writes = f.objectWrites().filter((w) => w !== 'patch PostgresCluster/pg');
  assert.deepEqual(writes, [
    'patch PersistentVolumeClaim/data-pg-0',
    'patch PersistentVolumeClaim/data-pg-1',
    'delete StatefulSet/pg',
    'create StatefulSet/pg',
  ]);
  assert.equal(
    f.writes.slice(before).filter((w) => w.verb !== 'event').length,
    0,
    'steady state: no writes',
  );
});

void test('the status shows phase Expanding, Progressing, not Degraded', () => {
  const s = buildClusterStatus(
    cluster('2Gi'),
    [],
    { reason: EXPANDING, message: 'growing' },
    '2026-01-01T00:00:00Z',
  );
  assert.equal(s.phase, 'Expanding');
  const status = (t: string) => s.conditions.find((c) => c.type === t)?.status;
  assert.deepEqual(
    [status('Ready'), status('Progressing'), status('Degraded')],
    ['False', 'True', 'False'],
  );
  const refused = buildClusterStatus(
    cluster('2Gi'),
    [],
    { reason: EXPANSION_NOT_ALLOWED, message: 'no' },
    '2026-01-01T00:00:00Z',
  );
  assert.equal(refused.phase, 'Invalid');
});
