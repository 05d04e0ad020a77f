// One scheduling decision, free of I/O: filter every node, score the feasible ones, pick one — or
// explain, in upstream's words, why no node fits.
import { runFilters, type CycleState } from './filters.ts';
import {
  fitErrorMessage,
  NEVER_PREEMPT,
  NO_NODES_MSG,
  NO_VICTIMS,
  PREEMPTION_NOT_HELPFUL,
  statusMessage,
} from './fit-error.ts';
import { prepareAffinity } from './pod-affinity.ts';
import { scoreNodes, selectHost } from './score.ts';
import { constraintsFor, prepareSpread } from './topology-spread.ts';
import type {
  FailureReasons,
  Node,
  NodeStatus,
  Pod,
  ScheduleResult,
  Snapshot,
  VolumeDecision,
} from './types.ts';
import { prepareVolumes, rwopConflict } from './volumes.ts';

export interface ScheduleOptions {
  /** Random source for breaking ties between equally scored nodes (default: first by name). */
  random?: () => number;
}

interface Lookup {
  podsOn: (node: string) => Pod[];
  nodeOf: (p: Pod) => Node | undefined;
}

function index(snap: Snapshot): Lookup {
  const byNode = new Map<string, Pod[]>();
  for (const p of snap.pods) {
    const n = p.spec.nodeName ?? '';
    byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  const nodes = new Map(snap.nodes.map((n) => [n.metadata.name ?? '', n]));
  return { podsOn: (n) => byNode.get(n) ?? [], nodeOf: (p) => nodes.get(p.spec.nodeName ?? '') };
}

/** The pre-filters: one computed state, or a rejection that applies to every node. */
function prepare(pod: Pod, snap: Snapshot, lookup: Lookup): CycleState | NodeStatus {
  const claims = prepareVolumes(pod, snap);
  if ('code' in claims) return claims;
  const hard = constraintsFor(pod, snap, true);
  return {
    pod,
    snap,
    podsOn: lookup.podsOn,
    affinity: prepareAffinity(pod, snap, lookup.nodeOf),
    spread: prepareSpread(pod, hard, snap.nodes, lookup.podsOn),
    claims,
    rwopConflict: rwopConflict(pod, snap),
  };
}

const priorityOf = (p: Pod): number => p.spec.priority ?? 0;

/** Status of one node in the preemption dry run (victims: every lower-priority pod on it). */
function preemptionStatus(pod: Pod, snap: Snapshot, node: Node, status: NodeStatus): NodeStatus {
  const notHelpful: NodeStatus = {
    code: 'UnschedulableAndUnresolvable',
    reasons: [PREEMPTION_NOT_HELPFUL],
  };
  if (status.code === 'UnschedulableAndUnresolvable') return notHelpful;
  const victims = snap.pods.filter(
    (p) => p.spec.nodeName === node.metadata.name && priorityOf(p) < priorityOf(pod),
  );
  const noVictims: NodeStatus = { code: 'UnschedulableAndUnresolvable', reasons: [NO_VICTIMS] };
  if (victims.length === 0) return noVictims;
  const without = { ...snap, pods: snap.pods.filter((p) => !victims.includes(p)) };
  const state = prepare(pod, without, index(without));
  if ('code' in state) return state;
  const r = runFilters(state, node);
  // Evicting victims is not implemented: a node where it would help still reports no victims.
  return 'status' in r ? r.status : noVictims;
}

function failure(
  pod: Pod,
  snap: Snapshot,
  statuses: Record<string, NodeStatus>,
  preFilter?: NodeStatus,
): { unschedulable: FailureReasons } {
  const n = snap.nodes.length;
  let post: string;
  if (pod.spec.preemptionPolicy === 'Never') post = `preemption: ${NEVER_PREEMPT}`;
  else {
    const dry = snap.nodes.map((node) =>
      preemptionStatus(
        pod,
        snap,
        node,
        statuses[node.metadata.name ?? ''] ??
          preFilter ?? { code: 'UnschedulableAndUnresolvable', reasons: [] },
      ),
    );
    post = `preemption: ${fitErrorMessage(n, dry)}`;
  }
  const message = fitErrorMessage(n, Object.values(statuses), {
    ...(preFilter ? { preFilterMsg: statusMessage(preFilter) } : {}),
    postFilterMsg: post,
  });
  return {
    unschedulable: {
      numAllNodes: n,
      ...(preFilter ? { preFilter } : {}),
      nodes: statuses,
      postFilterMsg: post,
      message,
    },
  };
}

/** Chooses a node for a pending pod against a snapshot, as kube-scheduler's default profile. */
export function schedule(pod: Pod, snapshot: Snapshot, opts: ScheduleOptions = {}): ScheduleResult {
  const snap = {
    ...snapshot,
    pods: snapshot.pods.filter((p) => p.metadata.uid !== pod.metadata.uid),
  };
  if (snap.nodes.length === 0) {
    return {
      unschedulable: { numAllNodes: 0, nodes: {}, postFilterMsg: '', message: NO_NODES_MSG },
    };
  }
  const lookup = index(snap);
  const state = prepare(pod, snap, lookup);
  if ('code' in state) {
    const all = Object.fromEntries(snap.nodes.map((n) => [n.metadata.name ?? '', state]));
    return failure(pod, snap, all, state);
  }
  const statuses: Record<string, NodeStatus> = {};
  const feasible: Node[] = [];
  const decisions = new Map<string, VolumeDecision>();
  for (const node of snap.nodes) {
    const r = runFilters(state, node);
    if ('status' in r) statuses[node.metadata.name ?? ''] = r.status;
    else {
      feasible.push(node);
      decisions.set(node.metadata.name ?? '', r.fits);
    }
  }
  if (feasible.length === 0) return failure(pod, snap, statuses);
  const chosen = selectHost(feasible, scoreNodes(pod, snap, feasible, lookup), opts.random);
  return {
    node: chosen ?? '',
    volumes: decisions.get(chosen ?? '') ?? { provision: [], staticBindings: [] },
  };
}
