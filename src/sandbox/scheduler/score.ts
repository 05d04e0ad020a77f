// Scoring of feasible nodes with kube-scheduler's default plugins and weights, and host selection.
import { preferredNodeAffinityScore } from './node-affinity.ts';
import { affinityScores, nodeAffinityScore } from './pod-affinity.ts';
import { nodeAllocatable, sumRequests } from './resources.ts';
import { intolerablePreferNoSchedule } from './taints.ts';
import { constraintsFor, prepareSpread, spreadRawScore } from './topology-spread.ts';
import type { Node, Pod, Snapshot } from './types.ts';

const MAX = 100;

/** Scales scores to 0..100 by the maximum (upstream DefaultNormalizeScore). */
export function normalize(raw: number[], reverse: boolean): number[] {
  const max = Math.max(0, ...raw);
  if (max === 0) return raw.map(() => (reverse ? MAX : 0));
  return raw.map((s) => {
    const v = Math.floor((MAX * s) / max);
    return reverse ? MAX - v : v;
  });
}

function fraction(requested: bigint, alloc: bigint): number {
  return alloc === 0n ? 1 : Math.min(1, Number(requested) / Number(alloc));
}

/** LeastAllocated over cpu and memory (NodeResourcesFit score). */
function leastAllocated(pod: Pod, node: Node, podsOn: Pod[]): number {
  const alloc = nodeAllocatable(node);
  const used = sumRequests([...podsOn, pod], true);
  const scores = ['cpu', 'memory'].map((r) => {
    const a = alloc.get(r) ?? 0n;
    const u = used.get(r) ?? 0n;
    return a === 0n || u > a ? 0 : Math.floor(Number(((a - u) * 100n) / a));
  });
  return Math.floor(scores.reduce((x, y) => x + y, 0) / scores.length);
}

/** NodeResourcesBalancedAllocation: how evenly cpu and memory would be used. */
function balanced(pod: Pod, node: Node, podsOn: Pod[]): number {
  const alloc = nodeAllocatable(node);
  const used = sumRequests([...podsOn, pod]);
  const f = ['cpu', 'memory'].map((r) => fraction(used.get(r) ?? 0n, alloc.get(r) ?? 0n));
  const std = Math.abs((f[0] ?? 0) - (f[1] ?? 0)) / 2;
  return Math.floor((1 - std) * MAX);
}

function spreadScores(
  pod: Pod,
  snap: Snapshot,
  nodes: Node[],
  podsOn: (n: string) => Pod[],
): number[] {
  const cs = constraintsFor(pod, snap, false);
  if (cs.length === 0) return nodes.map(() => 0);
  const state = prepareSpread(pod, cs, snap.nodes, podsOn);
  const raw = nodes.map((n) => spreadRawScore(state, n));
  const known = raw.filter((r): r is number => r !== undefined);
  const max = Math.max(0, ...known);
  const min = Math.min(...known);
  return raw.map((s) => {
    if (s === undefined) return 0;
    return max === 0 ? MAX : Math.floor((MAX * (max + min - s)) / max);
  });
}

function interPodScores(
  pod: Pod,
  snap: Snapshot,
  nodes: Node[],
  nodeOf: (p: Pod) => Node | undefined,
): number[] {
  const pairs = affinityScores(pod, snap, nodeOf);
  const raw = nodes.map((n) => nodeAffinityScore(pairs, n));
  const max = Math.max(...raw);
  const min = Math.min(...raw);
  return raw.map((s) => (max - min > 0 ? Math.floor((MAX * (s - min)) / (max - min)) : 0));
}

/** Weighted total score per feasible node (weights as upstream's default profile). */
export function scoreNodes(
  pod: Pod,
  snap: Snapshot,
  nodes: Node[],
  lookup: { podsOn: (n: string) => Pod[]; nodeOf: (p: Pod) => Node | undefined },
): number[] {
  const on = (n: Node) => lookup.podsOn(n.metadata.name ?? '');
  const taint = normalize(
    nodes.map((n) => intolerablePreferNoSchedule(n.spec?.taints, pod.spec.tolerations)),
    true,
  );
  const nodeAff = normalize(
    nodes.map((n) => preferredNodeAffinityScore(pod, n)),
    false,
  );
  const spread = spreadScores(pod, snap, nodes, lookup.podsOn);
  const ipa = interPodScores(pod, snap, nodes, lookup.nodeOf);
  return nodes.map(
    (n, i) =>
      3 * (taint[i] ?? 0) +
      2 * (nodeAff[i] ?? 0) +
      leastAllocated(pod, n, on(n)) +
      2 * (spread[i] ?? 0) +
      2 * (ipa[i] ?? 0) +
      balanced(pod, n, on(n)),
  );
}

/** The best node: highest score; ties broken by `random` (upstream selectHost) or by name. */
export function selectHost(
  nodes: Node[],
  scores: number[],
  random?: () => number,
): string | undefined {
  const best = Math.max(...scores);
  const ties = nodes
    .filter((_, i) => scores[i] === best)
    .map((n) => n.metadata.name ?? '')
    .sort();
  if (ties.length === 0) return undefined;
  const i = random ? Math.min(ties.length - 1, Math.floor(random() * ties.length)) : 0;
  return ties[i];
}
