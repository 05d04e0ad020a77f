// Deployment status and conditions (upstream `calculateStatus` and `syncRolloutStatus`).
import type { ReplicaSet } from '../replicaset/plan.ts';
import {
  actualReplicas,
  availableReplicas,
  maxUnavailable,
  readyReplicas,
  specReplicas,
} from './rollout.ts';
import type { Deployment, DeploymentCondition, DeploymentStatus } from './types.ts';

/** SetDeploymentCondition: replaces a condition, keeping lastTransitionTime when the status holds. */
export function setCondition(
  conds: DeploymentCondition[],
  c: DeploymentCondition,
): DeploymentCondition[] {
  const old = conds.find((x) => x.type === c.type);
  if (old && old.status === c.status && old.reason === c.reason) return conds;
  const next = { ...c };
  if (old && old.status === c.status && old.lastTransitionTime)
    next.lastTransitionTime = old.lastTransitionTime;
  return [...conds.filter((x) => x.type !== c.type), next];
}

const cond = (
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
): DeploymentCondition => ({
  type,
  status,
  lastUpdateTime: now,
  lastTransitionTime: now,
  reason,
  message,
});

/** calculateStatus: counts over all replica sets plus the Available condition. */
export function calculateStatus(
  d: Deployment,
  all: ReplicaSet[],
  newRS: ReplicaSet | undefined,
  now: string,
): DeploymentStatus {
  const available = availableReplicas(all);
  const unavailable = Math.max(0, specReplicas(all) - available);
  const s: DeploymentStatus = {};
  const put = (
    k:
      | 'observedGeneration'
      | 'replicas'
      | 'updatedReplicas'
      | 'readyReplicas'
      | 'availableReplicas'
      | 'unavailableReplicas',
    v: number,
  ): void => {
    if (v) s[k] = v;
  };
  put('observedGeneration', d.metadata.generation ?? 0);
  put('replicas', actualReplicas(all));
  put('updatedReplicas', newRS ? actualReplicas([newRS]) : 0);
  put('readyReplicas', readyReplicas(all));
  put('availableReplicas', available);
  put('unavailableReplicas', unavailable);
  if (d.status?.collisionCount !== undefined) s.collisionCount = d.status.collisionCount;
  let conds = [...(d.status?.conditions ?? [])];
  conds =
    available >= (d.spec.replicas ?? 1) - maxUnavailable(d)
      ? setCondition(
          conds,
          cond(
            'Available',
            'True',
            'MinimumReplicasAvailable',
            'Deployment has minimum availability.',
            now,
          ),
        )
      : setCondition(
          conds,
          cond(
            'Available',
            'False',
            'MinimumReplicasUnavailable',
            'Deployment does not have minimum availability.',
            now,
          ),
        );
  s.conditions = conds;
  return s;
}

/** DeploymentComplete: every replica updated and available, and the generation observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const want = d.spec.replicas ?? 1;
  return (
    (s.updatedReplicas ?? 0) === want &&
    (s.replicas ?? 0) === want &&
    (s.availableReplicas ?? 0) === want &&
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available replicas. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const o = d.status ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (
    (s.updatedReplicas ?? 0) > (o.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (s.readyReplicas ?? 0) > (o.readyReplicas ?? 0) ||
    (s.availableReplicas ?? 0) > (o.availableReplicas ?? 0)
  );
}

/** syncRolloutStatus: the Progressing condition (complete, progressing or timed out). */
export function rolloutStatus(
  d: Deployment,
  all: ReplicaSet[],
  newRS: ReplicaSet | undefined,
  nowMs: number,
): DeploymentStatus {
  const now = new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const s = calculateStatus(d, all, newRS, now);
  const current = s.conditions?.find((c) => c.type === 'Progressing');
  const complete = s.replicas === s.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
  if (complete) return s;
  const rsName = newRS?.metadata.name ?? '';
  let next: DeploymentCondition | undefined;
  if (deploymentComplete(d, s)) {
    const msg = newRS
      ? `ReplicaSet "${rsName}" has successfully progressed.`
      : `Deployment "${d.metadata.name ?? ''}" has successfully progressed.`;
    next = cond('Progressing', 'True', 'NewReplicaSetAvailable', msg, now);
  } else if (deploymentProgressing(d, s)) {
    next = cond(
      'Progressing',
      'True',
      'ReplicaSetUpdated',
      newRS
        ? `ReplicaSet "${rsName}" is progressing.`
        : `Deployment "${d.metadata.name ?? ''}" is progressing.`,
      now,
    );
    if (current?.status === 'True' && current.lastTransitionTime)
      next.lastTransitionTime = current.lastTransitionTime;
    s.conditions = (s.conditions ?? []).filter((c) => c.type !== 'Progressing');
  } else if (timedOut(d, current, nowMs)) {
    next = cond(
      'Progressing',
      'False',
      'ProgressDeadlineExceeded',
      `ReplicaSet "${rsName}" has timed out progressing.`,
      now,
    );
  }
  if (next) s.conditions = setCondition(s.conditions ?? [], next);
  return s;
}

function timedOut(d: Deployment, c: DeploymentCondition | undefined, nowMs: number): boolean {
  if (!c || c.reason === 'NewReplicaSetAvailable' || c.reason === 'ProgressDeadlineExceeded')
    return false;
  const deadline = d.spec.progressDeadlineSeconds ?? 600;
  return Date.parse(c.lastUpdateTime ?? '') + deadline * 1000 < nowMs;
}
