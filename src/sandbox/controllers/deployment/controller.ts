// The Deployment controller: claims replica sets, applies one round of its strategy, records
// status, revision annotations and upstream's `ScalingReplicaSet` events.
import type { Clock } from '../../../lib/clock.ts';
import type { Logger } from '../../../lib/logger.ts';
import { jsonEqual } from '../../apiserver/object-meta.ts';
import type { KubeObject } from '../../apiserver/types.ts';
import type { EventRecorder } from '../events.ts';
import { R, type LocalClient } from '../local-client.ts';
import type { ReplicaSet } from '../replicaset/plan.ts';
import { controllerRefOf, newControllerRef, podPhase, type Pod } from '../replicaset/pod-util.ts';
import { keyOf, splitKey, type Reconciler, type ReconcileResult } from '../runtime.ts';
import { claimObjects } from '../statefulset/ownership.ts';
import { planDeploymentSync, type DeploymentAction } from './plan.ts';
import { equalIgnoreHash } from './rollout.ts';
import { REVISION_ANNOTATION, type Deployment } from './types.ts';

/** Dependencies of the Deployment controller. */
export interface DeploymentControllerDeps {
  client: LocalClient;
  recorder: EventRecorder;
  clock: Clock;
  log: Logger;
}

function ownerKey(kind: string) {
  return (obj: KubeObject): string[] => {
    const ref = controllerRefOf(obj);
    return ref?.kind === kind ? [`${obj.metadata.namespace ?? ''}/${ref.name}`] : [];
  };
}

/** Builds the Deployment reconciler. */
export function deploymentReconciler(deps: DeploymentControllerDeps): Reconciler {
  const rsOwner = ownerKey('ReplicaSet');
  return {
    name: 'deployment-controller',
    watches: [
      { resKey: R.deployments, keys: (obj) => [keyOf(obj)] },
      { resKey: R.replicasets, keys: ownerKey('Deployment') },
      {
        resKey: R.pods,
        keys: (obj) => {
          const rs = rsOwner(obj)[0];
          if (!rs) return [];
          const { namespace, name } = splitKey(rs);
          const owner = deps.client.get(R.replicasets, namespace, name);
          return owner ? ownerKey('Deployment')(owner) : [];
        },
      },
    ],
    initialKeys: () => deps.client.list(R.deployments).map(keyOf),
    resyncMs: 30_000,
    reconcile: (key) => syncDeployment(deps, key),
  };
}

function applyAction(deps: DeploymentControllerDeps, d: Deployment, a: DeploymentAction): void {
  const ns = d.metadata.namespace;
  switch (a.kind) {
    case 'createRS': {
      deps.client.create(R.replicasets, a.rs);
      const n = a.rs.spec.replicas ?? 0;
      if (n > 0)
        deps.recorder.event(
          d,
          'Normal',
          'ScalingReplicaSet',
          `Scaled up replica set ${a.rs.metadata.name ?? ''} from 0 to ${String(n)}`,
        );
      return;
    }
    case 'scaleRS':
      deps.client.mutate<ReplicaSet>(R.replicasets, ns, a.name, (rs) => {
        rs.spec.replicas = a.to;
        rs.metadata.annotations = { ...(rs.metadata.annotations ?? {}), ...a.annotations };
      });
      deps.recorder.event(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${a.to > a.from ? 'up' : 'down'} replica set ${a.name} from ${String(a.from)} to ${String(a.to)}`,
      );
      return;
    case 'setRSRevision':
      deps.client.mutate<ReplicaSet>(R.replicasets, ns, a.name, (rs) => {
        rs.metadata.annotations = {
          ...(rs.metadata.annotations ?? {}),
          [REVISION_ANNOTATION]: a.revision,
        };
      });
      return;
    case 'setDeploymentRevision':
      deps.client.mutate<Deployment>(R.deployments, ns, d.metadata.name ?? '', (o) => {
        o.metadata.annotations = {
          ...(o.metadata.annotations ?? {}),
          [REVISION_ANNOTATION]: a.revision,
        };
      });
      return;
    case 'deleteRS':
      deps.client.delete(R.replicasets, ns, a.name);
      return;
  }
}

/** Whether pods of replica sets other than the current template's still run (Recreate). */
function oldPodsRunning(client: LocalClient, d: Deployment, rss: ReplicaSet[]): boolean {
  const old = new Set(
    rss
      .filter((rs) => !equalIgnoreHash(rs.spec.template, d.spec.template))
      .map((rs) => rs.metadata.uid),
  );
  return client.list<Pod>(R.pods, d.metadata.namespace).some((p) => {
    const ref = controllerRefOf(p);
    return (
      ref !== undefined &&
      old.has(ref.uid) &&
      podPhase(p) !== 'Failed' &&
      podPhase(p) !== 'Succeeded'
    );
  });
}

/** One sync of one Deployment. */
export function syncDeployment(deps: DeploymentControllerDeps, key: string): ReconcileResult {
  const { namespace, name } = splitKey(key);
  const d = deps.client.get<Deployment>(R.deployments, namespace, name);
  if (!d) return 'done';
  const ref = newControllerRef(d, 'apps/v1', 'Deployment');
  const rss = claimObjects<ReplicaSet>(deps.client, R.replicasets, { set: d, ref }, () => true);
  const plan = planDeploymentSync({
    d,
    replicaSets: rss,
    oldPodsRunning: oldPodsRunning(deps.client, d, rss),
    nowMs: deps.clock.now(),
  });
  for (const a of plan.actions) applyAction(deps, d, a);
  if (!jsonEqual(d.status ?? {}, plan.status)) {
    deps.client.mutate<Deployment>(
      R.deployments,
      namespace,
      name,
      (o) => {
        o.status = plan.status;
      },
      true,
    );
  }
  const deadline = d.spec.progressDeadlineSeconds;
  const progressing = plan.status.conditions?.find((c) => c.type === 'Progressing');
  if (deadline !== undefined && progressing?.reason === 'ReplicaSetUpdated')
    return { requeueAfterMs: deadline * 1000 };
  return 'done';
}
