// Upstream's FitError message: "0/3 nodes are available: <pre-filter message | sorted histogram of
// node reasons>. preemption: <the same for the preemption dry run>." (framework/types.go).
import type { NodeStatus } from './types.ts';

/** Upstream's message when the cluster has no nodes at all. */
export const NO_NODES_MSG = 'no nodes available to schedule pods';
export const PREEMPTION_NOT_HELPFUL = 'Preemption is not helpful for scheduling';
export const NO_VICTIMS = 'No preemption victims found for incoming pod';
export const NEVER_PREEMPT = 'not eligible due to preemptionPolicy=Never.';

/** Formats a FitError: a pre-filter message, or the "<count> <reason>" histogram, sorted. */
export function fitErrorMessage(
  numAllNodes: number,
  statuses: NodeStatus[],
  opts: { preFilterMsg?: string; postFilterMsg?: string } = {},
): string {
  let msg = `0/${String(numAllNodes)} nodes are available:`;
  if (opts.preFilterMsg) msg += ` ${opts.preFilterMsg}.`;
  else {
    const counts = new Map<string, number>();
    for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const parts = [...counts].map(([r, n]) => `${String(n)} ${r}`).sort();
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (opts.postFilterMsg) msg += ` ${opts.postFilterMsg}.`;
  return msg;
}

/** The message of a status (reasons joined as upstream's Status.Message). */
export const statusMessage = (s: NodeStatus): string => s.reasons.join(', ');
