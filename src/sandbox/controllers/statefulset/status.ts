// StatefulSet status as upstream computes it (`computeReplicaStatus`, `completeRollingUpdate`,
// `inconsistentStatus`), shaped like Go's JSON (omitempty fields left out when zero).
import {
  isPodAvailable,
  isRunningAndReady,
  isTerminating,
  podPhase,
  type Pod,
} from '../replicaset/pod-util.ts';
import { podRevision, replicasOf } from './identity.ts';
import type { StatefulSet, StatefulSetStatus } from './types.ts';

/** Replica counts of a set of pods. */
export interface ReplicaCounts {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
}

/** computeReplicaStatus: created, Running+Ready, available, and non-terminating pods per revision. */
export function countReplicas(
  pods: Pod[],
  opts: { minReadySeconds: number; nowMs: number; currentRevision: string; updateRevision: string },
): ReplicaCounts {
  const c: ReplicaCounts = {
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
  };
  for (const pod of pods) {
    const created = podPhase(pod) !== '';
    if (created) c.replicas++;
    if (isRunningAndReady(pod)) {
      c.readyReplicas++;
      if (isPodAvailable(pod, opts.minReadySeconds, opts.nowMs)) c.availableReplicas++;
    }
    if (created && !isTerminating(pod)) {
      if (podRevision(pod) === opts.currentRevision) c.currentReplicas++;
      if (podRevision(pod) === opts.updateRevision) c.updatedReplicas++;
    }
  }
  return c;
}

/** The status object for the counts and revisions (zero omitempty fields left out). */
export function buildStatus(
  set: StatefulSet,
  counts: ReplicaCounts,
  revs: { currentRevision: string; updateRevision: string; collisionCount: number },
): StatefulSetStatus {
  const s: StatefulSetStatus = {
    replicas: counts.replicas,
    availableReplicas: counts.availableReplicas,
  };
  const gen = set.metadata.generation ?? 0;
  if (gen) s.observedGeneration = gen;
  if (counts.readyReplicas) s.readyReplicas = counts.readyReplicas;
  if (counts.currentReplicas) s.currentReplicas = counts.currentReplicas;
  if (counts.updatedReplicas) s.updatedReplicas = counts.updatedReplicas;
  if (revs.currentRevision) s.currentRevision = revs.currentRevision;
  if (revs.updateRevision) s.updateRevision = revs.updateRevision;
  s.collisionCount = revs.collisionCount;
  return s;
}

/** completeRollingUpdate: when every replica is updated and ready, the update revision becomes current. */
export function completeRollingUpdate(
  set: StatefulSet,
  status: StatefulSetStatus,
): StatefulSetStatus {
  const want = replicasOf(set);
  if (
    set.spec.updateStrategy?.type === 'RollingUpdate' &&
    (status.updatedReplicas ?? 0) === want &&
    (status.readyReplicas ?? 0) === want &&
    status.replicas === want
  ) {
    const out = { ...status };
    if (status.updatedReplicas) out.currentReplicas = status.updatedReplicas;
    else delete out.currentReplicas;
    if (status.updateRevision) out.currentRevision = status.updateRevision;
    return out;
  }
  return status;
}

/** inconsistentStatus: whether the computed status differs from the stored one. */
export function statusChanged(set: StatefulSet, status: StatefulSetStatus): boolean {
  const old = set.status ?? { replicas: 0, availableReplicas: 0 };
  return (
    (status.observedGeneration ?? 0) > (old.observedGeneration ?? 0) ||
    status.replicas !== (old.replicas ?? 0) ||
    (status.currentReplicas ?? 0) !== (old.currentReplicas ?? 0) ||
    (status.readyReplicas ?? 0) !== (old.readyReplicas ?? 0) ||
    (status.updatedReplicas ?? 0) !== (old.updatedReplicas ?? 0) ||
    (status.currentRevision ?? '') !== (old.currentRevision ?? '') ||
    status.availableReplicas !== (old.availableReplicas ?? 0) ||
    (status.updateRevision ?? '') !== (old.updateRevision ?? '')
  );
}
