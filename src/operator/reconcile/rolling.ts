// The rolling update step: reads the StatefulSet, the pods and their agents' statuses, asks
// planRollingUpdate for the one next action and performs it. Everything it needs is in the
// objects, so an operator restarted mid-rollout carries on where the last one stopped.
import type { KubernetesObject, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { INSTANCE_ANNOTATIONS, INSTANCE_LABELS, type MemberStatus } from '../../api/instance.ts';
import type { PostgresCluster } from '../../api/postgres-cluster.ts';
import { statefulSetName } from '../builders/names.ts';
import { POD_TEMPLATE_HASH_ANNOTATION } from '../builders/pod-template-hash.ts';
import { refOf } from './ensure.ts';
import {
  CAUGHT_UP_LAG_BYTES,
  planRollingUpdate,
  type RollingAction,
  type RollingView,
} from './rolling-plan.ts';
import type { ReconcileContext, StepResult } from './types.ts';

/**
 * Cluster annotation, JSON `RolloutRecord`: when the operator first saw the current rollout and
 * whether it already switched over for it (so a restarted operator knows). Removed when done.
 */
export const ROLLOUT_ANNOTATION = 'steward.dev/rolling-update';

/** What the annotation holds. */
export interface RolloutRecord {
  /** ISO 8601. */
  since: string;
  /** The switchover this rollout made, at the cluster generation it was made for. */
  switchover?: { to: string; generation: number };
}

/** Blocked reasons while a rollout runs (status phase Upgrading). */
export const ROLLING_UPDATE = 'RollingUpdate';
export const WAITING_FOR_PROMOTE = 'WaitingForPromote';

/** Requeue right after a restart or a switchover request (pod events usually come sooner). */
const AFTER_ACTION_MS = 1_000;

/** MemberStatus of each pod that publishes a readable one, by pod name. */
export function memberStatuses(pods: readonly V1Pod[]): Map<string, MemberStatus> {
  const out = new Map<string, MemberStatus>();
  for (const p of pods) {
    const text = p.metadata?.annotations?.[INSTANCE_ANNOTATIONS.status];
    if (!text) continue;
    try {
      out.set(p.metadata?.name ?? '', JSON.parse(text) as MemberStatus);
    } catch {
      // an unreadable status counts as none: that instance is not known to be healthy
    }
  }
  return out;
}

/** The rollout record on the cluster, or null (none, or unreadable). */
export function rolloutRecordOf(c: PostgresCluster): RolloutRecord | null {
  const text = c.metadata.annotations?.[ROLLOUT_ANNOTATION];
  if (!text) return null;
  try {
    const r = JSON.parse(text) as RolloutRecord;
    return Number.isNaN(Date.parse(r.since)) ? null : r;
  } catch {
    return null;
  }
}

/** The plan's view of the cluster and its StatefulSet. */
export function rollingViewOf(c: PostgresCluster, sts: V1StatefulSet, now: number): RollingView {
  const record = rolloutRecordOf(c);
  const sw = record?.switchover;
  return {
    name: sts.metadata?.name ?? '',
    replicas: sts.spec?.replicas ?? 0,
    templateHash: sts.spec?.template.metadata?.annotations?.[POD_TEMPLATE_HASH_ANNOTATION] ?? '',
    strategy: c.spec.primaryUpdateStrategy,
    currentPrimary: c.status?.currentPrimary || null,
    targetPrimary: c.status?.targetPrimary || null,
    // Not spec.failover.maximumLagBytes: 0 there would stall the rollout under any write load,
    // and the hand-over itself waits until the target has every byte.
    maxLagBytes: CAUGHT_UP_LAG_BYTES,
    since: record ? Date.parse(record.since) : null,
    switchedOverTo: sw && sw.generation === (c.metadata.generation ?? 0) ? sw.to : null,
    now,
  };
}

/** Restarts outdated instances one at a time, replicas first, the primary after a switchover. */
export async function rollingUpdateStep(ctx: ReconcileContext): Promise<StepResult> {
  const c = ctx.cluster;
  const ns = c.metadata.namespace ?? '';
  const sts = await ctx.client.get<V1StatefulSet>({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    namespace: ns,
    name: statefulSetName(c.metadata.name ?? ''),
  });
  if (!sts) return 'continue';
  const selector = `${INSTANCE_LABELS.cluster}=${c.metadata.name ?? ''}`;
  const pods = await ctx.client.list<V1Pod>('v1', 'Pod', ns, selector);
  const view = rollingViewOf(c, sts, ctx.clock.now());
  const action = planRollingUpdate(pods, memberStatuses(pods), view);
  await recordRollout(ctx, view, action);
  if (action.kind === 'none') return 'continue';
  const reason = action.kind === 'await-promote' ? WAITING_FOR_PROMOTE : ROLLING_UPDATE;
  ctx.blocked ??= { reason, message: action.sentence };
  return applyRollingAction(ctx, action, ns);
}

/** Performs one action; says when to look again. */
async function applyRollingAction(
  ctx: ReconcileContext,
  a: Exclude<RollingAction, { kind: 'none' }>,
  namespace: string,
): Promise<StepResult> {
  const c = ctx.cluster;
  switch (a.kind) {
    case 'wait':
      return { stop: { requeueAfter: a.requeueAfterMs } };
    case 'await-promote':
      if (!alreadyShown(c, a.sentence))
        await ctx.client.event(c, 'Normal', 'WaitingForPromote', a.sentence);
      return 'continue'; // may last for days; the other steps keep running
    case 'restart':
      ctx.logger.info(a.sentence, { cluster: c.metadata.name, pod: a.pod });
      await ctx.client.delete({ apiVersion: 'v1', kind: 'Pod', namespace, name: a.pod });
      await ctx.client.event(c, 'Normal', 'RollingUpdate', a.sentence);
      return { stop: { requeueAfter: AFTER_ACTION_MS } };
    case 'switchover':
      ctx.logger.info(a.sentence, { cluster: c.metadata.name, from: a.from, to: a.to });
      await ctx.client.patchClusterStatus(c, { targetPrimary: a.to });
      await ctx.client.event(c, 'Normal', 'Switchover', a.sentence);
      return { stop: { requeueAfter: AFTER_ACTION_MS } };
  }
}

/** True when the status already says `message` (one event, not one per reconcile). */
function alreadyShown(c: PostgresCluster, message: string): boolean {
  return (
    c.status?.conditions?.some((x) => x.type === 'Progressing' && x.message === message) ?? false
  );
}

/** Keeps the rollout record: written at the start and before a switchover, removed when done. */
async function recordRollout(ctx: ReconcileContext, view: RollingView, a: RollingAction) {
  const c = ctx.cluster;
  const have = c.metadata.annotations?.[ROLLOUT_ANNOTATION];
  let want: string | null;
  if (a.kind === 'none') {
    if (have === undefined) return;
    want = null;
  } else if (a.kind === 'switchover') {
    const since = new Date(view.since ?? view.now).toISOString();
    const generation = c.metadata.generation ?? 0;
    want = JSON.stringify({ since, switchover: { to: a.to, generation } } satisfies RolloutRecord);
  } else {
    if (view.since !== null) return;
    want = JSON.stringify({ since: new Date(view.now).toISOString() } satisfies RolloutRecord);
  }
  await ctx.client.patch(refOf(c as unknown as KubernetesObject), {
    metadata: { annotations: { [ROLLOUT_ANNOTATION]: want } },
  });
}
