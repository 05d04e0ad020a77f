// Taint-based eviction (upstream tainteviction controller): when a pod stops tolerating a
// node's NoExecute taints — at once, or after its tolerationSeconds — it is deleted gracefully.
import type { PodObject, Taint, Toleration } from './types.ts';

function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/**
 * When the pod must be evicted (ms since epoch), or undefined if it tolerates the NoExecute
 * taints forever. `now` when a taint is not tolerated at all.
 */
export function evictionTime(pod: PodObject, taints: Taint[], now: number): number | undefined {
  const noExec = taints.filter((t) => t.effect === 'NoExecute');
  let at: number | undefined;
  for (const taint of noExec) {
    const tols = (pod.spec?.tolerations ?? []).filter((t) => tolerates(t, taint));
    if (tols.length === 0) return now;
    // Several matching tolerations: the shortest finite tolerationSeconds wins (upstream getMinTolerationTime).
    const seconds = tols
      .map((t) => t.tolerationSeconds)
      .filter((s): s is number => s !== undefined);
    if (seconds.length === 0) continue;
    const added = taint.timeAdded ? Date.parse(taint.timeAdded) : now;
    const when = added + Math.max(0, Math.min(...seconds)) * 1000;
    at = at === undefined ? when : Math.min(at, when);
  }
  return at;
}
