// The reconcile steps, in order: validate, owned objects, StatefulSet. Status is written last by
// status.ts whatever happened before.
import type { V1Secret, V1StatefulSet } from '@kubernetes/client-node';
import type { KubernetesObject } from '@kubernetes/client-node';
import { validatePostgresCluster, type FieldIssue } from '../../api/validate.ts';
import type { PostgresClusterSpec } from '../../api/postgres-cluster.ts';
import {
  buildPodDisruptionBudget,
  buildRole,
  buildRoleBinding,
  buildSecret,
  buildServiceAccount,
  buildServices,
  buildStatefulSet,
  generatedSecretKinds,
  generatePassword,
  secretName,
} from '../builders/index.ts';
import { ensureObject, refOf } from './ensure.ts';
import type { ReconcileContext, StepResult } from './types.ts';

/** Annotation holding the last spec the operator accepted (to refuse shrinking, immutable fields). */
export const LAST_ACCEPTED_ANNOTATION = 'steward.dev/last-accepted-spec';

/** The last accepted spec, or undefined. */
export function lastAcceptedSpec(ctx: ReconcileContext): PostgresClusterSpec | undefined {
  const text = ctx.cluster.metadata.annotations?.[LAST_ACCEPTED_ANNOTATION];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as PostgresClusterSpec;
  } catch {
    return undefined;
  }
}

/** How often a cluster refused for a missing Secret looks again (Secrets are not watched). */
export const MISSING_SECRET_RECHECK_MS = 10_000;

/** Refuses what the schema cannot express; nothing is changed while the spec is refused. */
export async function validateStep(ctx: ReconcileContext): Promise<StepResult> {
  const missing = await missingSecretReference(ctx);
  const issues = [...validatePostgresCluster(ctx.cluster.spec, lastAcceptedSpec(ctx)), ...missing];
  if (issues.length === 0) return 'continue';
  const message = issues.map((i) => `${i.field}: ${i.reason}`).join('; ');
  ctx.blocked = { reason: 'InvalidSpec', message };
  if (!alreadyReported(ctx, message)) {
    await ctx.client.event(ctx.cluster, 'Warning', 'InvalidSpec', message);
  }
  return { stop: missing.length > 0 ? { requeueAfter: MISSING_SECRET_RECHECK_MS } : 'done' };
}

/** True when the status already shows this refusal (one event per refusal, not per reconcile). */
function alreadyReported(ctx: ReconcileContext, message: string): boolean {
  const ready = ctx.cluster.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.reason === 'InvalidSpec' && ready.message === message;
}

async function missingSecretReference(ctx: ReconcileContext): Promise<FieldIssue[]> {
  const ref = ctx.cluster.spec.bootstrap.initdb.secret?.name;
  if (!ref) return [];
  const s = await ctx.client.get<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: ctx.cluster.metadata.namespace ?? '',
    name: ref,
  });
  return s
    ? []
    : [{ field: 'spec.bootstrap.initdb.secret.name', reason: `Secret "${ref}" does not exist` }];
}

/** Secrets (created once, never overwritten), agent RBAC, Services and the disruption budget. */
export async function ownedObjectsStep(ctx: ReconcileContext): Promise<StepResult> {
  const c = ctx.cluster;
  for (const kind of generatedSecretKinds(c)) {
    const password = generatePassword(ctx.random);
    const r = await ensureObject(ctx.client, buildSecret(c, kind, password), { createOnly: true });
    if (r === 'created')
      ctx.logger.info('created Secret', { cluster: c.metadata.name, secret: secretName(c, kind) });
  }
  const objects: KubernetesObject[] = [
    buildServiceAccount(c),
    buildRole(c),
    buildRoleBinding(c),
    ...buildServices(c),
    buildPodDisruptionBudget(c),
  ];
  for (const o of objects) await ensureObject(ctx.client, o);
  return 'continue';
}

/** The StatefulSet: created, then only its mutable fields follow the spec. */
export async function statefulSetStep(ctx: ReconcileContext): Promise<StepResult> {
  const want = buildStatefulSet(ctx.cluster);
  const r = await ensureObject(ctx.client, want, { patch: statefulSetPatch });
  if (r === 'created')
    await ctx.client.event(
      ctx.cluster,
      'Normal',
      'Created',
      `created StatefulSet ${want.metadata?.name ?? ''}`,
    );
  await rememberAcceptedSpec(ctx);
  return 'continue';
}

/** Fields of a StatefulSet that may change after creation (volumeClaimTemplates may not). */
export function statefulSetPatch(want: KubernetesObject, have: KubernetesObject): object | null {
  const w = (want as V1StatefulSet).spec!;
  const h = (have as V1StatefulSet).spec;
  const patch: Record<string, unknown> = {};
  if (w.replicas !== h?.replicas) patch['replicas'] = w.replicas;
  const hash = (t: V1StatefulSet['spec']) =>
    JSON.stringify(t?.template.metadata?.annotations ?? {});
  if (
    hash(w) !== hash(h) ||
    JSON.stringify(w.template.spec?.containers?.[0]?.image) !==
      JSON.stringify(h?.template.spec?.containers?.[0]?.image)
  ) {
    patch['template'] = w.template;
  }
  return Object.keys(patch).length > 0 ? { spec: patch } : null;
}

async function rememberAcceptedSpec(ctx: ReconcileContext): Promise<void> {
  const text = JSON.stringify(ctx.cluster.spec);
  if (ctx.cluster.metadata.annotations?.[LAST_ACCEPTED_ANNOTATION] === text) return;
  await ctx.client.patch(refOf(ctx.cluster as unknown as KubernetesObject), {
    metadata: { annotations: { [LAST_ACCEPTED_ANNOTATION]: text } },
  });
}
