// Pod rows: READY, STATUS (upstream's reason logic), RESTARTS with "(5m ago)", AGE | IP NODE …
import type { KubeObject } from '../../types.ts';
import { AGE_COLUMN, NAME_COLUMN, col } from '../columns.ts';
import type { Printer, TableCell, TableRowCondition } from '../columns.ts';
import { DESC } from '../descriptions.ts';
import { humanDuration, parseTimestamp, since } from '../duration.ts';
import type { ContainerLike } from '../format.ts';
import { int } from '../format.ts';

interface Terminated {
  exitCode?: number;
  signal?: number;
  reason?: string;
  finishedAt?: string;
}
interface ContainerStatus {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; running?: object; terminated?: Terminated };
  lastState?: { terminated?: Terminated };
}
interface Condition {
  type?: string;
  status?: string;
  reason?: string;
}
interface Pod extends KubeObject {
  spec?: {
    containers?: ContainerLike[];
    initContainers?: ContainerLike[];
    nodeName?: string;
    readinessGates?: { conditionType?: string }[];
  };
  status?: {
    phase?: string;
    reason?: string;
    podIP?: string;
    podIPs?: { ip?: string }[];
    nominatedNodeName?: string;
    conditions?: Condition[];
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
}

/** Running totals while walking container statuses. */
interface Tally {
  reason: string;
  ready: number;
  restarts: number;
  lastRestart: number | undefined;
}

const isRestartable = (c: ContainerLike | undefined): boolean => c?.restartPolicy === 'Always';

function laterRestart(current: number | undefined, cs: ContainerStatus): number | undefined {
  const t = parseTimestamp(cs.lastState?.terminated?.finishedAt);
  if (t === undefined) return current;
  return current === undefined || current < t ? t : current;
}

function conditionTrue(pod: Pod, type: string): boolean {
  const c = (pod.status?.conditions ?? []).find((x) => x.type === type);
  return c?.status === 'True';
}

function terminatedReason(t: Terminated, prefix: string): string {
  if (t.reason) return prefix + t.reason;
  if (t.signal) return `${prefix}Signal:${t.signal}`;
  return `${prefix}ExitCode:${int(t.exitCode)}`;
}

/** Walks init container statuses; returns whether the pod is still initializing. */
function tallyInit(pod: Pod, tally: Tally, restartable: Tally): boolean {
  const inits = pod.spec?.initContainers ?? [];
  const byName = new Map(inits.map((c) => [c.name, c]));
  const statuses = pod.status?.initContainerStatuses ?? [];
  for (const [i, cs] of statuses.entries()) {
    tally.restarts += int(cs.restartCount);
    tally.lastRestart = laterRestart(tally.lastRestart, cs);
    const sidecar = isRestartable(byName.get(cs.name));
    if (sidecar) {
      restartable.restarts += int(cs.restartCount);
      restartable.lastRestart = laterRestart(restartable.lastRestart, cs);
    }
    const terminated = cs.state?.terminated;
    const waiting = cs.state?.waiting?.reason;
    if (terminated && int(terminated.exitCode) === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) tally.ready++;
      continue;
    }
    if (terminated) tally.reason = terminatedReason(terminated, 'Init:');
    else if (waiting && waiting !== 'PodInitializing') tally.reason = `Init:${waiting}`;
    else tally.reason = `Init:${i}/${inits.length}`;
    return true;
  }
  return false;
}

/** Walks regular container statuses from last to first, as upstream does. */
function tallyContainers(pod: Pod, tally: Tally): void {
  const statuses = pod.status?.containerStatuses ?? [];
  let hasRunning = false;
  for (const cs of [...statuses].reverse()) {
    tally.restarts += int(cs.restartCount);
    tally.lastRestart = laterRestart(tally.lastRestart, cs);
    const terminated = cs.state?.terminated;
    if (cs.state?.waiting?.reason) tally.reason = cs.state.waiting.reason;
    else if (terminated) tally.reason = terminatedReason(terminated, '');
    else if (cs.ready && cs.state?.running) {
      hasRunning = true;
      tally.ready++;
    }
  }
  if (tally.reason === 'Completed' && hasRunning) {
    tally.reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
  }
}

function initialReason(pod: Pod): string {
  const gated = (pod.status?.conditions ?? []).some(
    (c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated',
  );
  if (gated) return 'SchedulingGated';
  return pod.status?.reason || (pod.status?.phase ?? '');
}

function finalReason(pod: Pod, reason: string): string {
  if (pod.metadata.deletionTimestamp === undefined) return reason;
  if (pod.status?.reason === 'NodeLost') return 'Unknown';
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' ? reason : 'Terminating';
}

/** Computes READY, STATUS and RESTARTS exactly as upstream's printPod. */
export function podStatusCells(pod: Pod, now: Date): [string, string, string] {
  const containers = pod.spec?.containers ?? [];
  const total = containers.length + (pod.spec?.initContainers ?? []).filter(isRestartable).length;
  const tally: Tally = {
    reason: initialReason(pod),
    ready: 0,
    restarts: 0,
    lastRestart: undefined,
  };
  const restartable: Tally = { reason: '', ready: 0, restarts: 0, lastRestart: undefined };
  const initializing = tallyInit(pod, tally, restartable);
  if (!initializing || conditionTrue(pod, 'Initialized')) {
    tally.restarts = restartable.restarts;
    tally.lastRestart = restartable.lastRestart;
    tallyContainers(pod, tally);
  }
  const reason = finalReason(pod, tally.reason);
  let restarts = String(tally.restarts);
  if (tally.restarts !== 0 && tally.lastRestart !== undefined) {
    restarts += ` (${humanDuration(now.getTime() - tally.lastRestart)} ago)`;
  }
  return [`${tally.ready}/${total}`, reason, restarts];
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const trueCount = gates.filter(
    (g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True',
  ).length;
  return `${trueCount}/${gates.length}`;
}

function podIP(pod: Pod): string {
  return pod.status?.podIP || pod.status?.podIPs?.[0]?.ip || '<none>';
}

/** Pod printer. */
export const podPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col(
      'Restarts',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE_COLUMN,
    col('IP', DESC.podIP, { wide: true }),
    col('Node', DESC.nodeName, { wide: true }),
    col('Nominated Node', DESC.nominatedNodeName, { wide: true }),
    col('Readiness Gates', DESC.readinessGates, { wide: true }),
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const pod = obj as Pod;
    const [ready, status, restarts] = podStatusCells(pod, now);
    return [
      pod.metadata.name ?? '',
      ready,
      status,
      restarts,
      since(pod.metadata.creationTimestamp, now),
      podIP(pod),
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ];
  },
  conditions(obj: KubeObject): TableRowCondition[] | undefined {
    const phase = (obj as Pod).status?.phase;
    if (phase === 'Succeeded') {
      return [
        {
          type: 'Completed',
          status: 'True',
          reason: 'Succeeded',
          message: 'The pod has completed successfully.',
        },
      ];
    }
    if (phase === 'Failed') {
      return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    }
    return undefined;
  },
};
