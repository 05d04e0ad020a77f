// The StatefulSet controller: a level-based reconciler that resolves revisions, plans a sync,
// applies it, records status and trims history (upstream `stateful_set.go` / `UpdateStatefulSet`).
import type { Clock } from '../../../lib/clock.ts';
import type { Logger } from '../../../lib/logger.ts';
import type { KubeObject } from '../../apiserver/types.ts';
import type { EventRecorder } from '../events.ts';
import {
  planHistoryTruncation,
  rawData,
  revisionNameFor,
  sortRevisions,
  type ControllerRevision,
} from '../history/history.ts';
import { isNotFound, R, type LocalClient } from '../local-client.ts';
import { controllerRefOf } from '../replicaset/pod-util.ts';
import { keyOf, splitKey, type Reconciler, type ReconcileResult } from '../runtime.ts';
import { applyActions } from './apply.ts';
import { parentAndOrdinal, podRevision } from './identity.ts';
import { claimPods, claimRevisions } from './ownership.ts';
import { planStatefulSetSync } from './plan.ts';
import { planRevisions, type RevisionPlan } from './revisions.ts';
import { statusChanged } from './status.ts';
import type { StatefulSet } from './types.ts';

/** Dependencies of the StatefulSet controller. */
export interface StatefulSetControllerDeps {
  client: LocalClient;
  recorder: EventRecorder;
  clock: Clock;
  log: Logger;
}

const isAlreadyExists = (err: unknown): boolean =>
  (err as { status?: { reason?: string } }).status?.reason === 'AlreadyExists';

/** CreateControllerRevision with collision handling: returns the stored revision and the collision count. */
function createRevision(
  client: LocalClient,
  set: StatefulSet,
  plan: RevisionPlan,
): { rev: ControllerRevision; collisionCount: number } {
  const rev = structuredClone((plan.step as { revision: ControllerRevision }).revision);
  let collisionCount = plan.collisionCount;
  for (let attempt = 0; attempt < 100; attempt++) {
    rev.metadata.name = revisionNameFor(set.metadata.name ?? '', rev, collisionCount);
    try {
      return { rev: client.create(R.controllerrevisions, rev), collisionCount };
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      const existing = client.get<ControllerRevision>(
        R.controllerrevisions,
        set.metadata.namespace,
        rev.metadata.name,
      );
      if (existing && rawData(existing) === rawData(rev)) return { rev: existing, collisionCount };
      collisionCount++;
    }
  }
  throw new Error(`too many revision name collisions for StatefulSet ${keyOf(set)}`);
}

/** Applies the revision step; returns the current and update revisions and the collision count. */
function resolveRevisions(
  client: LocalClient,
  set: StatefulSet,
  revisions: ControllerRevision[],
): RevisionPlan {
  const plan = planRevisions(set, revisions);
  const ns = set.metadata.namespace;
  switch (plan.step.kind) {
    case 'none':
      return plan;
    case 'renumber': {
      const { name, revision } = plan.step;
      const update = client.mutate<ControllerRevision>(R.controllerrevisions, ns, name, (r) => {
        r.revision = revision;
      });
      if (!update) throw new Error(`controller revision ${name} vanished`);
      return {
        ...plan,
        update,
        current: plan.current.metadata.name === name ? update : plan.current,
      };
    }
    case 'create': {
      const { rev, collisionCount } = createRevision(client, set, plan);
      const current = plan.current === plan.update ? rev : plan.current;
      return { ...plan, update: rev, current, collisionCount };
    }
  }
}

/** Keys of StatefulSets a pod change concerns: its controller, or the set its name points at. */
function podKeys(obj: KubeObject, prev: KubeObject | undefined): string[] {
  const ns = obj.metadata.namespace ?? '';
  const keys = new Set<string>();
  for (const o of [obj, prev]) {
    if (!o) continue;
    const ref = controllerRefOf(o);
    if (ref?.kind === 'StatefulSet') keys.add(`${ns}/${ref.name}`);
    else if (!ref) {
      const parent = parentAndOrdinal(o.metadata.name ?? '').parent;
      if (parent) keys.add(`${ns}/${parent}`);
    }
  }
  return [...keys];
}

/** Builds the StatefulSet reconciler. */
export function statefulSetReconciler(deps: StatefulSetControllerDeps): Reconciler {
  const { client } = deps;
  const setsIn = (ns: string | undefined): string[] => client.list(R.statefulsets, ns).map(keyOf);
  const ownerKeys = (obj: KubeObject): string[] => {
    const ref = controllerRefOf(obj);
    return ref?.kind === 'StatefulSet' ? [`${obj.metadata.namespace ?? ''}/${ref.name}`] : [];
  };
  return {
    name: 'statefulset-controller',
    watches: [
      { resKey: R.statefulsets, keys: (obj) => [keyOf(obj)] },
      { resKey: R.pods, keys: podKeys },
      { resKey: R.pvcs, keys: (obj) => setsIn(obj.metadata.namespace) },
      { resKey: R.controllerrevisions, keys: ownerKeys },
    ],
    initialKeys: () => setsIn(undefined),
    resyncMs: 30_000,
    reconcile: (key) => syncStatefulSet(deps, key),
  };
}

/** One sync of one StatefulSet. */
export function syncStatefulSet(deps: StatefulSetControllerDeps, key: string): ReconcileResult {
  const { client } = deps;
  const { namespace, name } = splitKey(key);
  const set = client.get<StatefulSet>(R.statefulsets, namespace, name);
  if (!set) return 'done';
  const pods = claimPods(client, set);
  const revisions = sortRevisions(claimRevisions(client, set));
  const revs = resolveRevisions(client, set, revisions);
  const plan = planStatefulSetSync({
    set,
    pods,
    claims: client.list(R.pvcs, namespace),
    current: revs.current,
    update: revs.update,
    collisionCount: revs.collisionCount,
    nowMs: deps.clock.now(),
  });
  const failure = applyActions({ client, recorder: deps.recorder }, set, plan.actions);
  if (
    statusChanged(set, plan.status) ||
    (set.status?.collisionCount ?? 0) !== revs.collisionCount
  ) {
    client.mutate<StatefulSet>(
      R.statefulsets,
      namespace,
      name,
      (s) => {
        s.status = plan.status;
      },
      true,
    );
  }
  const byName = new Map(revisions.map((r) => [r.metadata.name ?? '', r]));
  for (const r of [revs.current, revs.update]) byName.set(r.metadata.name ?? '', r);
  truncateHistory(client, set, [...byName.values()], pods, revs);
  if (failure !== undefined) throw failure;
  if (plan.failed) throw new Error(plan.note ?? `sync of StatefulSet ${key} failed`);
  return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : 'done';
}

/** truncateHistory: deletes non-live revisions beyond revisionHistoryLimit. */
function truncateHistory(
  client: LocalClient,
  set: StatefulSet,
  revisions: ControllerRevision[],
  pods: KubeObject[],
  revs: RevisionPlan,
): void {
  const live = new Set([
    revs.current.metadata.name ?? '',
    revs.update.metadata.name ?? '',
    ...pods.map(podRevision),
  ]);
  for (const n of planHistoryTruncation(
    sortRevisions(revisions),
    live,
    set.spec.revisionHistoryLimit ?? 10,
  )) {
    try {
      client.delete(R.controllerrevisions, set.metadata.namespace, n);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
