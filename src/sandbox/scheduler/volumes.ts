// VolumeBinding and VolumeRestrictions: a pod's claims against nodes (upstream volumebinding and
// volumerestrictions plugins): bound PVs' node affinity, WaitForFirstConsumer claims (an available
// static PV or dynamic provisioning), unbound Immediate claims, ReadWriteOncePod conflicts.
import { quantityOf } from '../../lib/quantity.ts';
import { matchesAnyTerm } from './node-affinity.ts';
import type {
  Node,
  NodeStatus,
  Pod,
  Pv,
  Pvc,
  Snapshot,
  StorageClass,
  VolumeDecision,
} from './types.ts';

export const SELECTED_NODE = 'volume.kubernetes.io/selected-node';
export const UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const PV_NOT_EXIST =
  'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const RWOP_CONFLICT =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

/** Names of the claims a pod uses (generic ephemeral volumes are `<pod>-<volume>`). */
export function podClaimNames(pod: Pod): string[] {
  return (pod.spec.volumes ?? []).flatMap((v) => {
    if (v.persistentVolumeClaim) return [v.persistentVolumeClaim.claimName];
    if (v.ephemeral) return [`${pod.metadata.name ?? ''}-${v.name}`];
    return [];
  });
}

/** The pod's claims sorted by how they bind. */
export interface PodClaims {
  bound: Pvc[];
  delayed: Pvc[];
}

const findPvc = (snap: Snapshot, ns: string | undefined, name: string): Pvc | undefined =>
  snap.pvcs.find((c) => c.metadata.namespace === ns && c.metadata.name === name);

const classOf = (snap: Snapshot, pvc: Pvc): StorageClass | undefined =>
  snap.storageClasses.find((c) => c.metadata.name === (pvc.spec.storageClassName ?? ''));

/** PreFilter of VolumeRestrictions and VolumeBinding: a rejection for all nodes, or the claims. */
export function prepareVolumes(pod: Pod, snap: Snapshot): PodClaims | NodeStatus {
  const claims: PodClaims = { bound: [], delayed: [] };
  let immediate = false;
  for (const name of podClaimNames(pod)) {
    const pvc = findPvc(snap, pod.metadata.namespace, name);
    const reject = (reason: string): NodeStatus => ({
      code: 'UnschedulableAndUnresolvable',
      reasons: [reason],
    });
    if (!pvc) return reject(`persistentvolumeclaim "${name}" not found`);
    if (pvc.metadata.deletionTimestamp)
      return reject(`persistentvolumeclaim "${name}" is being deleted`);
    if (pvc.spec.volumeName) claims.bound.push(pvc);
    else if (classOf(snap, pvc)?.volumeBindingMode === 'WaitForFirstConsumer')
      claims.delayed.push(pvc);
    else immediate = true;
  }
  if (immediate) return { code: 'UnschedulableAndUnresolvable', reasons: [UNBOUND_IMMEDIATE] };
  return claims;
}

/** VolumeRestrictions: another pod already uses one of the pod's ReadWriteOncePod claims. */
export function rwopConflict(pod: Pod, snap: Snapshot): boolean {
  const rwop = podClaimNames(pod).filter((n) =>
    findPvc(snap, pod.metadata.namespace, n)?.spec.accessModes?.includes('ReadWriteOncePod'),
  );
  if (rwop.length === 0) return false;
  return snap.pods.some(
    (p) =>
      p.metadata.uid !== pod.metadata.uid &&
      p.metadata.namespace === pod.metadata.namespace &&
      podClaimNames(p).some((n) => rwop.includes(n)),
  );
}

const storageOf = (v: Record<string, string | number> | undefined): bigint =>
  quantityOf(v?.storage) ?? 0n;

function pvMatches(pv: Pv, pvc: Pvc, node: Node): boolean {
  const ref = pv.spec.claimRef;
  const free = !ref || (ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name);
  const terms = pv.spec.nodeAffinity?.required?.nodeSelectorTerms;
  return (
    free &&
    !pv.metadata.deletionTimestamp &&
    (pv.spec.storageClassName ?? '') === (pvc.spec.storageClassName ?? '') &&
    (pv.spec.volumeMode ?? 'Filesystem') === (pvc.spec.volumeMode ?? 'Filesystem') &&
    (pvc.spec.accessModes ?? []).every((m) => (pv.spec.accessModes ?? []).includes(m)) &&
    storageOf(pv.spec.capacity) >= storageOf(pvc.spec.resources?.requests) &&
    (!terms || matchesAnyTerm(terms, node))
  );
}

function canProvision(snap: Snapshot, pvc: Pvc, node: Node): boolean {
  const selected = pvc.metadata.annotations?.[SELECTED_NODE];
  if (selected !== undefined) return selected === node.metadata.name;
  const cls = classOf(snap, pvc);
  if (!cls || !cls.provisioner || cls.provisioner === NO_PROVISIONER) return false;
  const topologies = cls.allowedTopologies ?? [];
  const labels = node.metadata.labels ?? {};
  return (
    topologies.length === 0 ||
    topologies.some((t) =>
      (t.matchLabelExpressions ?? []).every((e) => e.values.includes(labels[e.key] ?? '\u0000')),
    )
  );
}

/** Whether the volumes allow a node: the decision to apply, or the reasons against it. */
export function checkVolumes(
  claims: PodClaims,
  node: Node,
  snap: Snapshot,
): { ok: VolumeDecision } | { reasons: string[] } {
  const reasons: string[] = [];
  for (const pvc of claims.bound) {
    const pv = snap.pvs.find((v) => v.metadata.name === pvc.spec.volumeName);
    const terms = pv?.spec.nodeAffinity?.required?.nodeSelectorTerms;
    if (!pv) reasons.push(PV_NOT_EXIST);
    else if (terms && !matchesAnyTerm(terms, node)) reasons.push(NODE_CONFLICT);
  }
  const decision: VolumeDecision = { provision: [], staticBindings: [] };
  const used = new Set<string>();
  for (const pvc of claims.delayed) {
    const name = pvc.metadata.name ?? '';
    const pv = snap.pvs
      .filter((v) => !used.has(v.metadata.name ?? '') && pvMatches(v, pvc, node))
      .sort((a, b) => Number(storageOf(a.spec.capacity) - storageOf(b.spec.capacity)))[0];
    if (pv) {
      used.add(pv.metadata.name ?? '');
      decision.staticBindings.push({ claim: name, pv: pv.metadata.name ?? '' });
    } else if (canProvision(snap, pvc, node)) decision.provision.push(name);
    else reasons.push(BIND_CONFLICT);
  }
  const ordered = [NODE_CONFLICT, BIND_CONFLICT, PV_NOT_EXIST].filter((r) => reasons.includes(r));
  return ordered.length > 0 ? { reasons: ordered } : { ok: decision };
}
