// One replica or condemned pod in the StatefulSet sync (upstream `processReplica`,
// `processCondemned`, claim creation and retention): decides actions, never performs them.
import type { OwnerReference } from '../../apiserver/types.ts';
import type { ControllerRevision } from '../history/history.ts';
import {
  isPodAvailable,
  isRunningAndReady,
  isTerminating,
  podPhase,
  type Pod,
} from '../replicaset/pod-util.ts';
import {
  claimsFor,
  identityMatches,
  ordinalOf,
  storageMatches,
  updateIdentity,
  updateStorage,
} from './identity.ts';
import { claimOwnerRefs, isClaimOwnerUpToDate, podClaimIsStale } from './retention.ts';
import type { PersistentVolumeClaim, StatefulSet } from './types.ts';

/** A change the StatefulSet controller wants made. */
export type SyncAction =
  | { kind: 'createClaim'; claim: PersistentVolumeClaim; pod: string }
  | { kind: 'setClaimOwners'; claim: string; ownerReferences: OwnerReference[] }
  | { kind: 'createPod'; pod: Pod }
  | { kind: 'failCreatePod'; pod: string; error: string }
  | { kind: 'updatePod'; pod: Pod }
  | { kind: 'deletePod'; pod: string; uid: string; reason: 'failed' | 'scale-down' | 'update' };

/** Shared state of one sync plan. */
export interface PlanContext {
  set: StatefulSet;
  updateSet: StatefulSet;
  current: ControllerRevision;
  update: ControllerRevision;
  /** Claims of the namespace by name, updated as the plan creates claims. */
  claims: Map<string, PersistentVolumeClaim>;
  monotonic: boolean;
  minReadySeconds: number;
  nowMs: number;
  actions: SyncAction[];
  /** Why the sync stopped early (a sentence for logs and tests). */
  note?: string;
  /** Set when a step failed. */
  failed?: boolean;
}

/** Outcome of one step: keep going, stop this round, or stop with an error (rate-limited retry). */
export type StepResult = 'continue' | 'stop' | 'error';

const stop = (ctx: PlanContext, note: string): StepResult => {
  ctx.note = note;
  return 'stop';
};

/** Creates missing claims of a pod; returns the errors for claims being deleted. */
function ensureClaims(ctx: PlanContext, set: StatefulSet, pod: Pod): string[] {
  const errors: string[] = [];
  for (const claim of claimsFor(set, ordinalOf(pod)).values()) {
    const name = claim.metadata.name ?? '';
    const existing = ctx.claims.get(name);
    if (!existing) {
      ctx.actions.push({ kind: 'createClaim', claim, pod: pod.metadata.name ?? '' });
      ctx.claims.set(name, claim);
    } else if (isTerminating(existing)) {
      errors.push(`pvc ${name} is being deleted`);
    }
  }
  return errors;
}

/** UpdatePodClaimForRetentionPolicy: owner references of the pod's existing claims. */
export function fixClaimOwners(ctx: PlanContext, set: StatefulSet, pod: Pod): void {
  for (const c of claimsFor(set, ordinalOf(pod)).values()) {
    const name = c.metadata.name ?? '';
    const claim = ctx.claims.get(name);
    if (!claim || isClaimOwnerUpToDate(claim, set, pod)) continue;
    const ownerReferences = claimOwnerRefs(claim, set, pod);
    ctx.actions.push({ kind: 'setClaimOwners', claim: name, ownerReferences });
    ctx.claims.set(name, { ...claim, metadata: { ...claim.metadata, ownerReferences } });
  }
}

/** Whether every claim of the pod follows the retention policy. */
function claimsMatchPolicy(ctx: PlanContext, set: StatefulSet, pod: Pod): boolean {
  return [...claimsFor(set, ordinalOf(pod)).values()].every((c) => {
    const claim = ctx.claims.get(c.metadata.name ?? '');
    return !claim || isClaimOwnerUpToDate(claim, set, pod);
  });
}

/** CreateStatefulPod: claims first (an error records FailedCreate), then the pod. */
function createPod(ctx: PlanContext, pod: Pod): StepResult {
  const name = pod.metadata.name ?? '';
  if (podClaimIsStale(ctx.set, pod, ctx.claims))
    return stop(ctx, `waiting for stale claims of Pod ${name} to be deleted`);
  const errors = ensureClaims(ctx, ctx.set, pod);
  if (errors.length > 0) {
    const error = errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`;
    ctx.actions.push({ kind: 'failCreatePod', pod: name, error });
    ctx.note = `cannot create Pod ${name}: ${error}`;
    return 'error';
  }
  ctx.actions.push({ kind: 'createPod', pod });
  fixClaimOwners(ctx, ctx.set, pod);
  return ctx.monotonic ? stop(ctx, `created Pod ${name}`) : 'continue';
}

/** UpdateStatefulPod: repairs identity, storage and claim ownership of an existing pod. */
function repairPod(ctx: PlanContext, pod: Pod): void {
  const fixed = structuredClone(pod);
  let changed = false;
  if (!identityMatches(ctx.updateSet, fixed)) {
    updateIdentity(ctx.updateSet, fixed);
    changed = true;
  }
  if (!storageMatches(ctx.updateSet, fixed)) {
    updateStorage(ctx.updateSet, fixed);
    ensureClaims(ctx, ctx.updateSet, fixed);
    changed = true;
  }
  fixClaimOwners(ctx, ctx.updateSet, fixed);
  if (changed) ctx.actions.push({ kind: 'updatePod', pod: fixed });
}

/** processReplica: one pod in the ordinal range. */
export function processReplica(ctx: PlanContext, pod: Pod): StepResult {
  const name = pod.metadata.name ?? '';
  const phase = podPhase(pod);
  if (phase === 'Failed' || phase === 'Succeeded') {
    if (!isTerminating(pod))
      ctx.actions.push({
        kind: 'deletePod',
        pod: name,
        uid: pod.metadata.uid ?? '',
        reason: 'failed',
      });
    return stop(ctx, `Pod ${name} is ${phase}: it is deleted and will be recreated`);
  }
  if (phase === '') {
    const r = createPod(ctx, pod);
    if (r !== 'continue') return r;
  }
  if (phase === 'Pending') {
    const errors = ensureClaims(ctx, ctx.set, pod);
    if (errors.length > 0) {
      ctx.note = `cannot create claims of Pod ${name}: ${errors.join(', ')}`;
      return 'error';
    }
    fixClaimOwners(ctx, ctx.set, pod);
  }
  if (ctx.monotonic) {
    if (isTerminating(pod)) return stop(ctx, `waiting for Pod ${name} to terminate`);
    if (!isRunningAndReady(pod))
      return stop(ctx, `waiting for Pod ${name} to be Running and Ready`);
    if (!isPodAvailable(pod, ctx.minReadySeconds, ctx.nowMs))
      return stop(ctx, `waiting for Pod ${name} to be Available`);
  }
  if (phase === '') return 'continue';
  const retention = claimsMatchPolicy(ctx, ctx.updateSet, pod);
  if (identityMatches(ctx.set, pod) && storageMatches(ctx.set, pod) && retention) return 'continue';
  repairPod(ctx, pod);
  return 'continue';
}

/** processCondemned: deletes a pod beyond the ordinal range (highest first, one at a time when ordered). */
export function processCondemned(
  ctx: PlanContext,
  pod: Pod,
  firstUnhealthy: Pod | undefined,
): StepResult {
  const name = pod.metadata.name ?? '';
  if (isTerminating(pod))
    return ctx.monotonic
      ? stop(ctx, `waiting for Pod ${name} to terminate prior to scale down`)
      : 'continue';
  if (ctx.monotonic && pod !== firstUnhealthy) {
    const waitFor = firstUnhealthy?.metadata.name ?? name;
    if (!isRunningAndReady(pod))
      return stop(ctx, `waiting for Pod ${waitFor} to be Running and Ready prior to scale down`);
    if (!isPodAvailable(pod, ctx.minReadySeconds, ctx.nowMs))
      return stop(ctx, `waiting for Pod ${waitFor} to be Available prior to scale down`);
  }
  ctx.actions.push({
    kind: 'deletePod',
    pod: name,
    uid: pod.metadata.uid ?? '',
    reason: 'scale-down',
  });
  return ctx.monotonic ? stop(ctx, `deleting Pod ${name} for scale down`) : 'continue';
}
