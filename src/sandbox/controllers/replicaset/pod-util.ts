// Pod and owner-reference helpers shared by the workload controllers (upstream's
// `pkg/api/v1/pod` and `pkg/controller/controller_utils.go`).
import type { KubeObject, OwnerReference } from '../../apiserver/types.ts';

/** The parts of a Pod the workload controllers read. */
export interface Pod extends KubeObject {
  spec?: { nodeName?: string; volumes?: Volume[]; [key: string]: unknown };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; lastTransitionTime?: string }[];
    containerStatuses?: { restartCount?: number }[];
    [key: string]: unknown;
  };
}

/** A pod volume (only the PVC source matters here). */
export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  [key: string]: unknown;
}

/** A pod template as stored in workload specs. */
export interface PodTemplate {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
}

/** Pod phase ('' when the API server has not set it). */
export const podPhase = (pod: Pod): string => pod.status?.phase ?? '';

/** Whether the pod has a deletion timestamp. */
export const isTerminating = (obj: KubeObject): boolean =>
  obj.metadata.deletionTimestamp !== undefined;

/** The pod's Ready condition, if any. */
export const readyCondition = (
  pod: Pod,
): { status: string; lastTransitionTime?: string } | undefined =>
  pod.status?.conditions?.find((c) => c.type === 'Ready');

/** IsPodReady: the Ready condition is True. */
export const isPodReady = (pod: Pod): boolean => readyCondition(pod)?.status === 'True';

/** Running and Ready (upstream `isRunningAndReady`). */
export const isRunningAndReady = (pod: Pod): boolean =>
  podPhase(pod) === 'Running' && isPodReady(pod);

/** IsPodAvailable: Ready for at least `minReadySeconds` at `nowMs`. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = Date.parse(readyCondition(pod)?.lastTransitionTime ?? '');
  return Number.isFinite(since) && since + minReadySeconds * 1000 < nowMs;
}

/** Milliseconds until a Ready pod becomes available (0 if available or not Ready). */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, nowMs: number): number {
  if (!isPodReady(pod) || minReadySeconds === 0) return 0;
  const since = Date.parse(readyCondition(pod)?.lastTransitionTime ?? '');
  if (!Number.isFinite(since)) return 0;
  return Math.max(0, since + minReadySeconds * 1000 - nowMs + 1);
}

/** FilterActivePods: not Succeeded/Failed and not being deleted. */
export const isPodActive = (pod: Pod): boolean =>
  podPhase(pod) !== 'Succeeded' && podPhase(pod) !== 'Failed' && !isTerminating(pod);

/** The controller owner reference of an object, if any. */
export const controllerRefOf = (obj: KubeObject): OwnerReference | undefined =>
  obj.metadata.ownerReferences?.find((r) => r.controller === true);

/** metav1.NewControllerRef: a controller reference to `owner`. */
export function newControllerRef(
  owner: KubeObject,
  apiVersion: string,
  kind: string,
): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** GetPodFromTemplate: a new pod from a template (labels, annotations, finalizers, spec, owner). */
export function podFromTemplate(
  template: PodTemplate,
  parentName: string,
  owner: OwnerReference,
): Pod {
  const meta = template.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${parentName}-`,
      labels: { ...(meta.labels ?? {}) },
      ownerReferences: [owner],
    },
    spec: structuredClone(template.spec ?? {}),
  };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}
