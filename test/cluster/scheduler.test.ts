// End to end: the scheduler component binds pods in a 3-node sandbox (real kubelets when they
// register, otherwise Node objects and heartbeats made here), spreads anti-affine pods, honours
// cordons and taints, reports FailedScheduling, and retries when a node becomes usable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPRESSED_TIMINGS } from '../../src/sandbox/config.ts';
import { formatTime } from '../../src/sandbox/apiserver/object-meta.ts';
import type { KubeObject } from '../../src/sandbox/apiserver/types.ts';
import { LocalClient, R } from '../../src/sandbox/controllers/local-client.ts';
import { kubectlOk } from '../support/kubectl.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { waitFor } from '../support/wait.ts';

let ts: TestSandbox;
let client: LocalClient;
let heartbeat: NodeJS.Timeout | undefined;
const NODES = ['node-1', 'node-2', 'node-3'];
const ZONES = ['zone-a', 'zone-b', 'zone-c'];

const readyNodes = (): number =>
  client
    .list(R.nodes)
    .filter((n) =>
      (
        n.status as { conditions?: { type: string; status: string }[] } | undefined
      )?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    ).length;

/** Stands in for kubelets that are not there: registers the nodes and keeps them alive. */
function fakeNodes(): void {
  const beat = (): void => {
    const now = formatTime(new Date());
    for (const [i, name] of NODES.entries()) {
      const lease = client.get(R.leases, 'kube-node-lease', name);
      const spec = {
        holderIdentity: name,
        leaseDurationSeconds: 4,
        renewTime: now.replace('Z', '.000000Z'),
      };
      if (lease) client.mutate(R.leases, 'kube-node-lease', name, (l) => void (l.spec = spec));
      else
        client.create(R.leases, {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace: 'kube-node-lease' },
          spec,
        });
      if (!client.get(R.nodes, undefined, name)) {
        const labels = {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'topology.kubernetes.io/zone': ZONES[i] ?? 'zone-a',
        };
        client.create(R.nodes, {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name, labels },
          spec: {},
        });
      }
      client.mutate(
        R.nodes,
        undefined,
        name,
        (n) => {
          const resources = { cpu: '4', memory: '8Gi', pods: '110' };
          n.status = {
            capacity: resources,
            allocatable: resources,
            conditions: [
              {
                type: 'Ready',
                status: 'True',
                reason: 'KubeletReady',
                message: 'kubelet is posting ready status',
                lastHeartbeatTime: now,
                lastTransitionTime: now,
              },
            ],
          };
        },
        true,
      );
    }
  };
  beat();
  heartbeat = setInterval(beat, 300);
}

before(async () => {
  ts = await startTestSandbox({ nodes: 3, timings: COMPRESSED_TIMINGS });
  client = new LocalClient(ts.sandbox.core, 'test');
  try {
    await waitFor('kubelets to register', () => readyNodes() === 3, 10_000);
  } catch {
    fakeNodes();
    await waitFor('nodes', () => readyNodes() === 3);
  }
});

after(async () => {
  clearInterval(heartbeat);
  await ts.stop();
});

type Pod = KubeObject & {
  spec: { nodeName?: string };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
};

function mkPod(
  name: string,
  spec: Record<string, unknown> = {},
  labels: Record<string, string> = {},
): void {
  client.create(R.pods, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: {
      containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9' }],
      terminationGracePeriodSeconds: 0,
      ...spec,
    },
  });
}

const getPod = (name: string): Pod | undefined => client.get<Pod>(R.pods, 'default', name);
const boundNode = (name: string): Promise<string> =>
  waitFor(`${name} bound`, () => getPod(name)?.spec.nodeName);
const scheduledCondition = (name: string) =>
  getPod(name)?.status?.conditions?.find((c) => c.type === 'PodScheduled');
const eventsFor = (name: string, reason: string) =>
  client
    .list(R.events, 'default')
    .filter((e) => (e.involvedObject as { name?: string }).name === name && e.reason === reason);

async function failure(name: string): Promise<string> {
  const cond = await waitFor(`${name} unschedulable`, () => {
    const c = scheduledCondition(name);
    return c?.status === 'False' && c.reason === 'Unschedulable' ? c : undefined;
  });
  const ev = await waitFor(`FailedScheduling for ${name}`, () =>
    eventsFor(name, 'FailedScheduling').at(-1),
  );
  assert.equal(ev.type, 'Warning');
  assert.equal((ev.source as { component?: string }).component, 'default-scheduler');
  assert.equal(ev.message, cond.message);
  return cond.message ?? '';
}

const hostname = (node: string) => ({ nodeSelector: { 'kubernetes.io/hostname': node } });

test('binds a pending pod, with the PodScheduled condition and a Scheduled event', async () => {
  mkPod('plain');
  const node = await boundNode('plain');
  assert.ok(NODES.includes(node));
  assert.equal(scheduledCondition('plain')?.status, 'True');
  const ev = await waitFor('Scheduled event', () => eventsFor('plain', 'Scheduled')[0]);
  assert.equal(ev.message, `Successfully assigned default/plain to ${node}`);
  assert.equal((ev.source as { component?: string }).component, 'default-scheduler');
});

test('required anti-affinity spreads three replicas over three nodes; a fourth waits and is retried', async () => {
  const anti = {
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' },
        ],
      },
    },
  };
  for (const i of [0, 1, 2]) mkPod(`db-${String(i)}`, anti, { app: 'db' });
  const nodes = await Promise.all([0, 1, 2].map((i) => boundNode(`db-${String(i)}`)));
  assert.deepEqual([...nodes].sort(), NODES);
  mkPod('db-3', anti, { app: 'db' });
  assert.equal(
    await failure('db-3'),
    "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
  );
  client.delete(R.pods, 'default', 'db-1', { gracePeriodSeconds: 0 });
  assert.equal(await boundNode('db-3'), nodes[1]);
  assert.equal(scheduledCondition('db-3')?.status, 'True');
});

test('cordoned nodes are skipped, and a pod waiting for one is bound when it is uncordoned', async () => {
  await kubectlOk(ts.kubeconfig, ['cordon', 'node-1']);
  mkPod('pinned', hostname('node-1'));
  assert.equal(
    await failure('pinned'),
    "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
  );
  mkPod('free');
  assert.notEqual(await boundNode('free'), 'node-1');
  await kubectlOk(ts.kubeconfig, ['uncordon', 'node-1']);
  assert.equal(await boundNode('pinned'), 'node-1');
});

test('taints repel pods without a matching toleration', async () => {
  await kubectlOk(ts.kubeconfig, ['taint', 'nodes', 'node-3', 'dedicated=db:NoSchedule']);
  try {
    mkPod('intolerant', hostname('node-3'));
    assert.equal(
      await failure('intolerant'),
      "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..",
    );
    mkPod('tolerant', {
      ...hostname('node-3'),
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }],
    });
    assert.equal(await boundNode('tolerant'), 'node-3');
  } finally {
    await kubectlOk(ts.kubeconfig, ['taint', 'nodes', 'node-3', 'dedicated=db:NoSchedule-']);
  }
  assert.equal(await boundNode('intolerant'), 'node-3');
});

test('kubectl describe shows the FailedScheduling event from default-scheduler', async () => {
  mkPod('huge', {
    containers: [
      { name: 'c', image: 'registry.k8s.io/pause:3.9', resources: { requests: { cpu: '64' } } },
    ],
  });
  const msg = await failure('huge');
  assert.equal(
    msg,
    '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
  );
  const out = await kubectlOk(ts.kubeconfig, ['describe', 'pod', 'huge']);
  assert.match(
    out,
    /FailedScheduling\s+.*default-scheduler\s+0\/3 nodes are available: 3 Insufficient cpu/,
  );
});

test('WaitForFirstConsumer: the claim is pinned to the chosen node, provisioned, then the pod bound', async () => {
  await waitFor('StorageClass standard', () => client.get(R.storageclasses, undefined, 'standard'));
  client.create(R.pvcs, {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data-web', namespace: 'default' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'standard',
      resources: { requests: { storage: '1Gi' } },
    },
  });
  mkPod('web', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-web' } }] });
  const node = await boundNode('web');
  const pvc = client.get(R.pvcs, 'default', 'data-web');
  assert.equal(pvc?.metadata.annotations?.['volume.kubernetes.io/selected-node'], node);
  assert.equal((pvc?.status as { phase?: string }).phase, 'Bound');
});
