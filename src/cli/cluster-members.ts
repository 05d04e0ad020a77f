// One view per instance of a cluster, merged from its pods, their agents' status and the cluster status.
import type { V1Pod } from '@kubernetes/client-node';
import { INSTANCE_ANNOTATIONS, INSTANCE_LABELS, type MemberStatus } from '../api/instance.ts';
import type { InstanceStatus, PostgresCluster } from '../api/postgres-cluster.ts';

/** What the CLI knows about one instance; null where nobody reports it. */
export interface MemberView {
  name: string;
  /** primary, replica, fenced, stopped, initializing or unknown. */
  role: string;
  ready: boolean | null;
  streaming: boolean | null;
  lsn: string | null;
  lagBytes: number | null;
  timeline: number | null;
  node: string | null;
  /** The agent's last decision sentence. */
  message: string | null;
}

/** The agent's status published on the pod, if readable. */
export function memberStatusOf(pod: V1Pod): MemberStatus | null {
  const text = pod.metadata?.annotations?.[INSTANCE_ANNOTATIONS.status];
  if (!text) return null;
  try {
    return JSON.parse(text) as MemberStatus;
  } catch {
    return null;
  }
}

function podReady(pod: V1Pod): boolean | null {
  const c = pod.status?.conditions?.find((x) => x.type === 'Ready');
  return c ? c.status === 'True' : null;
}

/** Orders instance names by ordinal (`demo-2` before `demo-10`). */
export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The first value somebody reports. */
function first<T>(...values: (T | null | undefined)[]): T | null {
  return values.find((v) => v !== null && v !== undefined) ?? null;
}

// The agent's own report is the freshest; the pod's label and the cluster status follow it.
function viewOf(name: string, pod: V1Pod | undefined, st: InstanceStatus | undefined): MemberView {
  const m = pod ? memberStatusOf(pod) : null;
  return {
    name,
    role: first(m?.role, pod?.metadata?.labels?.[INSTANCE_LABELS.role], st?.role) ?? 'unknown',
    ready: first(pod ? podReady(pod) : null, st?.ready),
    streaming: m ? m.streaming : null,
    lsn: first(m?.lsn, st?.lsn),
    lagBytes: first(m?.lagBytes, st?.lagBytes),
    timeline: first(m?.timeline, st?.timeline),
    node: pod?.spec?.nodeName ?? null,
    message: m?.message || null,
  };
}

/** Every instance named by a pod of the cluster or by `status.instancesStatus`, in ordinal order. */
export function buildMemberViews(cluster: PostgresCluster, pods: readonly V1Pod[]): MemberView[] {
  const byPod = new Map(pods.map((p) => [p.metadata?.name ?? '', p]));
  const byStatus = new Map((cluster.status?.instancesStatus ?? []).map((s) => [s.name, s]));
  const names = [...new Set([...byPod.keys(), ...byStatus.keys()])].filter((n) => n !== '');
  return names.sort(compareNames).map((n) => viewOf(n, byPod.get(n), byStatus.get(n)));
}
