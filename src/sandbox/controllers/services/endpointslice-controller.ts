// The EndpointSlice controller (upstream pkg/controller/endpointslice): keeps the
// `discovery.k8s.io/v1` EndpointSlices of each selector Service in line with its pods.
import type { Component, ControlPlaneContext } from '../../cluster/context.ts';
import { R, type LocalClient } from '../local-client.ts';
import { Controller, splitKey, type ReconcileResult, type Reconciler } from '../runtime.ts';
import { hasSelector } from './pod-endpoints.ts';
import { planSlices } from './plan-slices.ts';
import { allServiceKeys, createUnlessNamespaceGone, serviceAndPodWatches } from './shared.ts';
import { desiredSlices } from './slice-endpoints.ts';
import { TriggerTimeTracker } from './trigger-time.ts';
import {
  LABEL_SERVICE_NAME,
  LABEL_SLICE_MANAGED_BY,
  SLICE_CONTROLLER_NAME,
  type EndpointSliceObject,
  type NodeObject,
  type PodObject,
  type ServiceObject,
} from './types.ts';

/** Retry delay when a selected pod's node is not known yet (upstream retries with backoff). */
const MISSING_NODE_RETRY_MS = 1_000;

/** Reconciles the EndpointSlices of one Service key. */
export class EndpointSliceReconciler implements Reconciler {
  readonly name = 'endpointslice-controller';
  readonly watches: Reconciler['watches'];
  private readonly client: LocalClient;
  private readonly tracker = new TriggerTimeTracker();

  constructor(client: LocalClient) {
    this.client = client;
    this.watches = [
      ...serviceAndPodWatches(client),
      { resKey: R.endpointslices, keys: (obj) => sliceServiceKey(obj as EndpointSliceObject) },
    ];
  }

  initialKeys(): string[] {
    return allServiceKeys(this.client);
  }

  reconcile(key: string): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const svc = this.client.get<ServiceObject>(R.services, namespace, name);
    if (!svc) {
      this.tracker.delete(key); // the garbage collector deletes the owned slices
      return 'done';
    }
    const existing = this.client.list<EndpointSliceObject>(R.endpointslices, namespace, {
      matchLabels: { [LABEL_SERVICE_NAME]: name, [LABEL_SLICE_MANAGED_BY]: SLICE_CONTROLLER_NAME },
    });
    if (svc.spec?.type === 'ExternalName') {
      for (const s of existing)
        this.client.delete(R.endpointslices, namespace, s.metadata.name ?? '');
      return 'done';
    }
    if (!hasSelector(svc)) return 'done';
    const pods = this.client.list<PodObject>(R.pods, namespace, {
      matchLabels: svc.spec?.selector ?? {},
    });
    const nodes = new Map(
      this.client.list<NodeObject>(R.nodes).map((n) => [n.metadata.name ?? '', n]),
    );
    const desired = desiredSlices(svc, pods, nodes);
    const plan = planSlices(svc, desired, existing, this.tracker.compute(key, svc, pods));
    for (const s of plan.create) createUnlessNamespaceGone(this.client, R.endpointslices, s);
    for (const s of plan.update) this.client.update(R.endpointslices, s);
    for (const s of plan.delete)
      this.client.delete(R.endpointslices, namespace, s.metadata.name ?? '');
    return desired.missingNode ? { requeueAfterMs: MISSING_NODE_RETRY_MS } : 'done';
  }
}

/** The Service key of a slice this controller manages. */
function sliceServiceKey(slice: EndpointSliceObject): string[] {
  const labels = slice.metadata.labels ?? {};
  const svc = labels[LABEL_SERVICE_NAME];
  if (!svc || labels[LABEL_SLICE_MANAGED_BY] !== SLICE_CONTROLLER_NAME) return [];
  return [`${slice.metadata.namespace ?? ''}/${svc}`];
}

/** Starts the EndpointSlice controller. */
export function startEndpointSliceController(ctx: ControlPlaneContext): Component {
  const client = ctx.client('endpointslice-controller');
  const controller = new Controller(new EndpointSliceReconciler(client), {
    client,
    clock: ctx.clock,
    log: ctx.log,
  });
  controller.start(2);
  return { stop: () => controller.stop() };
}
