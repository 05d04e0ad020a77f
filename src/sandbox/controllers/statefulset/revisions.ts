// StatefulSet revisions: the patch a ControllerRevision stores, restoring a set from a revision,
// and choosing the current and update revisions (upstream `getStatefulSetRevisions`).
import {
  buildControllerRevision,
  equalRevision,
  findEqualRevisions,
  nextRevision,
  sortRevisions,
  type ControllerRevision,
} from '../history/history.ts';
import { setControllerRef } from './identity.ts';
import type { StatefulSet } from './types.ts';

/** getPatch: `{"spec":{"template":{…,"$patch":"replace"}}}` (metadata.creationTimestamp null, as Go encodes it). */
export function revisionData(set: StatefulSet): { spec: { template: Record<string, unknown> } } {
  const template = structuredClone(set.spec.template) as Record<string, unknown>;
  const meta = (template.metadata ?? {}) as Record<string, unknown>;
  template.metadata = { creationTimestamp: null, ...meta };
  template.$patch = 'replace';
  return { spec: { template } };
}

/** newRevision: a revision of the set's template (annotations copied from the set). */
export function newRevision(
  set: StatefulSet,
  revision: number,
  collisionCount: number,
): ControllerRevision {
  const cr = buildControllerRevision({
    parent: set,
    owner: setControllerRef(set),
    templateLabels: set.spec.template.metadata?.labels,
    data: revisionData(set),
    revision,
    collisionCount,
  });
  if (set.metadata.annotations) cr.metadata.annotations = { ...set.metadata.annotations };
  return cr;
}

/** ApplyRevision: the set with the template recorded in the revision. */
export function applyRevision(set: StatefulSet, rev: ControllerRevision): StatefulSet {
  const out = structuredClone(set);
  const data = rev.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const template = structuredClone(data?.spec?.template);
  if (!template) return out;
  delete template.$patch;
  const meta = template.metadata as Record<string, unknown> | undefined;
  if (meta && meta.creationTimestamp === null) delete meta.creationTimestamp;
  out.spec.template = template;
  return out;
}

/** What to do about revisions before syncing pods. */
export type RevisionStep =
  | { kind: 'none' }
  | { kind: 'create'; revision: ControllerRevision }
  | { kind: 'renumber'; name: string; revision: number };

/** The outcome of `planRevisions`. */
export interface RevisionPlan {
  step: RevisionStep;
  /** The update revision (as it will be once the step is applied). */
  update: ControllerRevision;
  /** The current revision (status.currentRevision if it still exists, else the update revision). */
  current: ControllerRevision;
  collisionCount: number;
}

/** getStatefulSetRevisions: reuse the latest equal revision, roll back to an older one, or create one. */
export function planRevisions(set: StatefulSet, revisions: ControllerRevision[]): RevisionPlan {
  const sorted = sortRevisions(revisions);
  const collisionCount = set.status?.collisionCount ?? 0;
  let update = newRevision(set, nextRevision(sorted), collisionCount);
  const equal = findEqualRevisions(sorted, update);
  const last = sorted.at(-1);
  const lastEqual = equal.at(-1);
  let step: RevisionStep = { kind: 'none' };
  if (lastEqual && equalRevision(last, lastEqual)) {
    update = last ?? update;
  } else if (lastEqual) {
    step = { kind: 'renumber', name: lastEqual.metadata.name ?? '', revision: update.revision };
    update = { ...lastEqual, revision: update.revision };
  } else {
    step = { kind: 'create', revision: update };
  }
  const current = sorted.find((r) => r.metadata.name === set.status?.currentRevision) ?? update;
  return { step, update, current, collisionCount };
}
