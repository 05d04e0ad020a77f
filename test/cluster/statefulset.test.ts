// End to end: the StatefulSet controller against the sandbox API server and the real kubectl,
// with a fake kubelet standing in for nodes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../src/sandbox/apiserver/types.ts';
import { R } from '../../src/sandbox/controllers/local-client.ts';
import { startStatefulSetController } from '../../src/sandbox/controllers/statefulset/component.ts';
import type { StatefulSet } from '../../src/sandbox/controllers/statefulset/types.ts';
import { kubectl, kubectlOk } from '../support/kubectl.ts';
import {
  names,
  sleep,
  startWorkloadHarness,
  waitFor,
  type WorkloadHarness,
} from './workload-support.ts';

let h: WorkloadHarness;
before(async () => {
  h = await startWorkloadHarness([startStatefulSetController], { auto: false });
});
after(async () => {
  await h.stop();
});

function manifest(name: string, extra: Record<string, unknown> = {}, image = 'busybox:1'): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 3,
      serviceName: name,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image }] },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      ...extra,
    },
  });
}

const pods = (app: string): KubeObject[] =>
  h.client.list(R.pods, 'default', { matchLabels: { app } });
const pod = (name: string): KubeObject | undefined => h.client.get(R.pods, 'default', name);
const sts = (name: string): StatefulSet | undefined =>
  h.client.get<StatefulSet>(R.statefulsets, 'default', name);
const claim = (name: string): KubeObject | undefined => h.client.get(R.pvcs, 'default', name);
const revisionOf = (name: string): string =>
  pod(name)?.metadata.labels?.['controller-revision-hash'] ?? '';
const runAll = (app: string): void => {
  for (const p of pods(app))
    if ((p.status as { phase?: string }).phase === 'Pending')
      h.kubelet.run('default', p.metadata.name ?? '');
};
async function settle(app: string, n: number): Promise<void> {
  await waitFor(`${app} to have ${String(n)} ready pods`, () => {
    runAll(app);
    const s = sts(app)?.status;
    return (
      s?.readyReplicas === n &&
      s.replicas === n &&
      s.observedGeneration === sts(app)?.metadata.generation
    );
  });
}

test('ordered creation: claim before pod, one pod at a time, identity and events', async () => {
  await kubectlOk(h.ts.kubeconfig, ['apply', '-f', '-'], { input: manifest('web') });
  await waitFor('web-0', () => pod('web-0'));
  assert.ok(claim('data-web-0'), 'the claim exists once the pod does');
  await sleep(300);
  assert.deepEqual(names(pods('web')), ['web-0'], 'web-1 waits for web-0');
  h.kubelet.run('default', 'web-0', false);
  await sleep(200);
  assert.equal(pod('web-1'), undefined, 'a Running but unready pod blocks');
  h.kubelet.setReady('default', 'web-0', true);
  await waitFor('web-1', () => pod('web-1'));
  assert.equal(pod('web-2'), undefined);
  h.kubelet.run('default', 'web-1');
  await waitFor('web-2', () => pod('web-2'));
  h.kubelet.run('default', 'web-2');
  await settle('web', 3);

  const p0 = pod('web-0')!;
  const spec = p0.spec as {
    hostname?: string;
    subdomain?: string;
    volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  };
  assert.equal(spec.hostname, 'web-0');
  assert.equal(spec.subdomain, 'web');
  assert.deepEqual(spec.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim, {
    claimName: 'data-web-0',
  });
  assert.equal(p0.metadata.labels?.['statefulset.kubernetes.io/pod-name'], 'web-0');
  assert.equal(p0.metadata.labels?.['apps.kubernetes.io/pod-index'], '0');
  const s = sts('web')!;
  assert.equal(revisionOf('web-0'), s.status?.updateRevision);
  assert.equal(s.status?.currentRevision, s.status?.updateRevision);
  assert.deepEqual(
    p0.metadata.ownerReferences?.map((r) => [r.kind, r.name, r.controller, r.blockOwnerDeletion]),
    [['StatefulSet', 'web', true, true]],
  );
  const revs = h.client.list(R.controllerrevisions, 'default', { matchLabels: { app: 'web' } });
  assert.equal(revs.length, 1);
  assert.equal(revs[0]?.metadata.name, s.status?.updateRevision);

  const events = await kubectlOk(h.ts.kubeconfig, [
    'get',
    'events',
    '--field-selector',
    'involvedObject.name=web',
    '-o',
    'jsonpath={range .items[*]}{.reason}:{.message}{"\\n"}{end}',
  ]);
  assert.match(
    events,
    /SuccessfulCreate:create Claim data-web-0 Pod web-0 in StatefulSet web success/,
  );
  assert.match(events, /SuccessfulCreate:create Pod web-2 in StatefulSet web successful/);
  const out = await kubectlOk(h.ts.kubeconfig, ['rollout', 'status', 'sts/web', '--timeout=10s']);
  assert.match(
    out,
    /partitioned roll out complete: 3 new pods have been updated|statefulset rolling update complete 3 pods at revision/,
  );
});

test('a deleted pod comes back with the same identity and the same claim', async () => {
  const uid = claim('data-web-1')?.metadata.uid;
  const oldPod = pod('web-1')?.metadata.uid;
  await kubectlOk(h.ts.kubeconfig, ['delete', 'pod', 'web-1', '--wait=false']);
  // The fake kubelet confirms the graceful deletion; the controller recreates web-1.
  h.kubelet.start();
  await waitFor('a new web-1', () => pod('web-1')?.metadata.uid !== oldPod && pod('web-1'));
  h.kubelet.stop();
  assert.equal(claim('data-web-1')?.metadata.uid, uid);
  await settle('web', 3);
});

test('scale down removes the highest ordinal first, one at a time; claims are kept', async () => {
  const deleted: string[] = [];
  const unwatch = h.client.watch(R.pods, (type, obj) => {
    if (type === 'DELETED') deleted.push(obj.metadata.name ?? '');
  });
  await kubectlOk(h.ts.kubeconfig, ['scale', 'sts/web', '--replicas=1']);
  await waitFor('web-2 terminating', () => pod('web-2')?.metadata.deletionTimestamp);
  await sleep(200);
  assert.equal(
    pod('web-1')?.metadata.deletionTimestamp,
    undefined,
    'web-1 waits until web-2 is gone',
  );
  h.kubelet.start();
  await waitFor('one pod left', () => names(pods('web')).join() === 'web-0');
  h.kubelet.stop();
  unwatch();
  assert.deepEqual(deleted, ['web-2', 'web-1']);
  assert.ok(claim('data-web-1') && claim('data-web-2'), 'Retain keeps the claims');
  await settle('web', 1);
  await kubectlOk(h.ts.kubeconfig, ['scale', 'sts/web', '--replicas=3']);
  await settle('web', 3);
  assert.equal(claim('data-web-2')?.metadata.deletionTimestamp, undefined);
});

test('rolling update with a partition, then to the end; rollout status follows', async () => {
  const oldRev = sts('web')!.status!.currentRevision!;
  await kubectlOk(h.ts.kubeconfig, [
    'patch',
    'sts/web',
    '-p',
    '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}},"template":{"spec":{"containers":[{"name":"c","image":"busybox:2"}]}}}}',
  ]);
  h.kubelet.start(true);
  const newRev = await waitFor('web-2 updated', () => {
    const r = sts('web')?.status?.updateRevision;
    return r && r !== oldRev && revisionOf('web-2') === r && r;
  });
  await settle('web', 3);
  assert.equal(revisionOf('web-1'), oldRev);
  assert.equal(revisionOf('web-0'), oldRev);
  let s = sts('web')!.status!;
  assert.equal(s.currentRevision, oldRev);
  assert.equal(s.updatedReplicas, 1);
  assert.equal(s.currentReplicas, 2);
  const partial = await kubectlOk(h.ts.kubeconfig, [
    'rollout',
    'status',
    'sts/web',
    '--timeout=10s',
  ]);
  assert.match(partial, /partitioned roll out complete: 1 new pods have been updated/);

  await kubectlOk(h.ts.kubeconfig, [
    'patch',
    'sts/web',
    '-p',
    '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}',
  ]);
  const done = await kubectlOk(h.ts.kubeconfig, ['rollout', 'status', 'sts/web', '--timeout=15s']);
  // kubectl takes the partitioned path whenever rollingUpdate.partition is set (it is defaulted to 0).
  assert.match(done, /partitioned roll out complete: 3 new pods have been updated/);
  h.kubelet.stop();
  s = sts('web')!.status!;
  assert.equal(s.currentRevision, newRev);
  assert.equal(s.updatedReplicas, 3);
  assert.equal(
    h.client.list(R.controllerrevisions, 'default', { matchLabels: { app: 'web' } }).length,
    2,
  );
});

test('OnDelete replaces pods only when they are deleted', async () => {
  await kubectlOk(h.ts.kubeconfig, ['apply', '-f', '-'], {
    input: manifest('ond', { replicas: 2, updateStrategy: { type: 'OnDelete' } }),
  });
  h.kubelet.start(true);
  await settle('ond', 2);
  const oldRev = revisionOf('ond-0');
  await kubectlOk(h.ts.kubeconfig, ['apply', '-f', '-'], {
    input: manifest('ond', { replicas: 2, updateStrategy: { type: 'OnDelete' } }, 'busybox:2'),
  });
  await waitFor('new update revision', () => sts('ond')?.status?.updateRevision !== oldRev);
  await sleep(300);
  assert.equal(revisionOf('ond-0'), oldRev);
  assert.equal(revisionOf('ond-1'), oldRev);
  await kubectlOk(h.ts.kubeconfig, ['delete', 'pod', 'ond-1']);
  await waitFor(
    'ond-1 at the new revision',
    () => revisionOf('ond-1') === sts('ond')?.status?.updateRevision,
  );
  assert.equal(revisionOf('ond-0'), oldRev);
  h.kubelet.stop();
});

test('retention policy: whenScaled Delete removes a scaled-down claim, whenDeleted Delete removes the rest', async () => {
  const policy = {
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' },
  };
  await kubectlOk(h.ts.kubeconfig, ['apply', '-f', '-'], {
    input: manifest('ret', { replicas: 2, ...policy }),
  });
  h.kubelet.start(true);
  await settle('ret', 2);
  assert.deepEqual(
    claim('data-ret-1')?.metadata.ownerReferences?.map((r) => `${r.kind}/${r.name}`),
    ['StatefulSet/ret'],
  );
  await kubectlOk(h.ts.kubeconfig, ['scale', 'sts/ret', '--replicas=1']);
  await waitFor('data-ret-1 gone', () => !claim('data-ret-1'));
  assert.ok(claim('data-ret-0'));
  const r = await kubectl(h.ts.kubeconfig, ['delete', 'sts', 'ret']);
  assert.equal(r.code, 0, r.stderr);
  await waitFor('data-ret-0 gone', () => !claim('data-ret-0'));
  h.kubelet.stop();
});
