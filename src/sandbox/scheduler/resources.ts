// Resource requests against node allocatable (NodeResourcesFit), in milli-units as upstream.
import { quantityOf } from '../../lib/quantity.ts';
import type { Container, Node, Pod } from './types.ts';

/** Resource name → amount in milli-units. */
export type Resources = Map<string, bigint>;

/** Upstream's defaults for containers without requests, used only for scoring (non-zero requests). */
const DEFAULT_MILLI_CPU = 100n;
const DEFAULT_MEMORY_MILLI = 200n * 1024n * 1024n * 1000n;

function add(into: Resources, from: Resources): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0n) + v);
}

function maxInto(into: Resources, from: Resources): void {
  for (const [k, v] of from) if (v > (into.get(k) ?? 0n)) into.set(k, v);
}

function containerRequests(c: Container): Resources {
  const out: Resources = new Map();
  const requests = c.resources?.requests ?? {};
  const limits = c.resources?.limits ?? {};
  for (const k of new Set([...Object.keys(limits), ...Object.keys(requests)])) {
    const q = quantityOf(requests[k] ?? limits[k]);
    if (q !== undefined) out.set(k, q);
  }
  return out;
}

function withDefaults(r: Resources): Resources {
  const out = new Map(r);
  if (!out.has('cpu')) out.set('cpu', DEFAULT_MILLI_CPU);
  if (!out.has('memory')) out.set('memory', DEFAULT_MEMORY_MILLI);
  return out;
}

/**
 * A pod's effective requests: the larger of the app containers (plus sidecars) and each init
 * container (plus the sidecars started before it), plus overhead. `nonZero` applies upstream's
 * scoring defaults (100m CPU, 200Mi memory) to containers that request nothing.
 */
export function podRequests(pod: Pod, nonZero = false): Resources {
  const conv = (c: Container): Resources =>
    nonZero ? withDefaults(containerRequests(c)) : containerRequests(c);
  const sum: Resources = new Map();
  for (const c of pod.spec.containers ?? []) add(sum, conv(c));
  const sidecars: Resources = new Map();
  const initMax: Resources = new Map();
  for (const c of pod.spec.initContainers ?? []) {
    const r = conv(c);
    if (c.restartPolicy === 'Always') {
      add(sidecars, r);
      continue;
    }
    const whileRunning = new Map(sidecars);
    add(whileRunning, r);
    maxInto(initMax, whileRunning);
  }
  add(sum, sidecars);
  maxInto(sum, initMax);
  for (const [k, v] of Object.entries(pod.spec.overhead ?? {})) {
    const q = quantityOf(v);
    if (q !== undefined) sum.set(k, (sum.get(k) ?? 0n) + q);
  }
  return sum;
}

/** A node's allocatable resources (falling back to capacity); `pods` in milli-units too. */
export function nodeAllocatable(node: Node): Resources {
  const src = node.status?.allocatable ?? node.status?.capacity ?? {};
  const out: Resources = new Map();
  for (const [k, v] of Object.entries(src)) {
    const q = quantityOf(v);
    if (q !== undefined) out.set(k, q);
  }
  return out;
}

/** Sum of the requests of pods (`nonZero` as in `podRequests`). */
export function sumRequests(pods: Pod[], nonZero = false): Resources {
  const out: Resources = new Map();
  for (const p of pods) add(out, podRequests(p, nonZero));
  return out;
}

const FIRST = ['cpu', 'memory', 'ephemeral-storage'];

/** NodeResourcesFit: upstream's reasons (`Too many pods`, `Insufficient cpu`, ...) or none. */
export function insufficientResources(pod: Pod, node: Node, podsOnNode: Pod[]): string[] {
  const alloc = nodeAllocatable(node);
  const reasons: string[] = [];
  const allowedPods = (alloc.get('pods') ?? 0n) / 1000n;
  if (BigInt(podsOnNode.length + 1) > allowedPods) reasons.push('Too many pods');
  const want = podRequests(pod);
  const used = sumRequests(podsOnNode);
  const names = [...want.keys()].filter((k) => k !== 'pods');
  const ordered = [
    ...FIRST.filter((k) => names.includes(k)),
    ...names.filter((k) => !FIRST.includes(k)).sort(),
  ];
  for (const k of ordered) {
    const w = want.get(k) ?? 0n;
    if (w === 0n) continue;
    if ((alloc.get(k) ?? 0n) < w + (used.get(k) ?? 0n)) reasons.push(`Insufficient ${k}`);
  }
  return reasons;
}
