// The Deployment sync as a pure plan (upstream `sync.go`, `rolling.go`, `recreate.go`): replica
// sets to create, scale or delete this round, and the status to record.
import type { ReplicaSet } from '../replicaset/plan.ts';
import { newControllerRef } from '../replicaset/pod-util.ts';
import {
  availableReplicas,
  byCreation,
  equalIgnoreHash,
  newRSReplicas,
  maxUnavailable,
  resolveFenceposts,
  revisionOf,
  specReplicas,
  templateHash,
} from './rollout.ts';
import { deploymentComplete, rolloutStatus, setCondition } from './status.ts';
import {
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  POD_TEMPLATE_HASH,
  REVISION_ANNOTATION,
  type Deployment,
  type DeploymentStatus,
} from './types.ts';

/** A change the Deployment controller wants made. */
export type DeploymentAction =
  | { kind: 'createRS'; rs: ReplicaSet }
  | { kind: 'scaleRS'; name: string; from: number; to: number; annotations: Record<string, string> }
  | { kind: 'setRSRevision'; name: string; revision: string }
  | { kind: 'setDeploymentRevision'; revision: string }
  | { kind: 'deleteRS'; name: string };

/** What one Deployment sync decided. */
export interface DeploymentPlan {
  actions: DeploymentAction[];
  status: DeploymentStatus;
}

/** Inputs of one sync. */
export interface DeploymentInput {
  d: Deployment;
  /** Replica sets owned by the deployment. */
  replicaSets: ReplicaSet[];
  /** Whether pods of old replica sets still run (Recreate waits for them). */
  oldPodsRunning: boolean;
  nowMs: number;
}

interface Ctx {
  d: Deployment;
  newRS: ReplicaSet | undefined;
  olds: ReplicaSet[];
  actions: DeploymentAction[];
}

function scale(ctx: Ctx, rs: ReplicaSet, to: number): void {
  const from = rs.spec.replicas ?? 0;
  if (from === to) return;
  const annotations = {
    [DESIRED_REPLICAS_ANNOTATION]: String(ctx.d.spec.replicas ?? 1),
    [MAX_REPLICAS_ANNOTATION]: String(
      (ctx.d.spec.replicas ?? 1) + resolveFenceposts(ctx.d).maxSurge,
    ),
  };
  ctx.actions.push({ kind: 'scaleRS', name: rs.metadata.name ?? '', from, to, annotations });
  rs.spec.replicas = to;
}

/** NewReplicaSet: `<deployment>-<hash>` with the template, the hash label and the revision. */
export function buildNewReplicaSet(d: Deployment, revision: string, replicas: number): ReplicaSet {
  const hash = templateHash(d.spec.template, d.status?.collisionCount);
  const template = structuredClone(d.spec.template);
  template.metadata = {
    ...(template.metadata ?? {}),
    labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash },
  };
  const selector = structuredClone(d.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
  const annotations = { ...(d.metadata.annotations ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  annotations[REVISION_ANNOTATION] = revision;
  annotations[DESIRED_REPLICAS_ANNOTATION] = String(d.spec.replicas ?? 1);
  annotations[MAX_REPLICAS_ANNOTATION] = String(
    (d.spec.replicas ?? 1) + resolveFenceposts(d).maxSurge,
  );
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name ?? ''}-${hash}`,
      namespace: d.metadata.namespace,
      labels: { ...(template.metadata.labels ?? {}) },
      annotations,
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
    },
    spec: { replicas, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
    status: { replicas: 0 },
  };
}

/** getAllReplicaSetsAndSyncRevision: finds or creates the new replica set and syncs revisions. */
function syncRevision(ctx: Ctx, input: DeploymentInput): void {
  const { d } = ctx;
  const revision = String(Math.max(0, ...ctx.olds.map(revisionOf)) + 1);
  if (ctx.newRS) {
    if (revisionOf(ctx.newRS) < Number(revision))
      ctx.actions.push({ kind: 'setRSRevision', name: ctx.newRS.metadata.name ?? '', revision });
  } else if (!d.spec.paused) {
    const rs = buildNewReplicaSet(d, revision, 0);
    rs.spec.replicas = newRSReplicas(d, ctx.olds, rs);
    ctx.actions.push({ kind: 'createRS', rs });
    ctx.newRS = rs;
    const now = new Date(input.nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const msg = `Created new replica set "${rs.metadata.name ?? ''}"`;
    const c = {
      type: 'Progressing',
      status: 'True',
      lastUpdateTime: now,
      lastTransitionTime: now,
      reason: 'NewReplicaSetCreated',
      message: msg,
    };
    d.status = { ...(d.status ?? {}), conditions: setCondition(d.status?.conditions ?? [], c) };
  }
  const current = d.metadata.annotations?.[REVISION_ANNOTATION];
  if (ctx.newRS && current !== revision && Number(current ?? 0) < Number(revision))
    ctx.actions.push({ kind: 'setDeploymentRevision', revision });
}

/** rolloutRolling: scale the new replica set up within maxSurge, old ones down within maxUnavailable. */
function rolling(ctx: Ctx): void {
  const { d, newRS, olds } = ctx;
  if (!newRS) return;
  const want = d.spec.replicas ?? 1;
  const all = [...olds, newRS];
  const cur = newRS.spec.replicas ?? 0;
  if (cur !== want) {
    scale(ctx, newRS, cur > want ? want : newRSReplicas(d, all, newRS));
    if ((newRS.spec.replicas ?? 0) !== cur) return;
  }
  if (specReplicas(olds) === 0) return;
  const minAvailable = want - maxUnavailable(d);
  const newUnavailable = (newRS.spec.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = specReplicas(all) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return;
  let cleaned = 0;
  for (const rs of [...olds].sort(byCreation)) {
    const r = rs.spec.replicas ?? 0;
    const avail = rs.status?.availableReplicas ?? 0;
    if (cleaned >= maxScaledDown || r === 0 || r === avail) continue;
    const n = Math.min(maxScaledDown - cleaned, r - avail);
    scale(ctx, rs, r - n);
    cleaned += n;
  }
  let total = availableReplicas([...olds, newRS]) - minAvailable;
  for (const rs of [...olds].sort(byCreation)) {
    const r = rs.spec.replicas ?? 0;
    if (total <= 0 || r === 0) continue;
    const n = Math.min(r, total);
    scale(ctx, rs, r - n);
    total -= n;
  }
}

/** rolloutRecreate: old replica sets to zero, wait for their pods, then the new one to full size. */
function recreate(ctx: Ctx, oldPodsRunning: boolean): void {
  const active = ctx.olds.filter((rs) => (rs.spec.replicas ?? 0) > 0);
  for (const rs of active) scale(ctx, rs, 0);
  if (active.length > 0 || oldPodsRunning || !ctx.newRS) return;
  scale(ctx, ctx.newRS, ctx.d.spec.replicas ?? 1);
}

/** cleanupDeployment: delete the oldest empty old replica sets beyond revisionHistoryLimit. */
function cleanup(ctx: Ctx): void {
  const limit = ctx.d.spec.revisionHistoryLimit ?? 10;
  const empty = ctx.olds
    .filter(
      (rs) =>
        (rs.spec.replicas ?? 0) === 0 &&
        (rs.status?.replicas ?? 0) === 0 &&
        !rs.metadata.deletionTimestamp,
    )
    .sort(byCreation);
  for (const rs of empty.slice(0, Math.max(0, ctx.olds.length - limit)))
    ctx.actions.push({ kind: 'deleteRS', name: rs.metadata.name ?? '' });
}

/** planDeploymentSync: one round of the deployment's strategy, and its status. */
export function planDeploymentSync(input: DeploymentInput): DeploymentPlan {
  const d = structuredClone(input.d);
  const rss = structuredClone(input.replicaSets).sort(byCreation);
  const newRS = rss.find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
  const ctx: Ctx = { d, newRS, olds: rss.filter((rs) => rs !== newRS), actions: [] };
  if (!d.metadata.deletionTimestamp) {
    syncRevision(ctx, input);
    if (!d.spec.paused) {
      if (d.spec.strategy?.type === 'Recreate') recreate(ctx, input.oldPodsRunning);
      else rolling(ctx);
    }
  }
  const all = ctx.newRS ? [...ctx.olds, ctx.newRS] : ctx.olds;
  const status = rolloutStatus(d, all, ctx.newRS, input.nowMs);
  if (deploymentComplete(d, status) && ctx.actions.length === 0) cleanup(ctx);
  return { actions: ctx.actions, status };
}
