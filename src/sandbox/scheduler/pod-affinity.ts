// InterPodAffinity: required pod affinity / anti-affinity (filter) and preferred terms (score),
// following kube-scheduler's interpodaffinity plugin, including the symmetric rules of existing pods.
import {
  matchesLabels,
  selectorObjectToRequirements,
  type LabelRequirement,
} from '../apiserver/selectors.ts';
import type { Node, Pod, PodAffinityTerm, Snapshot } from './types.ts';

/** A term made concrete for its owner pod's namespace. */
export interface AffinityTerm {
  selector: LabelRequirement[] | null;
  namespaces: Set<string>;
  nsSelector: LabelRequirement[] | null;
  topologyKey: string;
}

/** Compiles a term; no `namespaces` and no `namespaceSelector` mean the owner's namespace. */
export function compileTerm(owner: Pod, t: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set(t.namespaces ?? []);
  if (namespaces.size === 0 && !t.namespaceSelector) namespaces.add(owner.metadata.namespace ?? '');
  return {
    selector: t.labelSelector ? selectorObjectToRequirements(t.labelSelector) : null,
    namespaces,
    nsSelector: t.namespaceSelector ? selectorObjectToRequirements(t.namespaceSelector) : null,
    topologyKey: t.topologyKey,
  };
}

/** Whether a pod matches a term (namespace and labels). */
export function termMatches(term: AffinityTerm, pod: Pod, snap: Snapshot): boolean {
  const ns = pod.metadata.namespace ?? '';
  const inNs =
    term.namespaces.has(ns) ||
    (term.nsSelector !== null && matchesLabels(term.nsSelector, snap.namespaces[ns] ?? {}));
  return inNs && term.selector !== null && matchesLabels(term.selector, pod.metadata.labels);
}

const required = (pod: Pod, anti: boolean): AffinityTerm[] =>
  (
    (anti ? pod.spec.affinity?.podAntiAffinity : pod.spec.affinity?.podAffinity)
      ?.requiredDuringSchedulingIgnoredDuringExecution ?? []
  ).map((t) => compileTerm(pod, t));

type Counts = Map<string, number>;
const pairKey = (key: string, value: string): string => `${key}\u0000${value}`;

function bump(counts: Counts, node: Node | undefined, key: string, by = 1): void {
  const v = node?.metadata.labels?.[key];
  if (v === undefined) return;
  const k = pairKey(key, v);
  counts.set(k, (counts.get(k) ?? 0) + by);
}

const hasCount = (counts: Counts, node: Node, key: string): boolean => {
  const v = node.metadata.labels?.[key];
  return v !== undefined && (counts.get(pairKey(key, v)) ?? 0) > 0;
};

/** Pre-computed state of the filter for one incoming pod. */
export interface AffinityState {
  affinity: AffinityTerm[];
  anti: AffinityTerm[];
  affinityCounts: Counts;
  antiCounts: Counts;
  existingAntiCounts: Counts;
  selfMatchesAffinity: boolean;
}

/** Counts, per topology pair, the pods that satisfy or violate the rules (upstream PreFilter). */
export function prepareAffinity(
  pod: Pod,
  snap: Snapshot,
  nodeOf: (p: Pod) => Node | undefined,
): AffinityState {
  const affinity = required(pod, false);
  const anti = required(pod, true);
  const state: AffinityState = {
    affinity,
    anti,
    affinityCounts: new Map(),
    antiCounts: new Map(),
    existingAntiCounts: new Map(),
    selfMatchesAffinity: affinity.every((t) => termMatches(t, pod, snap)),
  };
  for (const existing of snap.pods) {
    const node = nodeOf(existing);
    if (!node) continue;
    if (affinity.length > 0 && affinity.every((t) => termMatches(t, existing, snap))) {
      for (const t of affinity) bump(state.affinityCounts, node, t.topologyKey);
    }
    for (const t of anti)
      if (termMatches(t, existing, snap)) bump(state.antiCounts, node, t.topologyKey);
    for (const t of required(existing, true)) {
      if (termMatches(t, pod, snap)) bump(state.existingAntiCounts, node, t.topologyKey);
    }
  }
  return state;
}

/** Upstream's InterPodAffinity filter reasons. */
export const AFFINITY_REASON = "node(s) didn't match pod affinity rules";
export const ANTI_AFFINITY_REASON = "node(s) didn't match pod anti-affinity rules";
export const EXISTING_ANTI_AFFINITY_REASON =
  "node(s) didn't satisfy existing pods anti-affinity rules";

function satisfiesAffinity(s: AffinityState, node: Node): boolean {
  let podsExist = true;
  for (const t of s.affinity) {
    if (node.metadata.labels?.[t.topologyKey] === undefined) return false;
    if (!hasCount(s.affinityCounts, node, t.topologyKey)) podsExist = false;
  }
  // The first pod of a group with affinity to itself may go anywhere with the topology labels.
  return podsExist || (s.affinityCounts.size === 0 && s.selfMatchesAffinity);
}

/** The filter: undefined when the node passes, else the status code and reason. */
export function checkAffinity(
  s: AffinityState,
  node: Node,
): { code: 'Unschedulable' | 'UnschedulableAndUnresolvable'; reason: string } | undefined {
  if (!satisfiesAffinity(s, node))
    return { code: 'UnschedulableAndUnresolvable', reason: AFFINITY_REASON };
  if (s.anti.some((t) => hasCount(s.antiCounts, node, t.topologyKey)))
    return { code: 'Unschedulable', reason: ANTI_AFFINITY_REASON };
  for (const [k, n] of s.existingAntiCounts) {
    const [key = '', value] = k.split('\u0000');
    if (n > 0 && node.metadata.labels?.[key] === value)
      return { code: 'Unschedulable', reason: EXISTING_ANTI_AFFINITY_REASON };
  }
  return undefined;
}

/** Raw preferred (anti-)affinity score per topology pair, including existing pods' symmetric terms. */
export function affinityScores(
  pod: Pod,
  snap: Snapshot,
  nodeOf: (p: Pod) => Node | undefined,
): Counts {
  const scores: Counts = new Map();
  const preferred = (p: Pod, anti: boolean) =>
    (
      (anti ? p.spec.affinity?.podAntiAffinity : p.spec.affinity?.podAffinity)
        ?.preferredDuringSchedulingIgnoredDuringExecution ?? []
    ).map((w) => ({ weight: w.weight, term: compileTerm(p, w.podAffinityTerm) }));
  const mine = [
    ...preferred(pod, false).map((w) => ({ ...w, sign: 1 })),
    ...preferred(pod, true).map((w) => ({ ...w, sign: -1 })),
  ];
  for (const existing of snap.pods) {
    const node = nodeOf(existing);
    if (!node) continue;
    for (const w of mine) {
      if (termMatches(w.term, existing, snap))
        bump(scores, node, w.term.topologyKey, w.sign * w.weight);
    }
    const theirs = [
      ...preferred(existing, false).map((w) => ({ ...w, sign: 1 })),
      ...preferred(existing, true).map((w) => ({ ...w, sign: -1 })),
      // Existing pods' required affinity counts with upstream's hardPodAffinityWeight (1).
      ...required(existing, false).map((term) => ({ weight: 1, term, sign: 1 })),
    ];
    for (const w of theirs) {
      if (termMatches(w.term, pod, snap)) bump(scores, node, w.term.topologyKey, w.sign * w.weight);
    }
  }
  return scores;
}

/** A node's raw score from the per-pair scores. */
export function nodeAffinityScore(scores: Counts, node: Node): number {
  let s = 0;
  for (const [k, n] of scores) {
    const [key = '', value] = k.split('\u0000');
    if (node.metadata.labels?.[key] === value) s += n;
  }
  return s;
}
