// Online volume expansion: raising storage.size patches every data PVC, waits until each volume
// grew, then re-creates the StatefulSet with the larger claim template without touching its pods
// (orphan deletion; statefulSetStep creates the new one, which adopts them). Everything is derived
// from the objects, so the step resumes after an operator restart at any point.
import type {
  V1PersistentVolumeClaim,
  V1StatefulSet,
  V1StorageClass,
} from '@kubernetes/client-node';
import { INSTANCE_LABELS } from '../../api/instance.ts';
import { quantityOf } from '../../lib/quantity.ts';
import { DATA_VOLUME_NAME, statefulSetName } from '../builders/names.ts';
import type { ObjectRef } from '../client.ts';
import { isDataClaimOf, planExpansion, type ExpansionPlan } from './expansion-plan.ts';
import { lastAcceptedSpec } from './steps.ts';
import type { ReconcileContext, StepResult } from './types.ts';

/** Blocked reason while volumes grow (status phase Expanding). */
export const EXPANDING = 'ExpandingVolumes';
/** Blocked reason when the StorageClass cannot expand (status phase Invalid). */
export const EXPANSION_NOT_ALLOWED = 'ExpansionNotAllowed';
/** How soon to look again while the old StatefulSet is being removed. */
export const RECREATE_RECHECK_MS = 1_000;

const DEFAULT_CLASS_ANNOTATIONS = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

/** Grows the data volumes to spec.storage.size; never stops the other steps while volumes grow. */
export async function expansionStep(ctx: ReconcileContext): Promise<StepResult> {
  const target = quantityOf(ctx.cluster.spec.storage.size);
  if (target === undefined) return 'continue';
  const name = ctx.cluster.metadata.name ?? '';
  const namespace = ctx.cluster.metadata.namespace ?? '';
  const ref: ObjectRef = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    namespace,
    name: statefulSetName(name),
  };
  const sts = await ctx.client.get<V1StatefulSet>(ref);
  const claims = (
    await ctx.client.list<V1PersistentVolumeClaim>(
      'v1',
      'PersistentVolumeClaim',
      namespace,
      `${INSTANCE_LABELS.cluster}=${name}`,
    )
  ).filter((c) => isDataClaimOf(name, c));
  const plan: ExpansionPlan = planExpansion(target, sts, claims);
  const size = String(ctx.cluster.spec.storage.size);
  switch (plan.kind) {
    case 'none':
      return 'continue';
    case 'patch':
      return patchClaims(ctx, plan.claims, sts);
    case 'wait':
      ctx.blocked = {
        reason: EXPANDING,
        message: `waiting for the data volumes to grow to ${size}: ${plan.claims.join(', ')}`,
      };
      return 'continue';
    case 'recreate':
      return recreateStatefulSet(ctx, ref, plan.terminating);
  }
}

/** Raises every claim's request, or refuses (changing nothing) when a class cannot expand. */
async function patchClaims(
  ctx: ReconcileContext,
  claims: V1PersistentVolumeClaim[],
  sts: V1StatefulSet | null,
): Promise<StepResult> {
  const size = String(ctx.cluster.spec.storage.size);
  const classes = new Set(
    claims.map((c) => c.spec?.storageClassName ?? ctx.cluster.spec.storage.storageClassName),
  );
  for (const cls of classes) {
    const why = await expansionRefusal(ctx, cls);
    if (why) return refuse(ctx, why, sts);
  }
  for (const c of claims) {
    const ref = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      namespace: c.metadata?.namespace ?? '',
      name: c.metadata?.name ?? '',
    };
    await ctx.client.patch(ref, { spec: { resources: { requests: { storage: size } } } });
  }
  const names = claims.map((c) => c.metadata?.name ?? '').join(', ');
  const message = `expanding data volumes ${names} to ${size}`;
  ctx.logger.info('expanding data volumes', {
    cluster: ctx.cluster.metadata.name,
    claims: names,
    size,
  });
  await ctx.client.event(ctx.cluster, 'Normal', EXPANDING, message);
  ctx.blocked = { reason: EXPANDING, message };
  return 'continue';
}

/** Why class `name` (or the default class when unset) cannot expand volumes; null when it can. */
async function expansionRefusal(
  ctx: ReconcileContext,
  name: string | undefined,
): Promise<string | null> {
  const cls = name
    ? await ctx.client.get<V1StorageClass>({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        namespace: '',
        name,
      })
    : await defaultStorageClass(ctx);
  if (!cls)
    return name ? `StorageClass "${name}" does not exist` : 'there is no default StorageClass';
  if (cls.allowVolumeExpansion === true) return null;
  return `StorageClass "${cls.metadata?.name ?? ''}" does not allow volume expansion (allowVolumeExpansion is not true)`;
}

async function defaultStorageClass(ctx: ReconcileContext): Promise<V1StorageClass | null> {
  const all = await ctx.client.list<V1StorageClass>('storage.k8s.io/v1', 'StorageClass', '', '');
  const defaults = all.filter((c) =>
    DEFAULT_CLASS_ANNOTATIONS.some((a) => c.metadata?.annotations?.[a] === 'true'),
  );
  // Several defaults: the newest wins, as the API server's defaulting does.
  defaults.sort((a, b) =>
    String(b.metadata?.creationTimestamp ?? '').localeCompare(
      String(a.metadata?.creationTimestamp ?? ''),
    ),
  );
  return defaults[0] ?? null;
}

/**
 * Refuses the new size and carries on with everything else. The rest of this reconcile sees the
 * size the volumes have, so the last accepted spec keeps it and the user may set it back (a spec
 * stuck on a size that can never be applied, and that may not be lowered, is a deadlock).
 */
async function refuse(
  ctx: ReconcileContext,
  why: string,
  sts: V1StatefulSet | null,
): Promise<StepResult> {
  const spec = ctx.cluster.spec;
  const current = lastAcceptedSpec(ctx)?.storage.size ?? templateSize(sts);
  const from = current === undefined ? '' : ` from ${String(current)}`;
  const back = current === undefined ? '' : `set storage.size back to ${String(current)} or `;
  const message = `spec.storage.size: cannot grow the data volumes${from} to ${String(spec.storage.size)}: ${why}; nothing was changed (${back}use a StorageClass that allows expansion)`;
  ctx.blocked = { reason: EXPANSION_NOT_ALLOWED, message };
  if (!alreadyReported(ctx, message))
    await ctx.client.event(ctx.cluster, 'Warning', EXPANSION_NOT_ALLOWED, message);
  if (current !== undefined)
    ctx.cluster = {
      ...ctx.cluster,
      spec: { ...spec, storage: { ...spec.storage, size: current } },
    };
  return 'continue';
}

function templateSize(sts: V1StatefulSet | null): string | undefined {
  const t = sts?.spec?.volumeClaimTemplates?.find((v) => v.metadata?.name === DATA_VOLUME_NAME);
  return t?.spec?.resources?.requests?.['storage'];
}

/** True when the status already shows this refusal (one event per refusal, not per reconcile). */
function alreadyReported(ctx: ReconcileContext, message: string): boolean {
  const ready = ctx.cluster.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.reason === EXPANSION_NOT_ALLOWED && ready.message === message;
}

/**
 * Deletes the StatefulSet with Orphan propagation: its pods and PVCs stay (the garbage collector
 * only drops their owner reference) and keep serving; statefulSetStep creates the new one, with
 * the new claim template, once the old one is gone, and the StatefulSet controller adopts the pods.
 * The reconcile stops meanwhile so that no step acts on a StatefulSet being deleted.
 */
async function recreateStatefulSet(
  ctx: ReconcileContext,
  ref: ObjectRef,
  terminating: boolean,
): Promise<StepResult> {
  const size = String(ctx.cluster.spec.storage.size);
  const message = `every data volume grew to ${size}; re-creating StatefulSet ${ref.name} with ${size} volume claim templates (pods are kept)`;
  ctx.blocked = { reason: EXPANDING, message };
  if (!terminating) {
    await ctx.client.delete(ref, 'Orphan');
    ctx.logger.info('re-creating StatefulSet for new volume size', {
      cluster: ctx.cluster.metadata.name,
      size,
    });
    await ctx.client.event(ctx.cluster, 'Normal', EXPANDING, message);
  }
  return { stop: { requeueAfter: RECREATE_RECHECK_MS } };
}
