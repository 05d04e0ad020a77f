// Pure decisions of the PV controller (upstream pkg/controller/volume/persistentvolume): which
// volume a claim binds to, whether it must be provisioned or wait for its first consumer, and
// which phase a volume is in.
import { matchesLabels, selectorObjectToRequirements } from '../../apiserver/selectors.ts';
import { ANN_SELECTED_NODE } from './constants.ts';
import type { Claim, StorageClass, Volume } from './objects.ts';
import { claimClassName, claimRequest, volumeCapacity, volumeClassName } from './objects.ts';

/** Whether the volume's claimRef points at this claim (by namespace/name, and uid when set). */
export function refersTo(v: Volume, c: Claim): boolean {
  const ref = v.spec.claimRef;
  if (!ref?.name) return false;
  if (ref.namespace !== c.metadata.namespace || ref.name !== c.metadata.name) return false;
  return !ref.uid || ref.uid === c.metadata.uid;
}

const modesCover = (have: string[] | undefined, want: string[] | undefined): boolean =>
  (want ?? []).every((m) => (have ?? []).includes(m));

/** Whether a volume satisfies a claim: free or pre-bound to it, class, size, modes, selector. */
export function volumeMatchesClaim(v: Volume, c: Claim): boolean {
  if (v.metadata.deletionTimestamp) return false;
  if (v.spec.claimRef?.name && !refersTo(v, c)) return false;
  if (c.spec.volumeName && c.spec.volumeName !== v.metadata.name) return false;
  if (volumeClassName(v) !== claimClassName(c)) return false;
  if (volumeCapacity(v) < claimRequest(c)) return false;
  if (!modesCover(v.spec.accessModes, c.spec.accessModes)) return false;
  if ((v.spec.volumeMode ?? 'Filesystem') !== (c.spec.volumeMode ?? 'Filesystem')) return false;
  if (
    c.spec.selector &&
    !matchesLabels(selectorObjectToRequirements(c.spec.selector), v.metadata.labels)
  )
    return false;
  return !['Released', 'Failed'].includes(v.status?.phase ?? '');
}

/** The best volume for a claim: one pre-bound to it, else the smallest that fits (as upstream). */
export function findBestVolume(volumes: readonly Volume[], c: Claim): Volume | undefined {
  const fits = volumes.filter((v) => volumeMatchesClaim(v, c));
  const preBound = fits.find((v) => refersTo(v, c));
  if (preBound) return preBound;
  return fits.sort((a, b) =>
    volumeCapacity(a) < volumeCapacity(b) ? -1 : volumeCapacity(a) > volumeCapacity(b) ? 1 : 0,
  )[0];
}

/** What to do with a claim that has no volume yet, or keep a bound claim in sync. */
export type ClaimAction =
  | { kind: 'bind'; volume: Volume }
  | { kind: 'provision'; cls: StorageClass }
  | { kind: 'wait-first-consumer' }
  | { kind: 'external'; provisioner: string }
  | { kind: 'no-class' }
  | { kind: 'class-missing'; name: string }
  | { kind: 'lost' }
  | { kind: 'none' };

/** Whether binding must wait for the scheduler (WaitForFirstConsumer and no selected node yet). */
export const shouldDelayBinding = (c: Claim, cls: StorageClass | undefined): boolean =>
  cls?.volumeBindingMode === 'WaitForFirstConsumer' && !c.metadata.annotations?.[ANN_SELECTED_NODE];

/** Decides a claim's next step given the volumes and its class (undefined when absent). */
export function planClaimSync(
  c: Claim,
  volumes: readonly Volume[],
  cls: StorageClass | undefined,
  driver: string,
): ClaimAction {
  if (c.metadata.deletionTimestamp && !c.spec.volumeName) return { kind: 'none' };
  if (c.spec.volumeName) {
    const v = volumes.find((x) => x.metadata.name === c.spec.volumeName);
    if (!v || (v.spec.claimRef?.name && !refersTo(v, c)))
      return c.status?.phase === 'Bound' ? { kind: 'lost' } : { kind: 'none' };
    return { kind: 'bind', volume: v };
  }
  const className = claimClassName(c);
  const delay = shouldDelayBinding(c, cls);
  const best = delay ? volumes.find((v) => refersTo(v, c)) : findBestVolume(volumes, c);
  if (best) return { kind: 'bind', volume: best };
  if (className === '') return { kind: 'no-class' };
  if (!cls) return { kind: 'class-missing', name: className };
  if (delay) return { kind: 'wait-first-consumer' };
  if (cls.provisioner === driver) return { kind: 'provision', cls };
  return { kind: 'external', provisioner: cls.provisioner };
}

/** What the PV controller does with a volume. */
export type VolumeAction =
  | { kind: 'phase'; phase: 'Available' | 'Bound' | 'Released' }
  | { kind: 'unbind' }
  | { kind: 'reclaim-delete' }
  | { kind: 'none' };

/** Decides a volume's phase and reclaim from its claimRef and the claim it names (if any). */
export function planVolumeSync(
  v: Volume,
  claim: Claim | undefined,
  boundByController: boolean,
): VolumeAction {
  const ref = v.spec.claimRef;
  const phase = v.status?.phase;
  const want = (p: 'Available' | 'Bound' | 'Released'): VolumeAction =>
    phase === p ? { kind: 'none' } : { kind: 'phase', phase: p };
  if (!ref?.name) return want('Available');
  const gone =
    !claim || (ref.uid !== undefined && ref.uid !== '' && ref.uid !== claim.metadata.uid);
  if (gone) {
    if (!ref.uid) return want('Available');
    if (phase !== 'Released' && phase !== 'Failed') return { kind: 'phase', phase: 'Released' };
    return v.spec.persistentVolumeReclaimPolicy === 'Delete' && !v.metadata.deletionTimestamp
      ? { kind: 'reclaim-delete' }
      : { kind: 'none' };
  }
  if (claim.spec.volumeName === v.metadata.name) return want('Bound');
  if (claim.spec.volumeName && boundByController) return { kind: 'unbind' };
  return want('Available');
}
