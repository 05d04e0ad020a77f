// PodTopologySpread: DoNotSchedule constraints filter nodes; ScheduleAnyway constraints (or the
// cluster defaults, for pods of Services and controllers) score them (upstream podtopologyspread).
import {
  matchesLabels,
  selectorObjectToRequirements,
  type LabelRequirement,
} from '../apiserver/selectors.ts';
import { matchesNodeSelectorAndAffinity } from './node-affinity.ts';
import { firstUntolerated } from './taints.ts';
import type { Node, Pod, Snapshot, TopologySpreadConstraint } from './types.ts';

const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

/** Upstream's filter reasons. */
export const SPREAD_REASON = "node(s) didn't match pod topology spread constraints";
export const SPREAD_LABEL_REASON = `${SPREAD_REASON} (missing required label)`;

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: LabelRequirement[];
  minDomains: number;
  honorAffinity: boolean;
  honorTaints: boolean;
}

function compile(pod: Pod, c: TopologySpreadConstraint): Constraint {
  const selector = c.labelSelector ? selectorObjectToRequirements(c.labelSelector) : null;
  const labels = pod.metadata.labels ?? {};
  const extra: LabelRequirement[] = (c.matchLabelKeys ?? [])
    .filter((k) => Object.hasOwn(labels, k))
    .map((k) => ({ key: k, op: 'in', values: [labels[k] ?? ''] }));
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    // A null selector matches nothing: model it with an impossible requirement.
    selector: selector ? [...selector, ...extra] : [{ key: '\u0000', op: 'exists', values: [] }],
    minDomains: c.minDomains ?? 1,
    honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
    honorTaints: c.nodeTaintsPolicy === 'Honor',
  };
}

/** Merged label selector of the workloads selecting the pod (upstream DefaultSelector). */
function defaultSelector(pod: Pod, snap: Snapshot): LabelRequirement[] {
  const reqs: LabelRequirement[] = [];
  for (const w of snap.workloads) {
    if (w.namespace !== pod.metadata.namespace) continue;
    const r = selectorObjectToRequirements(w.selector);
    if (r.length > 0 && matchesLabels(r, pod.metadata.labels)) reqs.push(...r);
  }
  return reqs;
}

/** The constraints that apply: hard ones, and soft ones or the cluster defaults. */
export function constraintsFor(pod: Pod, snap: Snapshot, hard: boolean): Constraint[] {
  const own = pod.spec.topologySpreadConstraints ?? [];
  const wanted = hard ? 'DoNotSchedule' : 'ScheduleAnyway';
  if (own.length > 0 || hard) {
    return own.filter((c) => c.whenUnsatisfiable === wanted).map((c) => compile(pod, c));
  }
  const selector = defaultSelector(pod, snap);
  if (selector.length === 0) return [];
  const base = { selector, minDomains: 1, honorAffinity: true, honorTaints: false };
  return [
    { ...base, maxSkew: 3, topologyKey: HOSTNAME },
    { ...base, maxSkew: 5, topologyKey: ZONE },
  ];
}

const pairKey = (key: string, value: string): string => `${key}\u0000${value}`;

/** Matching pods per topology pair, over nodes eligible for counting. */
export interface SpreadState {
  constraints: Constraint[];
  counts: Map<string, number>;
  domains: Map<string, Set<string>>;
  selfMatch: boolean[];
}

function eligible(pod: Pod, node: Node, cs: Constraint[]): boolean {
  const labels = node.metadata.labels ?? {};
  if (!cs.every((c) => Object.hasOwn(labels, c.topologyKey))) return false;
  if (cs.some((c) => c.honorAffinity) && !matchesNodeSelectorAndAffinity(pod, node)) return false;
  const taints = node.spec?.taints;
  const effects = ['NoSchedule', 'NoExecute'];
  return !(
    cs.some((c) => c.honorTaints) && firstUntolerated(taints, pod.spec.tolerations, effects)
  );
}

/** Counts matching pods per domain (upstream PreFilter / PreScore). */
export function prepareSpread(
  pod: Pod,
  cs: Constraint[],
  nodes: Node[],
  podsOn: (node: string) => Pod[],
): SpreadState {
  const state: SpreadState = {
    constraints: cs,
    counts: new Map(),
    domains: new Map(),
    selfMatch: cs.map((c) => matchesLabels(c.selector, pod.metadata.labels)),
  };
  for (const node of nodes) {
    if (cs.length === 0 || !eligible(pod, node, cs)) continue;
    for (const c of cs) {
      const value = node.metadata.labels?.[c.topologyKey] ?? '';
      const domains = state.domains.get(c.topologyKey) ?? new Set<string>();
      domains.add(value);
      state.domains.set(c.topologyKey, domains);
      const n = podsOn(node.metadata.name ?? '').filter(
        (p) =>
          p.metadata.namespace === pod.metadata.namespace &&
          !p.metadata.deletionTimestamp &&
          matchesLabels(c.selector, p.metadata.labels),
      ).length;
      const k = pairKey(c.topologyKey, value);
      state.counts.set(k, (state.counts.get(k) ?? 0) + n);
    }
  }
  return state;
}

function minMatch(s: SpreadState, c: Constraint): number {
  const domains = s.domains.get(c.topologyKey) ?? new Set<string>();
  if (domains.size < c.minDomains) return 0;
  let min = Infinity;
  for (const d of domains) min = Math.min(min, s.counts.get(pairKey(c.topologyKey, d)) ?? 0);
  return min === Infinity ? 0 : min;
}

/** The filter for DoNotSchedule constraints. */
export function checkSpread(
  s: SpreadState,
  node: Node,
): { code: 'Unschedulable' | 'UnschedulableAndUnresolvable'; reason: string } | undefined {
  for (const [i, c] of s.constraints.entries()) {
    const value = node.metadata.labels?.[c.topologyKey];
    if (value === undefined)
      return { code: 'UnschedulableAndUnresolvable', reason: SPREAD_LABEL_REASON };
    const matchNum = s.counts.get(pairKey(c.topologyKey, value)) ?? 0;
    const skew = matchNum + (s.selfMatch[i] ? 1 : 0) - minMatch(s, c);
    if (skew > c.maxSkew) return { code: 'Unschedulable', reason: SPREAD_REASON };
  }
  return undefined;
}

/** Raw score (lower is better) for soft constraints; undefined for nodes missing a key. */
export function spreadRawScore(s: SpreadState, node: Node): number | undefined {
  let score = 0;
  for (const c of s.constraints) {
    const value = node.metadata.labels?.[c.topologyKey];
    if (value === undefined) return undefined;
    const weight = Math.log((s.domains.get(c.topologyKey)?.size ?? 0) + 2);
    score += (s.counts.get(pairKey(c.topologyKey, value)) ?? 0) * weight + (c.maxSkew - 1);
  }
  return score;
}
