// Taints and tolerations with upstream's matching rules (k8s.io/api core/v1 toleration.go).
import type { Taint, Toleration } from './types.ts';

/** Whether one toleration tolerates a taint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
    case '':
      return (t.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** Whether any toleration tolerates the taint. */
export const tolerated = (tolerations: Toleration[] | undefined, taint: Taint): boolean =>
  (tolerations ?? []).some((t) => toleratesTaint(t, taint));

/** The first taint with one of `effects` that no toleration tolerates. */
export function firstUntolerated(
  taints: Taint[] | undefined,
  tolerations: Toleration[] | undefined,
  effects: string[],
): Taint | undefined {
  return (taints ?? []).find((t) => effects.includes(t.effect) && !tolerated(tolerations, t));
}

/** Upstream's TaintToleration filter reason for a taint. */
export const untoleratedTaintReason = (t: Taint): string =>
  `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;

/** Number of PreferNoSchedule taints the pod does not tolerate (TaintToleration score input). */
export function intolerablePreferNoSchedule(
  taints: Taint[] | undefined,
  tolerations: Toleration[] | undefined,
): number {
  const relevant = (tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  return (taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !tolerated(relevant, t))
    .length;
}
