// StatefulSet pod identity (upstream `stateful_set_utils.go`): names, ordinals, labels, claims and
// the pod built for an ordinal at a revision.
import {
  newControllerRef,
  podFromTemplate,
  type Pod,
  type Volume,
} from '../replicaset/pod-util.ts';
import {
  POD_INDEX_LABEL,
  POD_NAME_LABEL,
  REVISION_LABEL,
  STS_API_VERSION,
  STS_KIND,
  type PersistentVolumeClaim,
  type StatefulSet,
} from './types.ts';

const STATEFUL_POD = /^(.*)-([0-9]+)$/;

/** getParentNameAndOrdinal: `web-3` → { parent: 'web', ordinal: 3 }; ordinal -1 if none. */
export function parentAndOrdinal(podName: string): { parent: string; ordinal: number } {
  const m = STATEFUL_POD.exec(podName);
  if (!m) return { parent: '', ordinal: -1 };
  const n = Number(m[2]);
  return { parent: m[1] ?? '', ordinal: Number.isSafeInteger(n) && n <= 2 ** 31 - 1 ? n : -1 };
}

/** The ordinal of a pod (-1 if its name has none). */
export const ordinalOf = (pod: Pod): number => parentAndOrdinal(pod.metadata.name ?? '').ordinal;

/** Whether the pod's name says it belongs to the set. */
export const isMemberOf = (set: StatefulSet, pod: Pod): boolean =>
  parentAndOrdinal(pod.metadata.name ?? '').parent === set.metadata.name;

/** spec.replicas (default 1). */
export const replicasOf = (set: StatefulSet): number => set.spec.replicas ?? 1;
/** First ordinal (spec.ordinals.start, default 0). */
export const startOrdinal = (set: StatefulSet): number => set.spec.ordinals?.start ?? 0;
/** Last ordinal, inclusive. */
export const endOrdinal = (set: StatefulSet): number => startOrdinal(set) + replicasOf(set) - 1;

/** Whether the pod's ordinal is within [start, end]. */
export function inOrdinalRange(pod: Pod, set: StatefulSet): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

/** `<set>-<ordinal>`. */
export const podName = (set: StatefulSet, ordinal: number): string =>
  `${set.metadata.name ?? ''}-${String(ordinal)}`;

/** `<template>-<set>-<ordinal>`. */
export const claimName = (
  set: StatefulSet,
  template: PersistentVolumeClaim,
  ordinal: number,
): string => `${template.metadata.name ?? ''}-${set.metadata.name ?? ''}-${String(ordinal)}`;

/** The controller-revision-hash label of a pod ('' if none). */
export const podRevision = (pod: Pod): string => pod.metadata.labels?.[REVISION_LABEL] ?? '';

/** The set's controller reference (for pods, revisions and retained claims). */
export const setControllerRef = (set: StatefulSet): ReturnType<typeof newControllerRef> =>
  newControllerRef(set, STS_API_VERSION, STS_KIND);

/** getPersistentVolumeClaims: the claims of the pod with the given ordinal, by template name. */
export function claimsFor(set: StatefulSet, ordinal: number): Map<string, PersistentVolumeClaim> {
  const claims = new Map<string, PersistentVolumeClaim>();
  for (const t of set.spec.volumeClaimTemplates ?? []) {
    const meta = structuredClone(t.metadata);
    const claim: PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        ...meta,
        name: claimName(set, t, ordinal),
        namespace: set.metadata.namespace,
        labels: { ...(meta.labels ?? {}), ...(set.spec.selector?.matchLabels ?? {}) },
      },
      spec: structuredClone(t.spec ?? {}),
    };
    claims.set(t.metadata.name ?? '', claim);
  }
  return claims;
}

/** identityMatches: name, namespace and the pod-name label agree with the set. */
export function identityMatches(set: StatefulSet, pod: Pod): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod.metadata.name ?? '');
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.namespace === set.metadata.namespace &&
    pod.metadata.labels?.[POD_NAME_LABEL] === pod.metadata.name
  );
}

/** storageMatches: every claim template is mounted from the pod's own claim. */
export function storageMatches(set: StatefulSet, pod: Pod): boolean {
  const ordinal = ordinalOf(pod);
  if (ordinal < 0) return false;
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  return (set.spec.volumeClaimTemplates ?? []).every(
    (t) =>
      volumes.get(t.metadata.name ?? '')?.persistentVolumeClaim?.claimName ===
      claimName(set, t, ordinal),
  );
}

/** updateIdentity: namespace and the pod-name / pod-index labels. */
export function updateIdentity(set: StatefulSet, pod: Pod): void {
  const ordinal = ordinalOf(pod);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}) };
  pod.metadata.labels[POD_NAME_LABEL] = pod.metadata.name ?? '';
  pod.metadata.labels[POD_INDEX_LABEL] = String(ordinal);
}

/** updateStorage: claim volumes (template order) replace same-named volumes; others are kept. */
export function updateStorage(set: StatefulSet, pod: Pod): void {
  const claims = claimsFor(set, ordinalOf(pod));
  const volumes: Volume[] = [...claims].map(([name, c]) => ({
    name,
    persistentVolumeClaim: { claimName: c.metadata.name ?? '' },
  }));
  for (const v of pod.spec?.volumes ?? []) if (!claims.has(v.name)) volumes.push(v);
  pod.spec = { ...(pod.spec ?? {}), volumes };
}

/** newStatefulSetPod: a pod from the set's template with its identity and storage. */
export function newStatefulSetPod(set: StatefulSet, ordinal: number): Pod {
  const pod = podFromTemplate(set.spec.template, set.metadata.name ?? '', setControllerRef(set));
  pod.metadata.name = podName(set, ordinal);
  updateIdentity(set, pod);
  pod.spec = { ...(pod.spec ?? {}), hostname: pod.metadata.name };
  if (set.spec.serviceName) pod.spec.subdomain = set.spec.serviceName;
  updateStorage(set, pod);
  return pod;
}

/**
 * newVersionedStatefulSetPod: ordinals below the partition get the current revision, the others
 * the update revision (the operator precedence of upstream's condition is kept).
 */
export function newVersionedPod(
  current: { set: StatefulSet; revision: string },
  update: { set: StatefulSet; revision: string },
  ordinal: number,
): Pod {
  const cs = current.set;
  const ru = cs.spec.updateStrategy?.rollingUpdate;
  const start = startOrdinal(cs);
  const useCurrent =
    (cs.spec.updateStrategy?.type === 'RollingUpdate' &&
      !ru &&
      ordinal < start + (cs.status?.currentReplicas ?? 0)) ||
    (ru !== undefined && ordinal < start + (ru.partition ?? 0));
  const { set, revision } = useCurrent ? current : update;
  const pod = newStatefulSetPod(set, ordinal);
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [REVISION_LABEL]: revision };
  return pod;
}
