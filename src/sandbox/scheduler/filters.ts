// The filter plugins, in kube-scheduler's default order; the first one that rejects a node wins.
import { insufficientResources } from './resources.ts';
import { matchesNodeSelectorAndAffinity, NODE_AFFINITY_REASON } from './node-affinity.ts';
import { checkAffinity, type AffinityState } from './pod-affinity.ts';
import { firstUntolerated, tolerated, untoleratedTaintReason } from './taints.ts';
import { checkSpread, type SpreadState } from './topology-spread.ts';
import type { Node, NodeStatus, Pod, Snapshot, VolumeDecision } from './types.ts';
import { checkVolumes, RWOP_CONFLICT, type PodClaims } from './volumes.ts';

/** Everything the filters need for one pod, computed once per scheduling attempt. */
export interface CycleState {
  pod: Pod;
  snap: Snapshot;
  podsOn: (node: string) => Pod[];
  affinity: AffinityState;
  spread: SpreadState;
  claims: PodClaims;
  rwopConflict: boolean;
}

export const UNSCHEDULABLE_REASON = 'node(s) were unschedulable';
export const NODE_NAME_REASON = "node(s) didn't match the requested node name";
export const NODE_PORTS_REASON = "node(s) didn't have free ports for the requested pod ports";

type Filter = (s: CycleState, node: Node) => NodeStatus | undefined;

const resolvable = (reason: string): NodeStatus => ({ code: 'Unschedulable', reasons: [reason] });
const final = (reason: string): NodeStatus => ({
  code: 'UnschedulableAndUnresolvable',
  reasons: [reason],
});

const nodeUnschedulable: Filter = (s, node) => {
  const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
  return node.spec?.unschedulable && !tolerated(s.pod.spec.tolerations, taint)
    ? final(UNSCHEDULABLE_REASON)
    : undefined;
};

const nodeName: Filter = (s, node) =>
  s.pod.spec.nodeName && s.pod.spec.nodeName !== node.metadata.name
    ? final(NODE_NAME_REASON)
    : undefined;

const taintToleration: Filter = (s, node) => {
  const t = firstUntolerated(node.spec?.taints, s.pod.spec.tolerations, [
    'NoSchedule',
    'NoExecute',
  ]);
  return t ? final(untoleratedTaintReason(t)) : undefined;
};

const nodeAffinity: Filter = (s, node) =>
  matchesNodeSelectorAndAffinity(s.pod, node) ? undefined : final(NODE_AFFINITY_REASON);

const hostPorts = (p: Pod) =>
  (p.spec.containers ?? []).flatMap((c) =>
    (c.ports ?? [])
      .filter((port) => port.hostPort)
      .map((port) => ({
        ip: port.hostIP || '0.0.0.0',
        protocol: port.protocol ?? 'TCP',
        port: port.hostPort,
      })),
  );

const nodePorts: Filter = (s, node) => {
  const wanted = hostPorts(s.pod);
  if (wanted.length === 0) return undefined;
  const used = s.podsOn(node.metadata.name ?? '').flatMap(hostPorts);
  const clash = wanted.some((w) =>
    used.some(
      (u) =>
        u.port === w.port &&
        u.protocol === w.protocol &&
        (u.ip === w.ip || u.ip === '0.0.0.0' || w.ip === '0.0.0.0'),
    ),
  );
  return clash ? resolvable(NODE_PORTS_REASON) : undefined;
};

const resourcesFit: Filter = (s, node) => {
  const reasons = insufficientResources(s.pod, node, s.podsOn(node.metadata.name ?? ''));
  return reasons.length > 0 ? { code: 'Unschedulable', reasons } : undefined;
};

const volumeRestrictions: Filter = (s) => (s.rwopConflict ? resolvable(RWOP_CONFLICT) : undefined);

const spread: Filter = (s, node) => {
  const r = checkSpread(s.spread, node);
  return r ? { code: r.code, reasons: [r.reason] } : undefined;
};

const interPodAffinity: Filter = (s, node) => {
  const r = checkAffinity(s.affinity, node);
  return r ? { code: r.code, reasons: [r.reason] } : undefined;
};

const BEFORE_VOLUMES: Filter[] = [
  nodeUnschedulable,
  nodeName,
  taintToleration,
  nodeAffinity,
  nodePorts,
  resourcesFit,
  volumeRestrictions,
];
const AFTER_VOLUMES: Filter[] = [spread, interPodAffinity];

/** Runs every filter on a node: the volume decision when it fits, else the first rejection. */
export function runFilters(
  s: CycleState,
  node: Node,
): { fits: VolumeDecision } | { status: NodeStatus } {
  for (const f of BEFORE_VOLUMES) {
    const status = f(s, node);
    if (status) return { status };
  }
  const vol = checkVolumes(s.claims, node, s.snap);
  if ('reasons' in vol)
    return { status: { code: 'UnschedulableAndUnresolvable', reasons: vol.reasons } };
  for (const f of AFTER_VOLUMES) {
    const status = f(s, node);
    if (status) return { status };
  }
  return { fits: vol.ok };
}
