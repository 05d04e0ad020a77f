// `steward sandbox scenario stuck-volume`: a node running a StatefulSet pod with a RWO volume
// dies; the runner records each step of upstream's behaviour as it happens and plays the operator
// (force delete, or the out-of-service taint) once the pod is stuck.
import type { V1Pod } from '@kubernetes/client-node';
import type { Clock } from '../../lib/clock.ts';
import type { KubeClients } from '../../kube/config.ts';
import {
  buildScenarioStatefulSet,
  describeMilestone,
  milestonesIn,
  type Milestone,
  type Observation,
} from './stuck-volume-plan.ts';

export interface StuckVolumeDeps {
  clients: KubeClients;
  clock: Clock;
  /** Powers a node off (the sandbox's `node kill`). */
  killNode: (node: string) => Promise<void>;
  print: (line: string) => void;
}

export interface StuckVolumeOptions {
  namespace: string;
  name: string;
  /** Remediate with the out-of-service taint instead of a force delete. */
  outOfService: boolean;
  /** Overall limit (default 20 min, enough for upstream's timings). */
  timeoutMs: number;
  pollMs: number;
}

export interface StuckVolumeResult {
  timeline: { atMs: number; text: string }[];
  failedNode: string;
  newNode: string;
  marker: string;
  sameData: boolean;
}

const ORDER: Milestone[] = [
  'node-unknown',
  'node-tainted',
  'pod-terminating',
  'replacement-scheduled',
  'multi-attach',
  'old-attachment-gone',
  'replacement-ready',
];

async function firstPodReady(
  c: KubeClients,
  o: StuckVolumeOptions,
  deps: StuckVolumeDeps,
): Promise<V1Pod> {
  const end = deps.clock.now() + o.timeoutMs;
  while (deps.clock.now() < end) {
    const pod = await c.core
      .readNamespacedPod({ name: `${o.name}-0`, namespace: o.namespace })
      .catch(() => undefined);
    if (pod?.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True')) return pod;
    await deps.clock.sleep(o.pollMs);
  }
  throw new Error(`pod ${o.name}-0 did not become Ready`);
}

async function markerOf(c: KubeClients, o: StuckVolumeOptions): Promise<string> {
  const log = await c.core.readNamespacedPodLog({
    name: `${o.name}-0`,
    namespace: o.namespace,
    container: 'app',
  });
  return String(log).trim();
}

async function observe(c: KubeClients, o: StuckVolumeOptions, node: string): Promise<Observation> {
  const [n, pod, vas, events] = await Promise.all([
    c.core.readNode({ name: node }).catch(() => undefined),
    c.core
      .readNamespacedPod({ name: `${o.name}-0`, namespace: o.namespace })
      .catch(() => undefined),
    c.storage.listVolumeAttachment().then((l) => l.items),
    c.core.listNamespacedEvent({ namespace: o.namespace }).then((l) => l.items),
  ]);
  return { node: n, pod, attachments: vas, events };
}

async function remediate(
  c: KubeClients,
  o: StuckVolumeOptions,
  node: string,
  log: (t: string) => void,
): Promise<void> {
  if (o.outOfService) {
    const n = await c.core.readNode({ name: node });
    n.spec = {
      ...n.spec,
      taints: [
        ...(n.spec?.taints ?? []),
        { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' },
      ],
    };
    await c.core.replaceNode({ name: node, body: n });
    log(
      `operator: node ${node} confirmed gone; tainted node.kubernetes.io/out-of-service=nodeshutdown:NoExecute`,
    );
  } else {
    await c.core.deleteNamespacedPod({
      name: `${o.name}-0`,
      namespace: o.namespace,
      gracePeriodSeconds: 0,
    });
    log(`operator: force-deleted pod ${o.name}-0 (--force --grace-period=0)`);
  }
}

/** Runs the scenario; resolves with the timeline once the replacement pod is Ready. */
export async function runStuckVolumeScenario(
  o: StuckVolumeOptions,
  deps: StuckVolumeDeps,
): Promise<StuckVolumeResult> {
  const c = deps.clients;
  await c.apps.createNamespacedStatefulSet({
    namespace: o.namespace,
    body: buildScenarioStatefulSet(o.name, o.namespace),
  });
  const first = await firstPodReady(c, o, deps);
  const failedNode = first.spec?.nodeName ?? '';
  const firstUid = first.metadata?.uid ?? '';
  const marker = (await markerOf(c, o)).replace(/^created: /, '');
  deps.print(`pod ${o.name}-0 Running on ${failedNode}, volume holds marker ${marker}`);
  const t0 = deps.clock.now();
  const timeline: StuckVolumeResult['timeline'] = [];
  const log = (text: string): void => {
    const atMs = deps.clock.now() - t0;
    timeline.push({ atMs, text });
    deps.print(`+${(atMs / 1000).toFixed(1).padStart(6)}s  ${text}`);
  };
  await deps.killNode(failedNode);
  log(
    `node ${failedNode} killed (powered off: kubelet and containers gone, volume still attached)`,
  );
  const done = new Set<Milestone>();
  let remediated = false;
  let obs: Observation | undefined;
  while (!done.has('replacement-ready')) {
    if (deps.clock.now() - t0 > o.timeoutMs)
      throw new Error(`scenario timed out; reached: ${[...done].join(', ') || 'nothing'}`);
    obs = await observe(c, o, failedNode);
    const seen = milestonesIn(obs, failedNode, firstUid);
    for (const m of ORDER) {
      if (seen.has(m) && !done.has(m)) {
        done.add(m);
        log(describeMilestone(m, failedNode, obs));
      }
    }
    if (done.has('pod-terminating') && !remediated) {
      remediated = true;
      await remediate(c, o, failedNode, log);
    }
    await deps.clock.sleep(o.pollMs);
  }
  const found = (await markerOf(c, o)).replace(/^found: /, '');
  const newNode = obs?.pod?.spec?.nodeName ?? '';
  log(`replacement pod reads marker ${found} from the same volume`);
  return { timeline, failedNode, newNode, marker, sameData: found === marker };
}
