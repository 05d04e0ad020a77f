// Node selectors and node affinity (k8s.io/component-helpers scheduling/corev1/nodeaffinity).
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod } from './types.ts';

function matchExpression(r: NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const v = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(v ?? '');
    case 'NotIn':
      return !has || !values.includes(v ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt':
      return has && compareInts(v ?? '', values[0] ?? '', r.operator);
    default:
      return false;
  }
}

function compareInts(a: string, b: string, op: 'Gt' | 'Lt'): boolean {
  if (!/^-?\d+$/.test(a) || !/^-?\d+$/.test(b)) return false;
  return op === 'Gt' ? BigInt(a) > BigInt(b) : BigInt(a) < BigInt(b);
}

/** Whether a node matches one term (an empty term matches nothing, as upstream). */
export function matchesTerm(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  const nodeFields = { 'metadata.name': node.metadata.name ?? '' };
  return (
    exprs.every((e) => matchExpression(e, labels)) &&
    fields.every((f) => f.key === 'metadata.name' && matchExpression(f, nodeFields))
  );
}

/** Whether a node matches any of the (ORed) terms. */
export const matchesAnyTerm = (terms: NodeSelectorTerm[], node: Node): boolean =>
  terms.some((t) => matchesTerm(t, node));

/** The NodeAffinity filter: `nodeSelector` and required node affinity both hold. */
export function matchesNodeSelectorAndAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) {
    if (labels[k] !== v) return false;
  }
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return !required || matchesAnyTerm(required.nodeSelectorTerms ?? [], node);
}

/** Upstream's NodeAffinity filter reason. */
export const NODE_AFFINITY_REASON = "node(s) didn't match Pod's node affinity/selector";

/** Sum of the weights of the preferred node-affinity terms a node matches (score input). */
export function preferredNodeAffinityScore(pod: Pod, node: Node): number {
  const preferred =
    pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return preferred.reduce((s, p) => s + (matchesTerm(p.preference, node) ? p.weight : 0), 0);
}
