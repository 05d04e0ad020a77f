// The Endpoints controller (upstream pkg/controller/endpoint): keeps a core/v1 Endpoints object,
// named like its Service, listing the selected pods' addresses and ports.
import type { Component, ControlPlaneContext } from '../../cluster/context.ts';
import { R, type LocalClient } from '../local-client.ts';
import { Controller, keyOf, splitKey, type ReconcileResult, type Reconciler } from '../runtime.ts';
import { hasSelector } from './pod-endpoints.ts';
import { planEndpoints } from './plan-endpoints.ts';
import { allServiceKeys, createUnlessNamespaceGone, serviceAndPodWatches } from './shared.ts';
import { TriggerTimeTracker } from './trigger-time.ts';
import type { EndpointsObject, PodObject, ServiceObject } from './types.ts';

const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

/** Reconciles the Endpoints of one Service key. */
export class EndpointsReconciler implements Reconciler {
  readonly name = 'endpoint-controller';
  readonly watches: Reconciler['watches'];
  private readonly client: LocalClient;
  private readonly tracker = new TriggerTimeTracker();

  constructor(client: LocalClient) {
    this.client = client;
    this.watches = [
      ...serviceAndPodWatches(client),
      { resKey: R.endpoints, keys: (obj) => [keyOf(obj)] },
    ];
  }

  initialKeys(): string[] {
    const leftovers = this.client
      .list(R.endpoints)
      .filter((e) => e.metadata.annotations?.[LEADER_ANNOTATION] === undefined)
      .map(keyOf);
    return [...new Set([...allServiceKeys(this.client), ...leftovers])];
  }

  reconcile(key: string): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const svc = this.client.get<ServiceObject>(R.services, namespace, name);
    if (!svc) {
      const ep = this.client.get(R.endpoints, namespace, name);
      if (ep && ep.metadata.annotations?.[LEADER_ANNOTATION] === undefined)
        this.client.delete(R.endpoints, namespace, name);
      this.tracker.delete(key);
      return 'done';
    }
    if (svc.spec?.type === 'ExternalName' || !hasSelector(svc)) return 'done';
    const pods = this.client.list<PodObject>(R.pods, namespace, {
      matchLabels: svc.spec?.selector ?? {},
    });
    const trigger = this.tracker.compute(key, svc, pods);
    const current = this.client.get<EndpointsObject>(R.endpoints, namespace, name);
    const plan = planEndpoints(svc, pods, current, trigger);
    if (plan.action === 'create')
      createUnlessNamespaceGone(this.client, R.endpoints, plan.endpoints);
    else if (plan.action === 'update') this.client.update(R.endpoints, plan.endpoints);
    return 'done';
  }
}

/** Starts the Endpoints controller. */
export function startEndpointsController(ctx: ControlPlaneContext): Component {
  const client = ctx.client('endpoint-controller');
  const controller = new Controller(new EndpointsReconciler(client), {
    client,
    clock: ctx.clock,
    log: ctx.log,
  });
  controller.start(2);
  return { stop: () => controller.stop() };
}
