// Against a real API server (the sandbox or a cluster): set STEWARD_TEST_KUBECONFIG to run.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { realClock } from '../lib/clock.ts';
import { loadKubeConfig, makeClients, type KubeClients } from './config.ts';
import { leaseLockContract } from './lease-lock-contract.ts';
import { KubeLeaseLock } from './lease-lock-kube.ts';
import { LeaderElector } from './leader-elector.ts';
import { Informer } from './informer.ts';
import { clientNodeListWatch } from './list-watch.ts';

const kubeconfigPath = process.env.STEWARD_TEST_KUBECONFIG;
const namespace = process.env.STEWARD_TEST_NAMESPACE ?? 'default';
const skip = !kubeconfigPath;
const clients: KubeClients | null = kubeconfigPath
  ? makeClients(loadKubeConfig({ kubeconfigPath }))
  : null;
const leases: string[] = [];

function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

async function waitUntil(pred: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

function newLock(name = uniqueName('steward-it-lease')): KubeLeaseLock {
  leases.push(name);
  return new KubeLeaseLock(clients!.coordination, namespace, name);
}

after(async () => {
  if (!clients) return;
  for (const name of leases)
    await clients.coordination.deleteNamespacedLease({ name, namespace }).catch(() => undefined);
});

leaseLockContract(
  'KubeLeaseLock (API server)',
  () => {
    const name = uniqueName('steward-it-lease');
    return Promise.resolve([newLock(name), newLock(name)]);
  },
  { skip },
);

void test(
  'API server: two electors over a real Lease, failover after the leader stops',
  { skip },
  async () => {
    const name = uniqueName('steward-it-elect');
    const started: string[] = [];
    const mk = (id: string, ctl: AbortController): Promise<void> =>
      new LeaderElector({
        lock: newLock(name),
        identity: id,
        clock: realClock,
        leaseDurationMs: 2_000,
        renewDeadlineMs: 1_500,
        retryPeriodMs: 300,
        releaseOnCancel: false,
        callbacks: { onStartedLeading: () => started.push(id), onStoppedLeading: () => undefined },
      }).run(ctl.signal);
    const ca = new AbortController();
    const cb = new AbortController();
    const ra = mk('a', ca);
    await new Promise((r) => setTimeout(r, 500));
    const rb = mk('b', cb);
    await new Promise((r) => setTimeout(r, 1_000));
    assert.deepEqual(started, ['a']);
    ca.abort();
    await ra;
    const deadline = Date.now() + 8_000;
    while (started.length < 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(started, ['a', 'b']);
    const lease = await clients!.coordination.readNamespacedLease({ name, namespace });
    assert.equal(lease.spec?.holderIdentity, 'b');
    assert.equal(lease.spec?.leaseTransitions, 1);
    cb.abort();
    await rb;
  },
);

void test(
  'API server: published annotations survive renewals and a hand-over to the standby',
  { skip },
  async () => {
    const name = uniqueName('steward-it-handover');
    const started: string[] = [];
    const mk = (id: string): LeaderElector =>
      new LeaderElector({
        lock: newLock(name),
        identity: id,
        clock: realClock,
        leaseDurationMs: 2_000,
        renewDeadlineMs: 1_500,
        retryPeriodMs: 300,
        callbacks: { onStartedLeading: () => started.push(id), onStoppedLeading: () => undefined },
      });
    const [a, b] = [mk('a'), mk('b')];
    const ctl = new AbortController();
    const ra = a.run(ctl.signal);
    await waitUntil(() => a.isLeader(), 3_000);
    const rb = b.run(ctl.signal);
    assert.ok(a.isLeader());
    assert.equal(await a.publishAnnotations({ 'steward.io/role': 'primary' }), true);
    await new Promise((r) => setTimeout(r, 1_000));
    const read = () => clients!.coordination.readNamespacedLease({ name, namespace });
    assert.deepEqual((await read()).metadata?.annotations, { 'steward.io/role': 'primary' });
    assert.equal(await a.handOver('b'), true);
    await ra;
    await waitUntil(() => b.isLeader(), 3_000);
    assert.deepEqual(started, ['a', 'b']);
    await new Promise((r) => setTimeout(r, 700));
    const lease = await read();
    assert.equal(lease.spec?.holderIdentity, 'b');
    assert.equal(lease.spec?.leaseTransitions, 1);
    assert.deepEqual(lease.metadata?.annotations, { 'steward.io/role': 'primary' });
    assert.deepEqual(b.observedAnnotations(), { 'steward.io/role': 'primary' });
    ctl.abort();
    await rb;
  },
);

void test(
  'API server: informer over ConfigMaps sees add, update and delete',
  { skip },
  async () => {
    const c = clients!;
    const label = uniqueName('it');
    const inf = new Informer<V1ConfigMap>({
      clock: realClock,
      listWatch: clientNodeListWatch(c.kc, {
        path: `/api/v1/namespaces/${namespace}/configmaps`,
        list: () =>
          c.core.listNamespacedConfigMap({ namespace, labelSelector: `steward-it=${label}` }),
        labelSelector: `steward-it=${label}`,
      }),
    });
    const seen: string[] = [];
    inf.addHandlers({
      onAdd: (o) => seen.push(`add ${o.data?.k}`),
      onUpdate: (_old, o) => seen.push(`update ${o.data?.k}`),
      onDelete: () => seen.push('delete'),
    });
    inf.start();
    await inf.waitForSync(AbortSignal.timeout(5_000));
    const name = uniqueName('steward-it-cm');
    const metadata = { name, namespace, labels: { 'steward-it': label } };
    await c.core.createNamespacedConfigMap({ namespace, body: { metadata, data: { k: '1' } } });
    await c.core.replaceNamespacedConfigMap({
      name,
      namespace,
      body: { metadata, data: { k: '2' } },
    });
    await c.core.deleteNamespacedConfigMap({ name, namespace });
    const deadline = Date.now() + 5_000;
    while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await inf.stop();
    assert.deepEqual(seen, ['add 1', 'update 2', 'delete']);
    assert.equal(inf.get(namespace, name), undefined);
  },
);
