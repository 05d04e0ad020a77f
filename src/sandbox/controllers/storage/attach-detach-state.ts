// The attach/detach controller's world (upstream attachdetach cache): the snapshot it plans from,
// its memory between reconciles, its actions, and the desired state = volumes of scheduled,
// unterminated pods per node.
import type { KubeObject } from '../../apiserver/types.ts';
import type { Claim, Volume } from './objects.ts';
import { podClaimNames } from './objects.ts';

/** A node as the controller sees it. */
export interface AdNode {
  name: string;
  ready: boolean;
  outOfService: boolean;
  /** `node.status.volumesInUse` (unique volume names the kubelet has mounted). */
  volumesInUse: readonly string[];
  /** `node.status.volumesAttached` names, as last written. */
  volumesAttached: readonly string[];
}

/** A VolumeAttachment of our attacher. */
export interface AdAttachment {
  name: string;
  pv: string;
  node: string;
  attached: boolean;
  deleting: boolean;
}

/** Everything one reconcile looks at. */
export interface AdSnapshot {
  pods: readonly KubeObject[];
  claims: ReadonlyMap<string, Claim>;
  volumes: ReadonlyMap<string, Volume>;
  nodes: ReadonlyMap<string, AdNode>;
  attachments: readonly AdAttachment[];
}

/** The controller's memory between reconciles (upstream keeps it in its actual/desired state caches). */
export interface AdState {
  /** When detaching each attachment was first wanted (ms). */
  detachRequestedAt: Map<string, number>;
  /** Events already reported (`kind|pod uid|pv`). */
  reported: Set<string>;
}

export interface AdOptions {
  driver: string;
  maxWaitForUnmountMs: number;
  now: number;
}

export type AdAction =
  | { type: 'node-volumes'; node: string; volumesAttached: { name: string; devicePath: string }[] }
  | { type: 'detach'; name: string; pv: string; node: string; log: string }
  | { type: 'attach'; name: string; pv: string; node: string }
  | {
      type: 'event';
      pod: KubeObject;
      eventType: 'Normal' | 'Warning';
      reason: string;
      message: string;
    };

export interface AdPlan {
  actions: AdAction[];
  /** When a pending force-detach timeout expires. */
  requeueAfterMs?: number;
}

/** A fresh controller memory. */
export const newAdState = (): AdState => ({ detachRequestedAt: new Map(), reported: new Set() });

/** A volume a node should have attached, with the pods that need it. */
export interface Desired {
  pv: Volume;
  node: string;
  pods: KubeObject[];
}

type Statuses =
  { state?: { running?: unknown; terminated?: unknown; waiting?: unknown } }[] | undefined;
const notRunning = (s: Statuses): boolean =>
  (s ?? []).every((c) => c.state?.terminated !== undefined || c.state?.waiting !== undefined);

/** upstream IsPodTerminated: Succeeded/Failed, or deleted with no container running. */
export function podTerminated(pod: KubeObject): boolean {
  const st = (pod.status ?? {}) as {
    phase?: string;
    containerStatuses?: Statuses;
    initContainerStatuses?: Statuses;
    ephemeralContainerStatuses?: Statuses;
  };
  if (st.phase === 'Succeeded' || st.phase === 'Failed') return true;
  return (
    !!pod.metadata.deletionTimestamp &&
    notRunning(st.containerStatuses) &&
    notRunning(st.initContainerStatuses) &&
    notRunning(st.ephemeralContainerStatuses)
  );
}

/** Whether a PV may be attached to several nodes (it lists RWX or ROX). */
export const multiAttachAllowed = (pv: Volume): boolean =>
  (pv.spec.accessModes ?? []).some((m) => m === 'ReadWriteMany' || m === 'ReadOnlyMany');

/** Key of a (volume, node) pair. */
export const dkey = (pv: string, node: string): string => `${pv}|${node}`;

/** Volumes each node should have attached, with the pods that need them. */
export function desiredAttachments(snap: AdSnapshot, driver: string): Map<string, Desired> {
  const out = new Map<string, Desired>();
  for (const pod of snap.pods) {
    const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
    if (!node || !snap.nodes.has(node) || podTerminated(pod)) continue;
    for (const claimName of podClaimNames(pod)) {
      const claim = snap.claims.get(`${pod.metadata.namespace ?? ''}/${claimName}`);
      const pv = claim?.spec.volumeName ? snap.volumes.get(claim.spec.volumeName) : undefined;
      if (!pv || pv.spec.csi?.driver !== driver) continue;
      const k = dkey(pv.metadata.name ?? '', node);
      const d = out.get(k) ?? { pv, node, pods: [] };
      d.pods.push(pod);
      out.set(k, d);
    }
  }
  return out;
}
