// End to end against real kubelets: a StatefulSet of busybox pods writing their hostname into their
// PVC — ordered creation and scale-down, stable identity and data across deletion and rescheduling,
// rolling update with partition, OnDelete, PVC retention policy and `kubectl rollout status`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMPRESSED_TIMINGS } from '../../src/sandbox/config.ts';
import { R } from '../../src/sandbox/controllers/local-client.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import {
  busyboxStatefulSet,
  E2E,
  headlessService,
  isReady,
  waitFor,
  type Obj,
} from './e2e-support.ts';

const SCRIPT = 'echo "$HOSTNAME" >> /data/hosts; trap "exit 0" TERM; while :; do sleep 1; done';
const REV = 'controller-revision-hash';

let sb: TestSandbox;
let k: E2E;
// Milliseconds (test clock) at which each pod was first seen, became Ready, and was deleted.
const added = new Map<string, number>();
const readyAt = new Map<string, number>();
const deletingAt = new Map<string, number>();
const goneAt = new Map<string, number>();
let unwatch: () => void = () => undefined;

const sts = (): Obj => k.get(R.statefulsets, 'web');
const revOf = (name: string): string | undefined => k.pod(name)?.metadata.labels?.[REV];

before(async () => {
  sb = await startTestSandbox({ nodes: 3, timings: COMPRESSED_TIMINGS });
  k = new E2E(sb);
  unwatch = k.client.watch(R.pods, (type, obj: Obj) => {
    const name = String(obj.metadata.name);
    const now = performance.now();
    if (type === 'ADDED') added.set(name, now);
    if (isReady(obj) && !readyAt.has(name)) readyAt.set(name, now);
    if (type === 'DELETED') goneAt.set(name, now);
    if ((type === 'DELETED' || obj.metadata.deletionTimestamp) && !deletingAt.has(name))
      deletingAt.set(name, now);
  });
});

after(async () => {
  unwatch();
  await sb.stop();
});

describe('StatefulSet on real kubelets', () => {
  it('creates pods in order: each only after its predecessor is Ready', async () => {
    await k.apply(headlessService('web'), busyboxStatefulSet('web', 3, { script: SCRIPT }));
    for (const n of ['web-0', 'web-1', 'web-2']) await k.waitReady(n, 60_000);
    for (const [prev, next] of [
      ['web-0', 'web-1'],
      ['web-1', 'web-2'],
    ] as const) {
      const r = readyAt.get(prev) ?? Infinity;
      const a = added.get(next) ?? -Infinity;
      assert.ok(a >= r, `${next} created ${String(r - a)} ms before ${prev} was Ready`);
    }
    for (const n of ['web-0', 'web-1', 'web-2']) {
      assert.equal((await k.exec(n, ['cat', '/data/hosts'])).trim(), n);
      assert.ok(k.get(R.pvcs, `data-${n}`), `PVC data-${n}`);
    }
    await waitFor('status.readyReplicas 3', () => sts()?.status?.readyReplicas === 3);
    const s = sts();
    assert.equal(s.status.availableReplicas, 3);
    assert.equal(s.status.currentRevision, s.status.updateRevision);
    assert.equal(s.status.observedGeneration, s.metadata.generation);
  });

  it('kubectl rollout status returns 0 once rolled out', async () => {
    const r = await k.kubectl(['rollout', 'status', 'sts/web', '--timeout=30s']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /roll out complete|partitioned roll out complete/);
  });

  it('a deleted pod comes back with the same name, PVC and data', async () => {
    const old = k.pod('web-1');
    const pv = String(k.get(R.pvcs, 'data-web-1').spec.volumeName);
    await k.ok(['delete', 'pod', 'web-1', '--wait=false']);
    const p = await k.waitReady('web-1', 60_000, (x) => x.metadata.uid !== old.metadata.uid);
    const vol = p.spec.volumes.find((v: Obj) => v.name === 'data');
    assert.equal(vol.persistentVolumeClaim.claimName, 'data-web-1');
    assert.equal(k.get(R.pvcs, 'data-web-1').spec.volumeName, pv);
    // Two lines: the first incarnation's and this one's.
    const lines = (await k.exec('web-1', ['cat', '/data/hosts'])).trim().split('\n');
    assert.deepEqual(lines, ['web-1', 'web-1']);
  });

  it('cordon + delete: rescheduled to another node, the same volume re-attached with its data', async () => {
    const old = k.pod('web-0');
    const from = String(old.spec.nodeName);
    const pvBefore = k.get(R.pvcs, 'data-web-0').spec.volumeName;
    await k.ok(['cordon', from]);
    try {
      await k.ok(['delete', 'pod', 'web-0', '--wait=false']);
      const p = await k.waitReady('web-0', 60_000, (x) => x.metadata.uid !== old.metadata.uid);
      assert.notEqual(p.spec.nodeName, from);
      assert.equal(k.get(R.pvcs, 'data-web-0').spec.volumeName, pvBefore);
      const lines = (await k.exec('web-0', ['cat', '/data/hosts'])).trim().split('\n');
      assert.deepEqual(lines, ['web-0', 'web-0']);
      const va = k
        .listAll(R.volumeattachments)
        .filter((v: Obj) => v.spec.source.persistentVolumeName === pvBefore);
      assert.ok(
        va.some((v: Obj) => v.spec.nodeName === p.spec.nodeName && v.status?.attached),
        'attached to the new node',
      );
    } finally {
      await k.ok(['uncordon', from]);
    }
  });

  it('rolling update with partition updates only ordinals ≥ partition', async () => {
    const oldRev = String(sts().status.currentRevision);
    await k.ok(['patch', 'sts', 'web', '--type=merge', '-p', partitionPatch(2, 'v2')]);
    const newRev = await waitFor('new update revision', () => {
      const r = sts().status.updateRevision;
      return r !== oldRev && r;
    });
    await waitFor(
      'web-2 updated and Ready',
      () => revOf('web-2') === newRev && isReady(k.pod('web-2')),
      60_000,
    );
    await waitFor('status.updatedReplicas 1', () => sts().status.updatedReplicas === 1);
    assert.equal(revOf('web-0'), oldRev);
    assert.equal(revOf('web-1'), oldRev);
    const r = await k.kubectl(['rollout', 'status', 'sts/web', '--timeout=30s']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /partitioned roll out complete: 1 new pods have been updated/);
    await k.ok(['patch', 'sts', 'web', '--type=merge', '-p', partitionPatch(0, 'v2')]);
    const done = await k.kubectl(['rollout', 'status', 'sts/web', '--timeout=60s'], {
      timeoutMs: 70_000,
    });
    assert.equal(done.code, 0, done.stderr);
    for (const n of ['web-0', 'web-1', 'web-2']) assert.equal(revOf(n), newRev, n);
    assert.equal(sts().status.currentRevision, newRev);
  });

  it('OnDelete: a template change reaches a pod only when it is deleted', async () => {
    const patch = {
      spec: {
        updateStrategy: { type: 'OnDelete', rollingUpdate: null },
        template: { metadata: { annotations: { version: 'v3' } } },
      },
    };
    const oldRev = String(sts().status.updateRevision);
    await k.ok(['patch', 'sts', 'web', '--type=merge', '-p', JSON.stringify(patch)]);
    const newRev = await waitFor('OnDelete update revision', () => {
      const s = sts();
      return (
        s.status.observedGeneration === s.metadata.generation &&
        s.status.updateRevision !== oldRev &&
        s.status.updateRevision
      );
    });
    // Give the controller several sync rounds to (wrongly) replace pods.
    await new Promise((r) => setTimeout(r, 2000));
    for (const n of ['web-0', 'web-1', 'web-2']) assert.equal(revOf(n), oldRev, n);
    const uid = k.pod('web-1').metadata.uid;
    await k.ok(['delete', 'pod', 'web-1', '--wait=false']);
    await k.waitReady('web-1', 60_000, (p) => p.metadata.uid !== uid);
    assert.equal(revOf('web-1'), newRev);
    assert.equal(revOf('web-0'), oldRev);
    assert.equal(revOf('web-2'), oldRev);
  });

  it('scales down highest ordinal first; PVCs retained by default', async () => {
    deletingAt.clear();
    await k.ok(['scale', 'sts', 'web', '--replicas=1']);
    await waitFor('web-1 and web-2 gone', () => !k.pod('web-1') && !k.pod('web-2'), 60_000);
    const gone2 = goneAt.get('web-2') ?? Infinity;
    const d1 = deletingAt.get('web-1') ?? -Infinity;
    assert.ok(gone2 <= d1, 'web-1 must be deleted only after web-2 is gone');
    assert.ok(k.pod('web-0'));
    assert.ok(k.get(R.pvcs, 'data-web-1') && k.get(R.pvcs, 'data-web-2'), 'Retain keeps PVCs');
  });

  it('retention policy whenScaled: Delete removes PVCs of scaled-down ordinals', async () => {
    await k.ok(['scale', 'sts', 'web', '--replicas=3']);
    await k.waitReady('web-2', 60_000);
    // The reused PVC still holds the first incarnation's line.
    assert.deepEqual(
      (await k.exec('web-2', ['cat', '/data/hosts'])).trim().split('\n').length > 1,
      true,
    );
    const patch = {
      spec: {
        persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Delete' },
      },
    };
    await k.ok(['patch', 'sts', 'web', '--type=merge', '-p', JSON.stringify(patch)]);
    await k.ok(['scale', 'sts', 'web', '--replicas=2']);
    await waitFor(
      'data-web-2 deleted',
      () => !k.pod('web-2') && !k.get(R.pvcs, 'data-web-2'),
      60_000,
    );
    assert.ok(k.get(R.pvcs, 'data-web-0') && k.get(R.pvcs, 'data-web-1'));
  });

  it('retention policy whenDeleted: Delete removes every PVC with the StatefulSet', async () => {
    await k.ok(['delete', 'sts', 'web', '--wait=false']);
    await waitFor(
      'pods and PVCs gone',
      () =>
        !k.list(R.pods).some((p: Obj) => p.metadata.name.startsWith('web-')) &&
        !k.list(R.pvcs).some((p: Obj) => p.metadata.name.startsWith('data-web-')),
      60_000,
    );
  });
});

function partitionPatch(partition: number, version: string): string {
  return JSON.stringify({
    spec: {
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } },
      template: { metadata: { annotations: { version } } },
    },
  });
}
