// PVC/PV protection (upstream pvcprotection / pvprotection controllers): finalizers that keep a
// claim while a pod uses it and a volume while it is bound.
import type { KubeObject } from '../../apiserver/types.ts';
import type { Claim } from './objects.ts';
import { podClaimNames, podIsTerminal, podNodeName } from './objects.ts';

/** Whether a scheduled, unfinished pod in the claim's namespace uses it. */
export function claimInUse(claim: Claim, pods: readonly KubeObject[]): boolean {
  return pods.some(
    (p) =>
      p.metadata.namespace === claim.metadata.namespace &&
      podNodeName(p) !== '' &&
      !podIsTerminal(p) &&
      podClaimNames(p).includes(claim.metadata.name ?? ''),
  );
}

export const hasFinalizer = (o: KubeObject, f: string): boolean =>
  (o.metadata.finalizers ?? []).includes(f);

/** Adds a finalizer in place; returns whether it changed the object. */
export function addFinalizer(o: KubeObject, f: string): boolean {
  if (hasFinalizer(o, f)) return false;
  o.metadata.finalizers = [...(o.metadata.finalizers ?? []), f];
  return true;
}

/** Removes a finalizer in place; returns whether it changed the object. */
export function removeFinalizer(o: KubeObject, f: string): boolean {
  if (!hasFinalizer(o, f)) return false;
  o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((x) => x !== f);
  return true;
}
