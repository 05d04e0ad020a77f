// Storage end to end: default class, WaitForFirstConsumer and Immediate provisioning, binding,
// protection, attach/detach (Multi-Attach, unmount wait, force detach, out-of-service) and
// expansion. Nodes are fake Node objects (lease heartbeats from the test); the test plays the
// kubelet's part (volumesInUse, the node expansion step).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../src/sandbox/apiserver/types.ts';
import { ApiError } from '../../src/sandbox/apiserver/errors.ts';
import { COMPRESSED_TIMINGS } from '../../src/sandbox/config.ts';
import { EventRecorder } from '../../src/sandbox/controllers/events.ts';
import { LocalClient, R } from '../../src/sandbox/controllers/local-client.ts';
import type { Claim, Volume } from '../../src/sandbox/controllers/storage/objects.ts';
import {
  completeNodeExpansion,
  localClaimAccess,
} from '../../src/sandbox/controllers/storage/resizer.ts';
import { uniqueVolumeName, volumeDir } from '../../src/sandbox/storage/paths.ts';
import { kubectl } from '../support/kubectl.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import {
  claimObj,
  eventsFor,
  fakeNode,
  pinnedPod,
  setVolumesInUse,
  waitFor,
} from './storage-support.ts';

let ts: TestSandbox;
let client: LocalClient;
const heartbeats: { stop(): void }[] = [];
const [A, B, C] = ['storage-a', 'storage-b', 'storage-c'];

before(async () => {
  ts = await startTestSandbox({ nodes: 3, timings: COMPRESSED_TIMINGS });
  client = new LocalClient(ts.sandbox.core, 'storage-test');
  heartbeats.push(fakeNode(client, A, true), fakeNode(client, B, true), fakeNode(client, C, false));
  client.create(R.storageclasses, {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'fixed' },
    provisioner: 'sandbox.csi.steward.dev',
    volumeBindingMode: 'Immediate',
  });
  client.create(R.storageclasses, {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'fast' },
    provisioner: 'sandbox.csi.steward.dev',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
  });
});

after(async () => {
  for (const h of heartbeats) h.stop();
  await ts.stop();
});

const getClaim = (name: string): Claim | undefined => client.get<Claim>(R.pvcs, 'default', name);
const boundClaim = (name: string): Promise<Claim> =>
  waitFor(`${name} Bound`, () =>
    getClaim(name)?.status?.phase === 'Bound' ? getClaim(name) : undefined,
  );
const attachments = (pv: string, node?: string): KubeObject[] =>
  client.list(R.volumeattachments).filter((va) => {
    const spec = va.spec as { nodeName: string; source: { persistentVolumeName: string } };
    return (
      spec.source.persistentVolumeName === pv &&
      (!node || spec.nodeName === node) &&
      !va.metadata.deletionTimestamp
    );
  });
const attachedTo = (pv: string, node: string): boolean =>
  attachments(pv, node).some(
    (va) => (va.status as { attached?: boolean } | undefined)?.attached === true,
  );
const deletePod = (name: string): void =>
  client.delete(R.pods, 'default', name, { gracePeriodSeconds: 0 });

test('the default StorageClass standard is created', () => {
  const sc = client.get(R.storageclasses, undefined, 'standard');
  assert.equal(sc?.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'], 'true');
  assert.equal(sc?.provisioner, 'sandbox.csi.steward.dev');
  assert.equal(sc?.volumeBindingMode, 'WaitForFirstConsumer');
  assert.equal(sc?.allowVolumeExpansion, true);
  assert.equal(sc?.reclaimPolicy, 'Delete');
});

test('WaitForFirstConsumer: Pending until a node is selected, then provisioned and bound', async () => {
  client.create(R.pvcs, claimObj('wffc', '1Gi'));
  await waitFor(
    'WaitForFirstConsumer event',
    () => eventsFor(client, 'wffc', 'WaitForFirstConsumer')[0],
  );
  assert.equal(getClaim('wffc')?.status?.phase, 'Pending');
  assert.deepEqual(getClaim('wffc')?.metadata.finalizers, ['kubernetes.io/pvc-protection']);
  client.mutate(R.pvcs, 'default', 'wffc', (c) => {
    c.metadata.annotations = { ...c.metadata.annotations, 'volume.kubernetes.io/selected-node': A };
  });
  const claim = await boundClaim('wffc');
  const pvName = `pvc-${claim.metadata.uid ?? ''}`;
  assert.equal(claim.spec.volumeName, pvName);
  assert.equal(claim.metadata.annotations?.['pv.kubernetes.io/bind-completed'], 'yes');
  assert.equal(claim.metadata.annotations?.['pv.kubernetes.io/bound-by-controller'], 'yes');
  assert.equal(
    claim.metadata.annotations?.['volume.kubernetes.io/storage-provisioner'],
    'sandbox.csi.steward.dev',
  );
  assert.deepEqual(claim.status?.capacity, { storage: '1Gi' });
  assert.deepEqual(claim.status?.accessModes, ['ReadWriteOnce']);
  const pv = await waitFor('PV Bound', () => {
    const v = client.get<Volume>(R.pvs, undefined, pvName);
    return v?.status?.phase === 'Bound' ? v : undefined;
  });
  assert.equal(
    pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by'],
    'sandbox.csi.steward.dev',
  );
  assert.deepEqual(
    pv.spec.csi && { driver: pv.spec.csi.driver, volumeHandle: pv.spec.csi.volumeHandle },
    { driver: 'sandbox.csi.steward.dev', volumeHandle: pvName },
  );
  assert.equal(pv.spec.persistentVolumeReclaimPolicy, 'Delete');
  assert.equal(pv.spec.claimRef?.uid, claim.metadata.uid);
  assert.ok(pv.metadata.finalizers?.includes('kubernetes.io/pv-protection'));
  assert.ok(existsSync(volumeDir(ts.dir, pvName)));
  for (const reason of ['ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded'])
    assert.ok(eventsFor(client, 'wffc', reason).length > 0, reason);
  assert.equal(
    eventsFor(client, 'wffc', 'ProvisioningSucceeded')[0]?.message,
    `Successfully provisioned volume ${pvName}`,
  );
});

test('Immediate binding provisions without a consumer', async () => {
  client.create(R.pvcs, claimObj('now', '1Gi', 'fixed'));
  await boundClaim('now');
});

test('RWO: attach, Multi-Attach refusal, detach after unmount', async () => {
  const pv = getClaim('wffc')?.spec.volumeName ?? '';
  const unique = uniqueVolumeName(pv);
  client.create(R.pods, pinnedPod('p1', A, 'wffc'));
  await waitFor('attached to A', () => attachedTo(pv, A));
  await waitFor('volumesAttached on A', () =>
    JSON.stringify(client.get(R.nodes, undefined, A)?.status).includes(unique),
  );
  await waitFor(
    'SuccessfulAttachVolume',
    () => eventsFor(client, 'p1', 'SuccessfulAttachVolume')[0],
  );
  setVolumesInUse(client, A, [unique]);
  client.create(R.pods, pinnedPod('p2', B, 'wffc'));
  const ev = await waitFor(
    'Multi-Attach event',
    () => eventsFor(client, 'p2', 'FailedAttachVolume')[0],
  );
  assert.equal(ev.type, 'Warning');
  assert.equal(
    ev.message,
    `Multi-Attach error for volume "${pv}" Volume is already used by pod(s) p1`,
  );
  assert.equal(attachments(pv, B).length, 0);
  deletePod('p2');
  deletePod('p1');
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(attachedTo(pv, A), 'still mounted on a Ready node: no detach');
  setVolumesInUse(client, A, []);
  await waitFor(
    'detached from A',
    () => attachments(pv).length === 0 && client.list(R.volumeattachments).length === 0,
  );
  assert.ok(!JSON.stringify(client.get(R.nodes, undefined, A)?.status).includes(unique));
});

test('a not-Ready node is force-detached after maxWaitForUnmount; out-of-service detaches at once', async () => {
  const pv = getClaim('wffc')?.spec.volumeName ?? '';
  client.create(R.pods, pinnedPod('p3', C, 'wffc'));
  await waitFor('attached to C', () => attachedTo(pv, C));
  setVolumesInUse(client, C, [uniqueVolumeName(pv)]);
  deletePod('p3');
  const start = Date.now();
  await waitFor(
    'force detach',
    () => attachments(pv).length === 0,
    COMPRESSED_TIMINGS.maxWaitForUnmountMs + 5_000,
  );
  assert.ok(
    Date.now() - start >= COMPRESSED_TIMINGS.maxWaitForUnmountMs - 500,
    'waited for maxWaitForUnmount',
  );
  client.create(R.pods, pinnedPod('p4', C, 'wffc'));
  await waitFor('attached to C again', () => attachedTo(pv, C));
  client.mutate(R.nodes, undefined, C, (n) => {
    n.spec = {
      ...(n.spec as object),
      taints: [
        { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' },
      ],
    };
  });
  deletePod('p4');
  const t = Date.now();
  await waitFor('out-of-service detach', () => attachments(pv).length === 0, 3_000);
  assert.ok(Date.now() - t < 3_000);
});

test('expansion: conditions, PV capacity, node step; shrink and non-expandable classes refused', async () => {
  client.create(R.pvcs, claimObj('grow', '1Gi', 'fast'));
  await boundClaim('grow');
  client.mutate(R.pvcs, 'default', 'grow', (c) => {
    (c.spec as Claim['spec']).resources = { requests: { storage: '2Gi' } };
  });
  const pending = await waitFor('FileSystemResizePending', () => {
    const c = getClaim('grow');
    return c?.status?.conditions?.some((x) => x.type === 'FileSystemResizePending') ? c : undefined;
  });
  assert.deepEqual(pending.status?.allocatedResources, { storage: '2Gi' });
  assert.deepEqual(pending.status?.allocatedResourceStatuses, { storage: 'NodeResizePending' });
  assert.deepEqual(pending.status?.capacity, { storage: '1Gi' });
  assert.equal(
    client.get<Volume>(R.pvs, undefined, pending.spec.volumeName ?? '')?.spec.capacity?.storage,
    '2Gi',
  );
  for (const reason of ['ExternalExpanding', 'Resizing', 'FileSystemResizeRequired'])
    assert.ok(eventsFor(client, 'grow', reason).length > 0, reason);
  const kubelet = new EventRecorder(client, { component: 'kubelet', host: A }, () => new Date());
  assert.equal(
    await completeNodeExpansion(localClaimAccess(client, kubelet), 'default/grow', { nodeName: A }),
    'resized',
  );
  const done = getClaim('grow');
  assert.deepEqual(done?.status?.capacity, { storage: '2Gi' });
  assert.equal(done?.status?.conditions, undefined);
  assert.equal(done?.status?.allocatedResourceStatuses, undefined);
  assert.ok(eventsFor(client, 'grow', 'FileSystemResizeSuccessful').length > 0);
  assert.throws(
    () =>
      client.mutate(
        R.pvcs,
        'default',
        'grow',
        (c) => ((c.spec as Claim['spec']).resources = { requests: { storage: '1Gi' } }),
      ),
    (e: unknown) =>
      e instanceof ApiError &&
      e.code === 422 &&
      /field can not be less than status.capacity/.test(e.message),
  );
  const res = await kubectl(ts.kubeconfig, [
    'patch',
    'pvc',
    'now',
    '-p',
    '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}',
  ]);
  assert.notEqual(res.code, 0);
  assert.match(
    res.stderr,
    /only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize/,
  );
});

test('protection and reclaim: the claim waits for its pod, then the PV and its data are deleted', async () => {
  const pv = getClaim('wffc')?.spec.volumeName ?? '';
  client.create(R.pods, pinnedPod('p5', A, 'wffc'));
  client.delete(R.pvcs, 'default', 'wffc');
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(getClaim('wffc')?.metadata.deletionTimestamp, 'Terminating while p5 uses it');
  deletePod('p5');
  await waitFor('claim gone', () => !getClaim('wffc'));
  await waitFor('PV deleted', () => !client.get(R.pvs, undefined, pv));
  assert.ok(!existsSync(volumeDir(ts.dir, pv)));
});
