// The ReplicaSet sync as a pure plan (upstream `replica_set.go` manageReplicas/calculateStatus):
// how many pods to create, which to delete, and the status to record.
import {
  matchesLabels,
  selectorObjectToRequirements,
  type LabelSelectorObject,
} from '../../apiserver/selectors.ts';
import type { KubeObject } from '../../apiserver/types.ts';
import {
  isPodActive,
  isPodAvailable,
  isPodReady,
  msUntilAvailable,
  newControllerRef,
  podFromTemplate,
  podPhase,
  readyCondition,
  type Pod,
  type PodTemplate,
} from './pod-util.ts';

/** Upstream's burstReplicas: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 500;

/** apps/v1 ReplicaSet. */
export interface ReplicaSet extends KubeObject {
  spec: {
    replicas?: number;
    minReadySeconds?: number;
    selector?: LabelSelectorObject;
    template: PodTemplate;
  };
  status?: ReplicaSetStatus;
}

/** apps/v1 ReplicaSetStatus (zero omitempty fields left out). */
export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: unknown[];
}

/** What one ReplicaSet sync decided. */
export interface ReplicaSetPlan {
  create: Pod[];
  delete: Pod[];
  status: ReplicaSetStatus;
  requeueAfterMs?: number;
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** ActivePods ordering: pods to delete first come first (unscheduled, pending, unready, newest…). */
export function compareForDeletion(a: Pod, b: Pod): number {
  const assigned = (p: Pod): number => (p.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phase = (p: Pod): number => PHASE_RANK[podPhase(p)] ?? 1;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  const ready = (p: Pod): number => (isPodReady(p) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  const readySince = (p: Pod): string => readyCondition(p)?.lastTransitionTime ?? '';
  if (isPodReady(a) && readySince(a) !== readySince(b))
    return readySince(a) > readySince(b) ? -1 : 1;
  const restarts = (p: Pod): number =>
    Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const created = (p: Pod): string => p.metadata.creationTimestamp ?? '';
  return created(a) === created(b) ? 0 : created(a) > created(b) ? -1 : 1;
}

/** calculateStatus: counts over the active pods. */
export function replicaSetStatus(rs: ReplicaSet, active: Pod[], nowMs: number): ReplicaSetStatus {
  const templateLabels = selectorObjectToRequirements({
    matchLabels: rs.spec.template.metadata?.labels ?? {},
  });
  const minReady = rs.spec.minReadySeconds ?? 0;
  const status: ReplicaSetStatus = { replicas: active.length };
  const fully = active.filter((p) => matchesLabels(templateLabels, p.metadata.labels)).length;
  const ready = active.filter(isPodReady).length;
  const available = active.filter((p) => isPodAvailable(p, minReady, nowMs)).length;
  if (fully) status.fullyLabeledReplicas = fully;
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (rs.metadata.generation) status.observedGeneration = rs.metadata.generation;
  if (rs.status?.conditions) status.conditions = rs.status.conditions;
  return status;
}

/** A new pod for the ReplicaSet (generateName `<rs>-`, controller ref). */
export const newReplicaSetPod = (rs: ReplicaSet): Pod => {
  const pod = podFromTemplate(
    rs.spec.template,
    rs.metadata.name ?? '',
    newControllerRef(rs, 'apps/v1', 'ReplicaSet'),
  );
  pod.metadata.namespace = rs.metadata.namespace;
  return pod;
};

/** planReplicaSetSync: create or delete pods to match spec.replicas, and compute status. */
export function planReplicaSetSync(rs: ReplicaSet, pods: Pod[], nowMs: number): ReplicaSetPlan {
  const active = pods.filter(isPodActive);
  const diff = active.length - (rs.spec.replicas ?? 1);
  const plan: ReplicaSetPlan = {
    create: [],
    delete: [],
    status: replicaSetStatus(rs, active, nowMs),
  };
  if (!rs.metadata.deletionTimestamp) {
    if (diff < 0)
      plan.create = Array.from({ length: Math.min(-diff, BURST_REPLICAS) }, () =>
        newReplicaSetPod(rs),
      );
    if (diff > 0)
      plan.delete = [...active].sort(compareForDeletion).slice(0, Math.min(diff, BURST_REPLICAS));
  }
  const minReady = rs.spec.minReadySeconds ?? 0;
  const want = rs.spec.replicas ?? 1;
  if (
    minReady > 0 &&
    (plan.status.readyReplicas ?? 0) === want &&
    (plan.status.availableReplicas ?? 0) !== want
  ) {
    const waits = active.map((p) => msUntilAvailable(p, minReady, nowMs)).filter((ms) => ms > 0);
    plan.requeueAfterMs = waits.length > 0 ? Math.min(...waits) : minReady * 1000;
  }
  return plan;
}
