// End to end against real kubelets: each node fault's effect on node status, pods and traffic —
// kill, start, freeze/thaw, partition/heal and terminate (compressed timings).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMPRESSED_TIMINGS } from '../../src/sandbox/config.ts';
import { R } from '../../src/sandbox/controllers/local-client.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import {
  containerPid,
  E2E,
  httpGet,
  isReady,
  nodeCondition,
  taintsOf,
  waitFor,
  type Obj,
} from './e2e-support.ts';

const T = COMPRESSED_TIMINGS;
const UNREACHABLE = [
  'node.kubernetes.io/unreachable:NoSchedule',
  'node.kubernetes.io/unreachable:NoExecute',
];
const SHUTDOWN = 'node.cloudprovider.kubernetes.io/shutdown:NoSchedule';
let sb: TestSandbox;
let k: E2E;

/** An echo-server pod placed on `node` by the scheduler. */
const echoPod = (name: string, node: string): object => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'echo' } },
  spec: {
    nodeSelector: { 'kubernetes.io/hostname': node },
    terminationGracePeriodSeconds: 1,
    containers: [{ name: 'echo', image: 'steward/echo-server:1' }],
  },
});

/** A one-replica StatefulSet preferring node-3. */
const statefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'db' },
  spec: {
    serviceName: 'db',
    replicas: 1,
    selector: { matchLabels: { app: 'db' } },
    template: {
      metadata: { labels: { app: 'db' } },
      spec: {
        terminationGracePeriodSeconds: 1,
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                weight: 100,
                preference: {
                  matchExpressions: [
                    { key: 'kubernetes.io/hostname', operator: 'In', values: ['node-3'] },
                  ],
                },
              },
            ],
          },
        },
        containers: [{ name: 'db', image: 'steward/echo-server:1' }],
      },
    },
  },
};

const nodeReady = (name: string): string | undefined => nodeCondition(k.node(name))?.status;
const podIp = (name: string): string => String(k.pod(name).status.podIP);
const answer = (pod: string): Promise<string> => httpGet(podIp(pod), 8080, 1500);

/** The state letter of a process (`/proc/<pid>/stat` field 3). */
function procState(pid: number): string {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '?';
}

/** Waits for Ready=Unknown with upstream's reason; returns the ms it took since `since`. */
async function waitUnknown(node: string, since: number): Promise<number> {
  await waitFor(`${node} Ready=Unknown`, () => nodeReady(node) === 'Unknown', 30_000);
  const cond = nodeCondition(k.node(node));
  assert.equal(cond.reason, 'NodeStatusUnknown');
  assert.equal(cond.message, 'Kubelet stopped posting node status.');
  return performance.now() - since;
}

const waitNodeReady = (node: string): Promise<unknown> =>
  waitFor(
    `${node} Ready`,
    () =>
      nodeReady(node) === 'True' &&
      !taintsOf(k.node(node)).some((t) => t.startsWith('node.kubernetes.io/')),
    30_000,
  );

before(async () => {
  sb = await startTestSandbox({ nodes: 3, timings: COMPRESSED_TIMINGS });
  k = new E2E(sb);
  await k.apply(
    echoPod('echo-1', 'node-1'),
    echoPod('echo-2', 'node-2'),
    echoPod('echo-3', 'node-3'),
    statefulSet,
  );
  for (const p of ['echo-1', 'echo-2', 'echo-3', 'db-0']) await k.waitReady(p, 60_000);
  for (const p of ['echo-1', 'echo-2', 'echo-3'])
    await waitFor(`${p} answers`, async () => (await answer(p)) === p);
});

after(() => sb.stop());

describe('node faults', () => {
  it('kill: Unknown after the grace period, unreachable taints, pods not ready, no traffic, shutdown taint', async () => {
    const t0 = performance.now();
    sb.sandbox.fault('node-1', 'kill');
    await waitFor(
      'echo-1 stops answering',
      async () => (await answer('echo-1')).startsWith('error:'),
      5000,
    );
    const took = await waitUnknown('node-1', t0);
    assert.ok(took >= T.nodeMonitorGracePeriodMs - 1500, `Unknown after ${String(took)} ms`);
    await waitFor('unreachable taints', () =>
      UNREACHABLE.every((t) => taintsOf(k.node('node-1')).includes(t)),
    );
    await waitFor('echo-1 not ready', () => !isReady(k.pod('echo-1')));
    await waitFor('cloud shutdown taint', () => taintsOf(k.node('node-1')).includes(SHUTDOWN));
    assert.equal(nodeReady('node-2'), 'True');
    assert.equal(await answer('echo-2'), 'echo-2');
  });

  it('start: a killed node comes back Ready and runs pods again', async () => {
    sb.sandbox.fault('node-1', 'start');
    await waitNodeReady('node-1');
    await waitFor('shutdown taint removed', () => !taintsOf(k.node('node-1')).includes(SHUTDOWN));
    await k.apply(echoPod('echo-1b', 'node-1'));
    const p = await k.waitReady('echo-1b', 30_000);
    assert.equal(p.spec.nodeName, 'node-1');
    await waitFor('echo-1b answers', async () => (await answer('echo-1b')) === 'echo-1b');
  });

  it('freeze/thaw: Unknown while frozen with processes stopped (T); thaw → Ready, no restarts', async () => {
    const before = k.pod('echo-2');
    const pid = containerPid(before);
    const kubeletPid = Number(readFileSync(join(sb.dir, 'nodes', 'node-2', 'kubelet.pid'), 'utf8'));
    const t0 = performance.now();
    sb.sandbox.fault('node-2', 'freeze');
    try {
      // SIGSTOP takes effect asynchronously: wait for state T (stopped) of both.
      await waitFor('container stopped', () => procState(pid) === 'T', 5000);
      await waitFor('kubelet stopped', () => procState(kubeletPid) === 'T', 5000);
      assert.equal(
        await answer('echo-2'),
        'error:TIMEOUT',
        'a frozen server accepts but never answers',
      );
      const took = await waitUnknown('node-2', t0);
      assert.ok(took >= T.nodeMonitorGracePeriodMs - 1500, `Unknown after ${String(took)} ms`);
      await waitFor('echo-2 not ready', () => !isReady(k.pod('echo-2')));
    } finally {
      sb.sandbox.fault('node-2', 'thaw');
    }
    assert.notEqual(procState(pid), 'T');
    await waitNodeReady('node-2');
    const p = await k.waitReady('echo-2', 30_000);
    assert.equal(p.metadata.uid, before.metadata.uid);
    assert.equal(p.status.containerStatuses[0].restartCount, 0);
    assert.equal(containerPid(p), pid, 'same process');
    assert.equal(await answer('echo-2'), 'echo-2');
  });

  it('partition/heal: Unknown, but its pods keep serving traffic; heal → Ready', async () => {
    const t0 = performance.now();
    sb.sandbox.fault('node-3', 'partition');
    try {
      await waitUnknown('node-3', t0);
      await waitFor('echo-3 not ready', () => !isReady(k.pod('echo-3')));
      for (let i = 0; i < 5; i++) assert.equal(await answer('echo-3'), 'echo-3');
    } finally {
      sb.sandbox.fault('node-3', 'heal');
    }
    await waitNodeReady('node-3');
    const p = await k.waitReady('echo-3', 30_000);
    assert.equal(p.status.containerStatuses[0].restartCount, 0);
  });

  it('terminate: Node deleted, its pods force-deleted by PodGC, the StatefulSet pod comes back elsewhere', async () => {
    const db = k.pod('db-0');
    const node = String(db.spec.nodeName);
    const onNode = k.list(R.pods).filter((p: Obj) => p.spec.nodeName === node);
    assert.ok(onNode.length >= 2, 'db-0 and an echo pod');
    sb.sandbox.fault(node, 'terminate');
    await waitFor(`Node ${node} deleted`, () => !k.node(node), 30_000);
    // PodGC force-deletes them (no kubelet will ever confirm); db-0 may already be recreated.
    await waitFor(
      'pods of the terminated node force-deleted',
      () => onNode.every((o: Obj) => k.pod(o.metadata.name)?.metadata.uid !== o.metadata.uid),
      30_000,
    );
    const p = await k.waitReady('db-0', 30_000, (x) => x.metadata.uid !== db.metadata.uid);
    assert.notEqual(p.spec.nodeName, node);
    assert.throws(() => sb.sandbox.fault(node, 'start'), /terminated/);
  });
});
