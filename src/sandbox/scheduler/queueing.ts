// When the scheduler (re)tries a pod: which pods it owns, which cluster changes may make an
// unschedulable pod schedulable (upstream's queueing hints, simplified), and its retry back-off.
import type { KubeObject } from '../apiserver/types.ts';
import type { Node, Pod } from './types.ts';

export const SCHEDULER_NAME = 'default-scheduler';

/** Whether the default scheduler should place this pod now. */
export function needsScheduling(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return (
    (pod.spec.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME &&
    !pod.spec.nodeName &&
    !pod.metadata.deletionTimestamp &&
    phase !== 'Succeeded' &&
    phase !== 'Failed'
  );
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

const conditionStates = (n: Node): string[] =>
  (n.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).sort();

function nodeChanged(n: Node, prev: Node): boolean {
  return (
    !same(n.metadata.labels, prev.metadata.labels) ||
    !same(n.spec?.taints, prev.spec?.taints) ||
    Boolean(n.spec?.unschedulable) !== Boolean(prev.spec?.unschedulable) ||
    !same(n.status?.allocatable, prev.status?.allocatable) ||
    !same(conditionStates(n), conditionStates(prev))
  );
}

const terminal = (p: Pod): boolean =>
  p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

function podChanged(p: Pod, prev: Pod): boolean {
  if (!p.spec.nodeName && !prev.spec.nodeName) return false;
  return (
    p.spec.nodeName !== prev.spec.nodeName ||
    !same(p.metadata.labels, prev.metadata.labels) ||
    Boolean(p.metadata.deletionTimestamp) !== Boolean(prev.metadata.deletionTimestamp) ||
    terminal(p) !== terminal(prev)
  );
}

/** Whether a change of another object may let unschedulable pods fit (so they are retried). */
export function mayHelpUnschedulable(
  resource: 'pods' | 'nodes' | 'storage',
  type: string,
  obj: KubeObject,
  prev: KubeObject | undefined,
): boolean {
  if (resource === 'storage') return true;
  if (resource === 'nodes') return type !== 'MODIFIED' || !prev || nodeChanged(obj, prev);
  const pod = obj as Pod;
  if (type === 'ADDED') return Boolean(pod.spec.nodeName);
  if (type === 'DELETED') return Boolean(pod.spec.nodeName);
  return prev !== undefined && podChanged(pod, prev as Pod);
}

/** Whether an update of a pending pod itself is worth a new attempt (not our own status writes). */
export function pendingPodChanged(pod: Pod, prev: Pod | undefined): boolean {
  return (
    !prev ||
    !same(pod.spec, prev.spec) ||
    !same(pod.metadata.labels, prev.metadata.labels) ||
    !same(pod.metadata.annotations, prev.metadata.annotations)
  );
}

/** Back-off before attempt `attempts + 1`: initial doubling per failed attempt, capped. */
export function backoffMs(attempts: number, initialMs: number, maxMs: number): number {
  if (attempts <= 0) return 0;
  return Math.min(maxMs, initialMs * 2 ** Math.min(30, attempts - 1));
}
