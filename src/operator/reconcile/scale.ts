// Scaling down never removes the primary: when the StatefulSet would delete the pod that is the
// primary, switch over to a surviving replica first, then let the StatefulSet shrink.
import type { V1StatefulSet } from '@kubernetes/client-node';
import { instanceStatusOf } from './status.ts';
import type { InstanceStatus } from '../../api/postgres-cluster.ts';
import { statefulSetName } from '../builders/names.ts';
import type { V1Pod } from '@kubernetes/client-node';
import { INSTANCE_LABELS } from '../../api/instance.ts';
import type { ReconcileContext, StepResult } from './types.ts';

/** Ordinal of pod `<sts>-<n>`, or -1. */
export function ordinalOf(pod: string, sts: string): number {
  const m = new RegExp(`^${sts.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(pod);
  return m ? Number(m[1]) : -1;
}

/** The replica to hand over to before shrinking to `keep` instances: ready, least lag, lowest ordinal. */
export function pickSurvivor(
  instances: readonly InstanceStatus[],
  sts: string,
  keep: number,
): string | null {
  const candidates = instances
    .filter(
      (i) =>
        i.role === 'replica' &&
        i.ready &&
        ordinalOf(i.name, sts) >= 0 &&
        ordinalOf(i.name, sts) < keep,
    )
    .sort(
      (a, b) =>
        (a.lagBytes ?? Infinity) - (b.lagBytes ?? Infinity) ||
        ordinalOf(a.name, sts) - ordinalOf(b.name, sts),
    );
  return candidates[0]?.name ?? null;
}

/** Switches over before a scale-down would remove the primary; holds the scale-down meanwhile. */
export async function scaleStep(ctx: ReconcileContext): Promise<StepResult> {
  const c = ctx.cluster;
  const ns = c.metadata.namespace ?? '';
  const name = statefulSetName(c.metadata.name ?? '');
  const sts = await ctx.client.get<V1StatefulSet>({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    namespace: ns,
    name,
  });
  const keep = c.spec.instances;
  if (!sts || (sts.spec?.replicas ?? 0) <= keep) return 'continue';
  const primary = c.status?.currentPrimary;
  if (!primary || ordinalOf(primary, name) < keep) return 'continue';
  const pods = await ctx.client.list<V1Pod>(
    'v1',
    'Pod',
    ns,
    `${INSTANCE_LABELS.cluster}=${c.metadata.name ?? ''}`,
  );
  const survivor = pickSurvivor(pods.map(instanceStatusOf), name, keep);
  ctx.blocked = {
    reason: 'SwitchoverBeforeScaleDown',
    message: survivor
      ? `switching over from ${primary} to ${survivor} before scaling down to ${keep}`
      : `waiting for a ready replica below ordinal ${keep} to switch over to before scaling down`,
  };
  if (survivor && c.status?.targetPrimary !== survivor) {
    await ctx.client.patchClusterStatus(c, { targetPrimary: survivor });
    await ctx.client.event(c, 'Normal', 'Switchover', ctx.blocked.message);
  }
  return { stop: { requeueAfter: 2_000 } };
}
