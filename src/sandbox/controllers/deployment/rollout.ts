// Deployment arithmetic (upstream `deployment/util`): surge and unavailability, the new replica
// set's size, template hashes and revision numbers.
import { goJson, fnv1a, safeEncodeString } from '../history/revision-hash.ts';
import type { ReplicaSet } from '../replicaset/plan.ts';
import type { PodTemplate } from '../replicaset/pod-util.ts';
import { POD_TEMPLATE_HASH, REVISION_ANNOTATION, type Deployment } from './types.ts';

/** GetScaledValueFromIntOrPercent: an int, or a percentage of `total` rounded up or down. */
export function scaledValue(
  v: number | string | undefined,
  total: number,
  roundUp: boolean,
  dflt: string,
): number {
  const value = v ?? dflt;
  if (typeof value === 'number') return value;
  const pct = Number(value.replace(/%$/, ''));
  const raw = (pct * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

/** ResolveFenceposts: maxSurge (rounded up) and maxUnavailable (rounded down; 1 if both are 0). */
export function resolveFenceposts(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  if (d.spec.strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: 0 };
  const ru = d.spec.strategy?.rollingUpdate;
  const replicas = d.spec.replicas ?? 1;
  const maxSurge = scaledValue(ru?.maxSurge, replicas, true, '25%');
  const maxUnavailable = scaledValue(ru?.maxUnavailable, replicas, false, '25%');
  return { maxSurge, maxUnavailable: maxSurge === 0 && maxUnavailable === 0 ? 1 : maxUnavailable };
}

/** MaxUnavailable: never more than replicas (0 for Recreate). */
export function maxUnavailable(d: Deployment): number {
  if (d.spec.strategy?.type !== 'RollingUpdate' && d.spec.strategy?.type !== undefined) return 0;
  if ((d.spec.replicas ?? 1) === 0) return 0;
  return Math.min(resolveFenceposts(d).maxUnavailable, d.spec.replicas ?? 1);
}

/** Sum of spec.replicas. */
export const specReplicas = (rss: ReplicaSet[]): number =>
  rss.reduce((n, r) => n + (r.spec.replicas ?? 0), 0);
/** Sum of status.replicas. */
export const actualReplicas = (rss: ReplicaSet[]): number =>
  rss.reduce((n, r) => n + (r.status?.replicas ?? 0), 0);
/** Sum of status.readyReplicas. */
export const readyReplicas = (rss: ReplicaSet[]): number =>
  rss.reduce((n, r) => n + (r.status?.readyReplicas ?? 0), 0);
/** Sum of status.availableReplicas. */
export const availableReplicas = (rss: ReplicaSet[]): number =>
  rss.reduce((n, r) => n + (r.status?.availableReplicas ?? 0), 0);

/** NewRSNewReplicas: the new replica set's size under the strategy. */
export function newRSReplicas(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet): number {
  const replicas = d.spec.replicas ?? 1;
  if (d.spec.strategy?.type === 'Recreate') return replicas;
  const maxTotal = replicas + resolveFenceposts(d).maxSurge;
  const current = specReplicas(all);
  const cur = newRS.spec.replicas ?? 0;
  if (current >= maxTotal) return cur;
  return cur + Math.min(maxTotal - current, replicas - cur);
}

/** ComputeHash: FNV-32a of the template plus the collision count, safely encoded. */
export function templateHash(template: PodTemplate, collisionCount: number | undefined): string {
  const enc = new TextEncoder();
  let h = fnv1a(enc.encode(goJson(template)));
  if (collisionCount !== undefined) h = fnv1a(enc.encode(String(collisionCount)), h);
  return safeEncodeString(String(h));
}

function withoutHash(t: PodTemplate): string {
  const c = structuredClone(t);
  if (c.metadata?.labels) delete c.metadata.labels[POD_TEMPLATE_HASH];
  if (c.metadata?.labels && Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
  return goJson(c);
}

/** EqualIgnoreHash: templates equal apart from the pod-template-hash label. */
export const equalIgnoreHash = (a: PodTemplate, b: PodTemplate): boolean =>
  withoutHash(a) === withoutHash(b);

/** The revision annotation of a replica set (0 if none). */
export const revisionOf = (rs: ReplicaSet): number =>
  Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0) || 0;

/** Replica sets oldest first (creation time, then name). */
export const byCreation = (a: ReplicaSet, b: ReplicaSet): number => {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
};
