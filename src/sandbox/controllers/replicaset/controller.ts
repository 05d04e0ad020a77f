// The ReplicaSet controller: claims pods, creates or deletes them to match replicas, and records
// status and upstream's events (`Created pod: x`, `Deleted pod: x`).
import type { Clock } from '../../../lib/clock.ts';
import type { Logger } from '../../../lib/logger.ts';
import { jsonEqual } from '../../apiserver/object-meta.ts';
import type { KubeObject } from '../../apiserver/types.ts';
import type { EventRecorder } from '../events.ts';
import { R, type LocalClient } from '../local-client.ts';
import { keyOf, splitKey, type Reconciler, type ReconcileResult } from '../runtime.ts';
import { claimObjects } from '../statefulset/ownership.ts';
import { planReplicaSetSync, type ReplicaSet } from './plan.ts';
import { controllerRefOf, newControllerRef, type Pod } from './pod-util.ts';

/** Dependencies of the ReplicaSet controller. */
export interface ReplicaSetControllerDeps {
  client: LocalClient;
  recorder: EventRecorder;
  clock: Clock;
  log: Logger;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function podKeys(obj: KubeObject, prev: KubeObject | undefined): string[] {
  const keys = new Set<string>();
  for (const o of [obj, prev]) {
    const ref = o ? controllerRefOf(o) : undefined;
    if (ref?.kind === 'ReplicaSet') keys.add(`${obj.metadata.namespace ?? ''}/${ref.name}`);
  }
  return [...keys];
}

/** Builds the ReplicaSet reconciler. */
export function replicaSetReconciler(deps: ReplicaSetControllerDeps): Reconciler {
  return {
    name: 'replicaset-controller',
    watches: [
      { resKey: R.replicasets, keys: (obj) => [keyOf(obj)] },
      { resKey: R.pods, keys: podKeys },
    ],
    initialKeys: () => deps.client.list(R.replicasets).map(keyOf),
    resyncMs: 30_000,
    reconcile: (key) => syncReplicaSet(deps, key),
  };
}

function applyPods(
  deps: ReplicaSetControllerDeps,
  rs: ReplicaSet,
  plan: ReturnType<typeof planReplicaSetSync>,
): Error | undefined {
  for (const pod of plan.create) {
    try {
      const created = deps.client.create(R.pods, pod);
      deps.recorder.event(
        rs,
        'Normal',
        'SuccessfulCreate',
        `Created pod: ${created.metadata.name ?? ''}`,
      );
    } catch (err) {
      deps.recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
      return err instanceof Error ? err : new Error(String(err));
    }
  }
  for (const pod of plan.delete) {
    try {
      deps.client.delete(R.pods, pod.metadata.namespace, pod.metadata.name ?? '', {
        preconditions: { uid: pod.metadata.uid ?? '' },
      });
      deps.recorder.event(
        rs,
        'Normal',
        'SuccessfulDelete',
        `Deleted pod: ${pod.metadata.name ?? ''}`,
      );
    } catch (err) {
      deps.recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
      return err instanceof Error ? err : new Error(String(err));
    }
  }
  return undefined;
}

/** One sync of one ReplicaSet. */
export function syncReplicaSet(deps: ReplicaSetControllerDeps, key: string): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const rs = deps.client.get<ReplicaSet>(R.replicasets, namespace, name);
  if (!rs) return 'done';
  const ref = newControllerRef(rs, 'apps/v1', 'ReplicaSet');
  const pods = claimObjects<Pod>(deps.client, R.pods, { set: rs, ref }, () => true);
  const plan = planReplicaSetSync(rs, pods, deps.clock.now());
  const failure = applyPods(deps, rs, plan);
  if (!jsonEqual(rs.status ?? {}, plan.status)) {
    deps.client.mutate<ReplicaSet>(
      R.replicasets,
      namespace,
      name,
      (o) => {
        o.status = plan.status;
      },
      true,
    );
  }
  if (failure !== undefined) throw failure;
  return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : 'done';
}
