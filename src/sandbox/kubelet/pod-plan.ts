// Pure planning of a live pod's containers: which to start now, which wait in back-off, and
// whether the pod has failed (init containers in order, then the regular containers).
import {
  crashLoopMessage,
  decideRestart,
  type BackoffConfig,
  type BackoffEntry,
} from './backoff.ts';
import { shouldRestart, type ContainerRecord } from './records.ts';
import type { Container, PodSpec } from './types.ts';

/** One thing to do for a container. */
export type ContainerAction =
  | { type: 'start'; container: Container; init: boolean; backoff?: BackoffEntry }
  | {
      type: 'backoff';
      name: string;
      reason: 'CrashLoopBackOff' | 'ImagePullBackOff';
      message: string;
      waitMs: number;
    };

/** Identity of the pod for messages. */
export interface PodRef {
  name: string;
  namespace: string;
  uid: string;
}

function restartOrWait(
  c: Container,
  rec: ContainerRecord,
  ctx: { pod: PodRef; now: number; cfg: BackoffConfig; init: boolean },
): ContainerAction {
  const { pod, now, cfg, init } = ctx;
  const finishedAt = rec.terminated?.finishedAt ?? rec.failedAt ?? now;
  const d = decideRestart(rec.backoff, finishedAt, now, cfg);
  if (d.start) return { type: 'start', container: c, init, backoff: d.entry };
  const pull = rec.failedAt !== undefined && rec.waiting?.reason.includes('Image') === true;
  if (pull)
    return {
      type: 'backoff',
      name: c.name,
      reason: 'ImagePullBackOff',
      message: `Back-off pulling image "${c.image ?? ''}"`,
      waitMs: d.waitMs,
    };
  return {
    type: 'backoff',
    name: c.name,
    reason: 'CrashLoopBackOff',
    message: crashLoopMessage(d.backoffMs, c.name, pod),
    waitMs: d.waitMs,
  };
}

/** The action for one container, or undefined when it needs nothing now. */
function planOne(
  c: Container,
  rec: ContainerRecord | undefined,
  policy: string | undefined,
  ctx: { pod: PodRef; now: number; cfg: BackoffConfig; init: boolean },
): ContainerAction | 'done' | 'failed' | undefined {
  if (!rec || (rec.pid === undefined && rec.failedAt === undefined && !rec.terminated))
    return { type: 'start', container: c, init: ctx.init };
  if (rec.terminated) {
    if (ctx.init && rec.terminated.exitCode === 0) return 'done';
    if (
      !shouldRestart(
        ctx.init && policy === 'Always' ? 'OnFailure' : policy,
        rec.terminated.exitCode,
      )
    )
      return rec.terminated.exitCode === 0 ? 'done' : 'failed';
    return restartOrWait(c, rec, ctx);
  }
  if (rec.failedAt !== undefined && rec.pid === undefined) return restartOrWait(c, rec, ctx);
  return undefined;
}

/** Plan of a pod: actions, and whether an init container failed for good. */
export interface PodPlan {
  actions: ContainerAction[];
  initFailed: boolean;
  initDone: boolean;
}

/** Plans the containers of a live (not terminating) pod. */
export function planPod(
  spec: PodSpec,
  records: Map<string, ContainerRecord>,
  pod: PodRef,
  now: number,
  cfg: BackoffConfig,
): PodPlan {
  for (const c of spec.initContainers ?? []) {
    const r = planOne(c, records.get(c.name), spec.restartPolicy, { pod, now, cfg, init: true });
    if (r === 'done') continue;
    if (r === 'failed') return { actions: [], initFailed: true, initDone: false };
    return { actions: r ? [r] : [], initFailed: false, initDone: false };
  }
  const actions: ContainerAction[] = [];
  for (const c of spec.containers) {
    const r = planOne(c, records.get(c.name), spec.restartPolicy, { pod, now, cfg, init: false });
    if (typeof r === 'object') actions.push(r);
  }
  return { actions, initFailed: false, initDone: true };
}
