// Controller history (upstream `pkg/controller/history`): ControllerRevisions named
// `<parent>-<hash>`, ordered by revision number, compared by data, trimmed to a history limit.
import type { KubeObject, OwnerReference } from '../../apiserver/types.ts';
import { goJson, hashControllerRevision } from './revision-hash.ts';

/** Label holding the hash of a revision's data. */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** An apps/v1 ControllerRevision. */
export interface ControllerRevision extends KubeObject {
  data?: unknown;
  revision: number;
}

/** ControllerRevisionName: `prefix-hash`, the prefix cut to 223 characters. */
export const revisionName = (prefix: string, hash: string): string =>
  `${prefix.slice(0, 223)}-${hash}`;

/** The raw bytes upstream hashes and compares: Go's JSON of the data. */
export const rawData = (rev: ControllerRevision): string => goJson(rev.data ?? null);

/** NewControllerRevision: labels from the template, a controller ref, name and hash label from the data. */
export function buildControllerRevision(opts: {
  parent: KubeObject;
  owner: OwnerReference;
  templateLabels: Record<string, string> | undefined;
  data: unknown;
  revision: number;
  collisionCount: number;
}): ControllerRevision {
  const rev: ControllerRevision = {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      namespace: opts.parent.metadata.namespace,
      labels: { ...(opts.templateLabels ?? {}) },
      ownerReferences: [opts.owner],
    },
    data: opts.data,
    revision: opts.revision,
  };
  const hash = hashControllerRevision(rawData(rev), opts.collisionCount);
  rev.metadata.name = revisionName(opts.parent.metadata.name ?? '', hash);
  (rev.metadata.labels ?? {})[REVISION_HASH_LABEL] = hash;
  return rev;
}

/** The name a revision gets for a given collision count (CreateControllerRevision's retry loop). */
export const revisionNameFor = (
  parentName: string,
  rev: ControllerRevision,
  collisionCount: number,
): string => revisionName(parentName, hashControllerRevision(rawData(rev), collisionCount));

/** SortControllerRevisions: by revision, then creation time, then name. */
export function sortRevisions<T extends ControllerRevision>(revs: T[]): T[] {
  return [...revs].sort((a, b) => {
    if (a.revision !== b.revision) return a.revision - b.revision;
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
  });
}

/** EqualRevision: same hash label (when both have one) and identical data. */
export function equalRevision(
  a: ControllerRevision | undefined,
  b: ControllerRevision | undefined,
): boolean {
  if (!a || !b) return a === b;
  const ha = a.metadata.labels?.[REVISION_HASH_LABEL];
  const hb = b.metadata.labels?.[REVISION_HASH_LABEL];
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return rawData(a) === rawData(b);
}

/** FindEqualRevisions, in the order given. */
export const findEqualRevisions = <T extends ControllerRevision>(
  revs: T[],
  needle: ControllerRevision,
): T[] => revs.filter((r) => equalRevision(r, needle));

/** nextRevision: one more than the highest revision of a sorted list (1 for none). */
export const nextRevision = (sorted: ControllerRevision[]): number =>
  (sorted.at(-1)?.revision ?? 0) + 1;

/** truncateHistory: names of non-live revisions to delete, oldest first, to keep at most `limit`. */
export function planHistoryTruncation(
  sorted: ControllerRevision[],
  live: Set<string>,
  limit: number,
): string[] {
  const history = sorted.filter((r) => !live.has(r.metadata.name ?? ''));
  if (limit < 0 || history.length <= limit) return [];
  return history.slice(0, history.length - limit).map((r) => r.metadata.name ?? '');
}
