// PVC retention policy (upstream `isClaimOwnerUpToDate`, `updateClaimOwnerRefForSetAndPod`,
// `PodClaimIsStale`): owner references that let the garbage collector delete claims.
import type { KubeObject, OwnerReference } from '../../apiserver/types.ts';
import { newControllerRef, type Pod } from '../replicaset/pod-util.ts';
import { claimsFor, inOrdinalRange, ordinalOf, setControllerRef } from './identity.ts';
import {
  STS_API_VERSION,
  STS_KIND,
  type PersistentVolumeClaim,
  type StatefulSet,
} from './types.ts';

type Kind = { apiVersion: string; kind: string };
const SET_KIND: Kind = { apiVersion: STS_API_VERSION, kind: STS_KIND };
const POD_KIND: Kind = { apiVersion: 'v1', kind: 'Pod' };

/** The set's retention policy (Retain/Retain when unset). */
export function retentionPolicy(set: StatefulSet): { whenDeleted: string; whenScaled: string } {
  const p = set.spec.persistentVolumeClaimRetentionPolicy;
  return { whenDeleted: p?.whenDeleted ?? 'Retain', whenScaled: p?.whenScaled ?? 'Retain' };
}

const matchesRef = (ref: OwnerReference, obj: KubeObject, k: Kind): boolean =>
  ref.apiVersion === k.apiVersion && ref.kind === k.kind && ref.name === obj.metadata.name;

const uidOf = (obj: KubeObject): string => obj.metadata.uid ?? '';

const hasOwnerRef = (target: KubeObject, owner: KubeObject): boolean =>
  (target.metadata.ownerReferences ?? []).some((r) => r.uid === uidOf(owner));

function hasStaleOwnerRef(target: KubeObject, obj: KubeObject, k: Kind): boolean {
  const ref = (target.metadata.ownerReferences ?? []).find((r) => matchesRef(r, obj, k));
  return ref !== undefined && ref.uid !== uidOf(obj);
}

function hasUnexpectedController(
  claim: PersistentVolumeClaim,
  set: StatefulSet,
  pod: Pod,
): boolean {
  const p = retentionPolicy(set);
  if (p.whenScaled === 'Retain' && p.whenDeleted === 'Retain') return false;
  for (const ref of claim.metadata.ownerReferences ?? []) {
    if (matchesRef(ref, set, SET_KIND)) {
      if (ref.uid !== uidOf(set)) return true;
      continue;
    }
    if (matchesRef(ref, pod, POD_KIND)) {
      if (ref.uid !== uidOf(pod)) return true;
      continue;
    }
    if (ref.controller === true) return true;
  }
  return false;
}

const hasNonControllerOwner = (claim: PersistentVolumeClaim, set: StatefulSet, pod: Pod): boolean =>
  (claim.metadata.ownerReferences ?? []).some(
    (r) => (r.uid === uidOf(set) || r.uid === uidOf(pod)) && r.controller !== true,
  );

/** Which owners a claim should have under the policy: the set, the (condemned) pod, both or none. */
function wantedOwners(set: StatefulSet, pod: Pod): { set: boolean; pod: boolean } {
  const p = retentionPolicy(set);
  const scaledDown = !inOrdinalRange(pod, set);
  return {
    set: p.whenDeleted === 'Delete' && !(p.whenScaled === 'Delete' && scaledDown),
    pod: p.whenScaled === 'Delete' && scaledDown,
  };
}

/** isClaimOwnerUpToDate: whether the claim's owner references already follow the policy. */
export function isClaimOwnerUpToDate(
  claim: PersistentVolumeClaim,
  set: StatefulSet,
  pod: Pod,
): boolean {
  if (hasStaleOwnerRef(claim, set, SET_KIND) || hasStaleOwnerRef(claim, pod, POD_KIND)) return true;
  if (hasUnexpectedController(claim, set, pod))
    return !(hasOwnerRef(claim, set) || hasOwnerRef(claim, pod));
  if (hasNonControllerOwner(claim, set, pod)) return false;
  const want = wantedOwners(set, pod);
  return hasOwnerRef(claim, set) === want.set && hasOwnerRef(claim, pod) === want.pod;
}

/** updateClaimOwnerRefForSetAndPod: the claim's owner references as the policy wants them. */
export function claimOwnerRefs(
  claim: PersistentVolumeClaim,
  set: StatefulSet,
  pod: Pod,
): OwnerReference[] {
  const unexpected = hasUnexpectedController(claim, set, pod);
  const refs = (claim.metadata.ownerReferences ?? []).filter(
    (r) => !matchesRef(r, set, SET_KIND) && !matchesRef(r, pod, POD_KIND),
  );
  if (unexpected) return refs;
  const want = wantedOwners(set, pod);
  if (want.pod) refs.push(newControllerRef(pod, 'v1', 'Pod'));
  if (want.set) refs.push(setControllerRef(set));
  return refs;
}

/** Whether the claim has an owner that manages it besides this set and pod (ConflictingController). */
export const claimHasConflictingController = hasUnexpectedController;

/** PodClaimIsStale: with whenScaled=Delete, a claim still owned by an earlier pod of the same name. */
export function podClaimIsStale(
  set: StatefulSet,
  pod: Pod,
  claims: Map<string, PersistentVolumeClaim>,
): boolean {
  if (retentionPolicy(set).whenScaled === 'Retain') return false;
  for (const c of claimsFor(set, ordinalOf(pod)).values()) {
    const existing = claims.get(c.metadata.name ?? '');
    if (existing && hasStaleOwnerRef(existing, pod, POD_KIND)) return true;
  }
  return false;
}
