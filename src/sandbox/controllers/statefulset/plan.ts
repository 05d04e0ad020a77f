// The StatefulSet sync as a pure plan (upstream `updateStatefulSet`): which pods and claims to
// create, repair or delete this round, and the status to record.
import type { ControllerRevision } from '../history/history.ts';
import {
  isPodAvailable,
  isRunningAndReady,
  isTerminating,
  msUntilAvailable,
  type Pod,
} from '../replicaset/pod-util.ts';
import {
  inOrdinalRange,
  newVersionedPod,
  ordinalOf,
  podRevision,
  replicasOf,
  startOrdinal,
} from './identity.ts';
import {
  fixClaimOwners,
  processCondemned,
  processReplica,
  type PlanContext,
  type StepResult,
  type SyncAction,
} from './plan-replica.ts';
import { applyRevision } from './revisions.ts';
import { buildStatus, completeRollingUpdate, countReplicas, type ReplicaCounts } from './status.ts';
import type { PersistentVolumeClaim, StatefulSet, StatefulSetStatus } from './types.ts';

export type { SyncAction } from './plan-replica.ts';

/** Everything one sync looks at. */
export interface SyncInput {
  set: StatefulSet;
  /** Pods owned by the set. */
  pods: Pod[];
  /** Claims of the set's namespace. */
  claims: PersistentVolumeClaim[];
  current: ControllerRevision;
  update: ControllerRevision;
  collisionCount: number;
  nowMs: number;
}

/** What one sync decided. */
export interface SyncPlan {
  actions: SyncAction[];
  /** The status to record (after completeRollingUpdate). */
  status: StatefulSetStatus;
  /** Why the sync stopped early, if it did. */
  note?: string;
  /** Ask to be synced again after this delay (minReadySeconds). */
  requeueAfterMs?: number;
  /** A step failed (e.g. a claim is being deleted): apply the actions, then retry with backoff. */
  failed?: boolean;
}

const isUnavailable = (pod: Pod, minReady: number, now: number): boolean =>
  !isRunningAndReady(pod) || isTerminating(pod) || !isPodAvailable(pod, minReady, now);

/** Splits pods into the ordinal range (missing ones built at the right revision) and condemned ones. */
function partition(input: SyncInput): { replicas: Pod[]; condemned: Pod[] } {
  const { set, current, update } = input;
  const start = startOrdinal(set);
  const slots: (Pod | undefined)[] = new Array<Pod | undefined>(replicasOf(set)).fill(undefined);
  const condemned: Pod[] = [];
  for (const pod of input.pods) {
    if (inOrdinalRange(pod, set)) slots[ordinalOf(pod) - start] = pod;
    else if (ordinalOf(pod) >= 0) condemned.push(pod);
  }
  const cur = { set: applyRevision(set, current), revision: current.metadata.name ?? '' };
  const upd = { set: applyRevision(set, update), revision: update.metadata.name ?? '' };
  const replicas = slots.map((p, i) => p ?? newVersionedPod(cur, upd, start + i));
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));
  return { replicas, condemned };
}

/** runForAll: ordered sets stop at the first blocking step; parallel ones only at an error. */
function runForAll(ctx: PlanContext, pods: Pod[], fn: (pod: Pod) => StepResult): boolean {
  for (const pod of pods) {
    const r = fn(pod);
    if (r === 'error') ctx.failed = true;
    if (r === 'error' || (r === 'stop' && ctx.monotonic)) return true;
  }
  return false;
}

/** The rolling update: delete the highest ordinal ≥ partition not at the update revision. */
function rollingUpdate(ctx: PlanContext, replicas: Pod[], counts: ReplicaCounts): void {
  const partitionAt = ctx.set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  const updateName = ctx.update.metadata.name ?? '';
  for (let target = replicas.length - 1; target >= partitionAt; target--) {
    const pod = replicas[target];
    if (!pod) continue;
    const name = pod.metadata.name ?? '';
    if (podRevision(pod) !== updateName && !isTerminating(pod)) {
      ctx.actions.push({
        kind: 'deletePod',
        pod: name,
        uid: pod.metadata.uid ?? '',
        reason: 'update',
      });
      counts.currentReplicas--;
      ctx.note = `deleting Pod ${name} for update to revision ${updateName}`;
      return;
    }
    if (isUnavailable(pod, ctx.minReadySeconds, ctx.nowMs)) {
      ctx.note = `waiting for Pod ${name} to update`;
      return;
    }
  }
}

/** Runs the passes in upstream's order; returns early where upstream does. */
function runPasses(
  ctx: PlanContext,
  replicas: Pod[],
  condemned: Pod[],
  counts: ReplicaCounts,
): void {
  if (ctx.set.metadata.deletionTimestamp) return;
  const all = [...replicas, ...[...condemned].reverse()];
  const firstUnhealthy = all.find((p) => isUnavailable(p, ctx.minReadySeconds, ctx.nowMs));
  if (runForAll(ctx, replicas, (p) => processReplica(ctx, p))) return;
  for (const pod of condemned) fixClaimOwners(ctx, ctx.updateSet, pod);
  if (runForAll(ctx, condemned, (p) => processCondemned(ctx, p, firstUnhealthy))) return;
  if (ctx.set.spec.updateStrategy?.type === 'OnDelete') return;
  rollingUpdate(ctx, replicas, counts);
}

/** Delay until the next pod becomes available (minReadySeconds), if any is waiting. */
function availabilityRequeue(input: SyncInput, status: StatefulSetStatus): number | undefined {
  const minReady = input.set.spec.minReadySeconds ?? 0;
  if (minReady <= 0 || status.availableReplicas === replicasOf(input.set)) return undefined;
  const waits = input.pods
    .map((p) => msUntilAvailable(p, minReady, input.nowMs))
    .filter((ms) => ms > 0);
  return waits.length > 0 ? Math.min(...waits) : minReady * 1000;
}

/** planStatefulSetSync: the actions of one sync and the resulting status. */
export function planStatefulSetSync(input: SyncInput): SyncPlan {
  const { set, current, update } = input;
  const ctx: PlanContext = {
    set,
    updateSet: applyRevision(set, update),
    current,
    update,
    claims: new Map(input.claims.map((c) => [c.metadata.name ?? '', c])),
    monotonic: set.spec.podManagementPolicy !== 'Parallel',
    minReadySeconds: set.spec.minReadySeconds ?? 0,
    nowMs: input.nowMs,
    actions: [],
  };
  const revs = {
    currentRevision: current.metadata.name ?? '',
    updateRevision: update.metadata.name ?? '',
  };
  const counts = countReplicas(input.pods, {
    ...revs,
    minReadySeconds: ctx.minReadySeconds,
    nowMs: input.nowMs,
  });
  const { replicas, condemned } = partition(input);
  runPasses(ctx, replicas, condemned, counts);
  const status = completeRollingUpdate(
    set,
    buildStatus(set, counts, { ...revs, collisionCount: input.collisionCount }),
  );
  const plan: SyncPlan = { actions: ctx.actions, status };
  if (ctx.note) plan.note = ctx.note;
  if (ctx.failed) plan.failed = true;
  const requeue = availabilityRequeue(input, status);
  if (requeue !== undefined) plan.requeueAfterMs = requeue;
  return plan;
}
