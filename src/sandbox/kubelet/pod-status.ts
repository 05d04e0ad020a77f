// Pure computation of a pod's status from the kubelet's container records: phase, conditions,
// container statuses (upstream getPhase and status manager semantics).
import { apiTime } from './node-status.ts';
import { isRunning, type ContainerRecord, type TerminatedInfo } from './records.ts';
import type { Container, ContainerState, PodCondition, PodSpec } from './types.ts';

/** Pod-level facts the status needs. */
export interface PodFacts {
  spec: PodSpec;
  records: Map<string, ContainerRecord>;
  podIP: string | undefined;
  hostIP: string;
  startTime: number | undefined;
  sandboxReady: boolean;
  initDone: boolean;
  initFailed: boolean;
  prevConditions: PodCondition[];
}

const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready'];

function terminatedState(t: TerminatedInfo): NonNullable<ContainerState['terminated']> {
  return {
    exitCode: t.exitCode,
    reason: t.reason,
    ...(t.message ? { message: t.message } : {}),
    ...(t.signal ? { signal: t.signal } : {}),
    startedAt: apiTime(t.startedAt),
    finishedAt: apiTime(t.finishedAt),
    containerID: t.containerID,
  };
}

/** The API `state` of a record. */
export function recordState(r: ContainerRecord): ContainerState {
  if (r.waiting)
    return {
      waiting: {
        reason: r.waiting.reason,
        ...(r.waiting.message ? { message: r.waiting.message } : {}),
      },
    };
  if (r.terminated) return { terminated: terminatedState(r.terminated) };
  if (isRunning(r)) return { running: { startedAt: apiTime(r.startedAt ?? 0) } };
  return { waiting: { reason: 'ContainerCreating' } };
}

/** One entry of containerStatuses / initContainerStatuses. */
export function containerStatus(
  c: Container,
  r: ContainerRecord | undefined,
  init: boolean,
): Record<string, unknown> {
  const rec = r ?? {
    name: c.name,
    init,
    image: c.image ?? '',
    imageID: '',
    restartCount: 0,
    started: false,
    ready: false,
    waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' },
  };
  const last = rec.waiting && rec.terminated ? rec.terminated : rec.lastTerminated;
  return {
    name: c.name,
    image: c.image ?? '',
    imageID: rec.imageID,
    ...(rec.pid !== undefined ? { containerID: `steward://${String(rec.pid)}` } : {}),
    state: recordState(rec),
    lastState: last ? { terminated: terminatedState(last) } : {},
    ready: rec.ready,
    restartCount: rec.restartCount,
    started: isRunning(rec) && rec.started,
  };
}

/** Upstream getPhase for the regular containers, given init progress. */
export function podPhase(
  f: Pick<PodFacts, 'spec' | 'records' | 'initDone' | 'initFailed'>,
): string {
  if (f.initFailed) return 'Failed';
  if (!f.initDone) return 'Pending';
  let running = 0,
    waiting = 0,
    succeeded = 0,
    failed = 0,
    stopped = 0;
  for (const c of f.spec.containers) {
    const r = f.records.get(c.name);
    if (isRunning(r) && !r?.terminated) running++;
    else if (r?.terminated && !r.waiting) {
      stopped++;
      if (r.terminated.exitCode === 0) succeeded++;
      else failed++;
    } else if (r?.waiting && (r.lastTerminated || r.terminated)) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  const policy = f.spec.restartPolicy;
  if (policy === 'Never') return failed > 0 ? 'Failed' : 'Succeeded';
  if (policy === 'OnFailure') return failed > 0 || succeeded < stopped ? 'Running' : 'Succeeded';
  return 'Running';
}

function cond(
  type: string,
  ok: boolean,
  reason?: string,
  message?: string,
): Omit<PodCondition, 'lastTransitionTime'> {
  return {
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    ...(ok || !reason ? {} : { reason }),
    ...(ok || !message ? {} : { message }),
  };
}

/** The kubelet-owned conditions (PodReadyToStartContainers, Initialized, ContainersReady, Ready). */
export function podConditions(
  f: PodFacts,
  phase: string,
): Omit<PodCondition, 'lastTransitionTime'>[] {
  const initPending = (f.spec.initContainers ?? [])
    .filter((c) => f.records.get(c.name)?.terminated?.exitCode !== 0)
    .map((c) => c.name);
  const unready = f.spec.containers.filter((c) => !f.records.get(c.name)?.ready).map((c) => c.name);
  const done = phase === 'Succeeded' || phase === 'Failed';
  const notReadyReason = done ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMsg = done ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const ready = unready.length === 0 && !done;
  return [
    cond('PodReadyToStartContainers', f.sandboxReady),
    cond(
      'Initialized',
      f.initDone || initPending.length === 0,
      done ? 'PodCompleted' : 'ContainersNotInitialized',
      done ? undefined : `containers with incomplete status: [${initPending.join(' ')}]`,
    ),
    cond('ContainersReady', ready, notReadyReason, notReadyMsg),
    cond('Ready', ready, notReadyReason, notReadyMsg),
  ];
}

/** Merges new kubelet conditions into the previous list (keeping others, e.g. PodScheduled, DisruptionTarget). */
export function mergePodConditions(
  prev: PodCondition[],
  next: Omit<PodCondition, 'lastTransitionTime'>[],
  nowMs: number,
): PodCondition[] {
  const now = apiTime(nowMs);
  const merged = prev.filter((p) => !KUBELET_CONDITIONS.includes(p.type));
  for (const c of next) {
    const old = prev.find((p) => p.type === c.type);
    merged.push({
      ...c,
      lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now,
    });
  }
  if (!merged.some((c) => c.type === 'PodScheduled'))
    merged.push({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: now,
    });
  const order = [
    'PodReadyToStartContainers',
    'Initialized',
    'Ready',
    'ContainersReady',
    'PodScheduled',
  ];
  return merged.sort((a, b) => rank(order, a.type) - rank(order, b.type));
}

const rank = (order: string[], t: string): number =>
  order.includes(t) ? order.indexOf(t) : order.length;

/** The status the kubelet posts for a pod. */
export function buildPodStatus(f: PodFacts, nowMs: number): Record<string, unknown> {
  const phase = podPhase(f);
  const ip = f.podIP;
  return {
    phase,
    conditions: mergePodConditions(f.prevConditions, podConditions(f, phase), nowMs),
    hostIP: f.hostIP,
    hostIPs: [{ ip: f.hostIP }],
    ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
    ...(f.startTime !== undefined ? { startTime: apiTime(f.startTime) } : {}),
    ...(f.spec.initContainers?.length
      ? {
          initContainerStatuses: f.spec.initContainers.map((c) =>
            containerStatus(c, f.records.get(c.name), true),
          ),
        }
      : {}),
    containerStatuses: f.spec.containers.map((c) =>
      containerStatus(c, f.records.get(c.name), false),
    ),
  };
}
