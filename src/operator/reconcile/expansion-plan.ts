// Online volume expansion planned from the objects alone (pure, so a restarted operator resumes
// where the last one stopped): which data PVCs to patch, which are still growing, and when the
// StatefulSet may be re-created with the larger claim template.
import type { V1PersistentVolumeClaim, V1StatefulSet } from '@kubernetes/client-node';
import { quantityOf } from '../../lib/quantity.ts';
import { DATA_VOLUME_NAME, dataPvcName } from '../builders/names.ts';

/** The next expansion action of a cluster. */
export type ExpansionPlan =
  | { kind: 'none' }
  /** Raise the request of these bound claims to the target. */
  | { kind: 'patch'; claims: V1PersistentVolumeClaim[] }
  /** Requests are raised; these claims (`name (state)`) have not grown yet. */
  | { kind: 'wait'; claims: string[] }
  /** Every claim grew; the StatefulSet's template is still smaller (terminating: being deleted). */
  | { kind: 'recreate'; terminating: boolean };

/** Whether `pvc` is the data PVC of an instance of `cluster` (`data-<cluster>-<ordinal>`). */
export function isDataClaimOf(cluster: string, pvc: V1PersistentVolumeClaim): boolean {
  const name = pvc.metadata?.name ?? '';
  const ordinal = /-(\d+)$/.exec(name)?.[1];
  return ordinal !== undefined && name === dataPvcName(cluster, Number(ordinal));
}

/** The storage request of the StatefulSet's data claim template (milli-units). */
export function templateRequest(sts: V1StatefulSet): bigint | undefined {
  const t = sts.spec?.volumeClaimTemplates?.find((v) => v.metadata?.name === DATA_VOLUME_NAME);
  return quantityOf(t?.spec?.resources?.requests?.['storage']);
}

const requestOf = (c: V1PersistentVolumeClaim): bigint | undefined =>
  quantityOf(c.spec?.resources?.requests?.['storage']);

const capacityOf = (c: V1PersistentVolumeClaim): bigint | undefined =>
  quantityOf(c.status?.capacity?.['storage']);

const hasCondition = (c: V1PersistentVolumeClaim, type: string): boolean =>
  c.status?.conditions?.some((x) => x.type === type && x.status === 'True') ?? false;

/**
 * Whether the claim's volume reached `target`. FileSystemResizePending counts: the volume has
 * grown and only the kubelet's file system step is left, which it does online or at the next
 * mount; waiting for it would never end for a claim no pod mounts (a retained, scaled-down one).
 */
export function claimGrown(c: V1PersistentVolumeClaim, target: bigint): boolean {
  const capacity = capacityOf(c);
  return (
    (capacity !== undefined && capacity >= target) || hasCondition(c, 'FileSystemResizePending')
  );
}

/** What a growing claim is doing, for messages (`Resizing`, `ControllerResizeInfeasible`, …). */
export function claimState(c: V1PersistentVolumeClaim): string {
  const allocation = c.status?.allocatedResourceStatuses?.['storage'];
  if (allocation) return allocation;
  const conditions = (c.status?.conditions ?? []).filter((x) => x.status === 'True');
  return conditions.map((x) => x.type).join(', ') || 'waiting for the resizer';
}

/**
 * Plans the next step towards volumes of `target` bytes (milli-units). Unbound claims cannot be
 * expanded (the API refuses) and are skipped: once bound they are patched by a later pass.
 */
export function planExpansion(
  target: bigint,
  sts: V1StatefulSet | null,
  claims: readonly V1PersistentVolumeClaim[],
): ExpansionPlan {
  const live = claims.filter((c) => c.status?.phase === 'Bound' && !c.metadata?.deletionTimestamp);
  const toPatch = live.filter((c) => (requestOf(c) ?? 0n) < target);
  if (toPatch.length > 0) return { kind: 'patch', claims: toPatch };
  const growing = live.filter((c) => !claimGrown(c, target));
  if (growing.length > 0)
    return {
      kind: 'wait',
      claims: growing.map((c) => `${c.metadata?.name ?? ''} (${claimState(c)})`),
    };
  const template = sts ? templateRequest(sts) : undefined;
  if (!sts || template === undefined || template >= target) return { kind: 'none' };
  return { kind: 'recreate', terminating: Boolean(sts.metadata?.deletionTimestamp) };
}
