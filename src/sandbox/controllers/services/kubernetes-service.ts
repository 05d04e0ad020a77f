// The `default/kubernetes` Service, its Endpoints and its EndpointSlice, pointing at the API server
// (upstream's "master" controller and endpoints reconciler in the API server).
import { isDeepStrictEqual } from 'node:util';
import type { Component, ControlPlaneContext } from '../../cluster/context.ts';
import type { KubeObject } from '../../apiserver/types.ts';
import { R, type LocalClient } from '../local-client.ts';
import { Controller, type ReconcileResult, type Reconciler } from '../runtime.ts';
import {
  LABEL_SERVICE_NAME,
  type EndpointSliceObject,
  type EndpointsObject,
  type ServiceObject,
} from './types.ts';

const NS = 'default';
const NAME = 'kubernetes';
const KEY = `${NS}/${NAME}`;
/** How often upstream's endpoint reconciler runs (EndpointReconcilerInterval: 10 s). */
const RESYNC_MS = 10_000;

/** Where the API server listens. */
export interface ApiEndpoint {
  ip: string;
  port: number;
}

/** The Service: first IP of the service range, port 443 (`https`) → the API server's port. */
export function buildKubernetesService(clusterIP: string, api: ApiEndpoint): ServiceObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: NAME,
      namespace: NS,
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP,
      sessionAffinity: 'None',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: api.port }],
    },
  };
}

/** The Endpoints: the API server's address (mirroring to slices skipped; the slice is written directly). */
export function buildKubernetesEndpoints(api: ApiEndpoint): EndpointsObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      name: NAME,
      namespace: NS,
      labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
    },
    subsets: [
      { addresses: [{ ip: api.ip }], ports: [{ name: 'https', port: api.port, protocol: 'TCP' }] },
    ],
  };
}

/** The EndpointSlice named `kubernetes`, as the API server's endpoints adapter writes it. */
export function buildKubernetesSlice(api: ApiEndpoint): EndpointSliceObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: NAME, namespace: NS, labels: { [LABEL_SERVICE_NAME]: NAME } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [api.ip], conditions: { ready: true } }],
    ports: [{ name: 'https', port: api.port, protocol: 'TCP' }],
  };
}

/** Creates `want` or brings the listed top-level fields of the stored object in line with it. */
function ensure<T extends KubeObject>(
  client: LocalClient,
  resKey: string,
  want: T,
  fields: (keyof T & string)[],
): void {
  const cur = client.get<T>(resKey, NS, NAME);
  if (!cur) {
    client.create(resKey, want);
    return;
  }
  const labelsOk = Object.entries(want.metadata.labels ?? {}).every(
    ([k, v]) => cur.metadata.labels?.[k] === v,
  );
  if (labelsOk && fields.every((f) => isDeepStrictEqual(cur[f], want[f]))) return;
  const next = {
    ...cur,
    metadata: { ...cur.metadata, labels: { ...cur.metadata.labels, ...want.metadata.labels } },
  };
  for (const f of fields) (next as Record<string, unknown>)[f] = want[f];
  client.update(resKey, next);
}

/** Keeps the three objects in place (recreated if deleted, corrected if changed). */
export class KubernetesServiceReconciler implements Reconciler {
  readonly name = 'kubernetes-service';
  readonly resyncMs = RESYNC_MS;
  readonly watches: Reconciler['watches'];
  private readonly client: LocalClient;
  private readonly clusterIP: string;
  private readonly api: ApiEndpoint;

  constructor(client: LocalClient, clusterIP: string, api: ApiEndpoint) {
    this.client = client;
    this.clusterIP = clusterIP;
    this.api = api;
    const mine = (o: KubeObject): string[] =>
      o.metadata.namespace === NS && o.metadata.name === NAME ? [KEY] : [];
    this.watches = [R.services, R.endpoints, R.endpointslices].map((resKey) => ({
      resKey,
      keys: mine,
    }));
  }

  initialKeys(): string[] {
    return [KEY];
  }

  reconcile(): ReconcileResult {
    const svc = buildKubernetesService(this.clusterIP, this.api);
    const cur = this.client.get<ServiceObject>(R.services, NS, NAME);
    if (!cur) this.client.create(R.services, svc);
    else if (!isDeepStrictEqual(cur.spec?.ports, svc.spec?.ports)) {
      this.client.update(R.services, { ...cur, spec: { ...cur.spec, ports: svc.spec?.ports } });
    }
    ensure(this.client, R.endpoints, buildKubernetesEndpoints(this.api), ['subsets']);
    ensure(this.client, R.endpointslices, buildKubernetesSlice(this.api), [
      'addressType',
      'endpoints',
      'ports',
    ]);
    return 'done';
  }
}

/** The API server's address and port from its URL. */
export function apiEndpointOf(url: string): ApiEndpoint {
  const u = new URL(url);
  return { ip: u.hostname, port: Number(u.port || 443) };
}

/** Starts the `kubernetes` Service reconciler. */
export function startKubernetesService(ctx: ControlPlaneContext): Component {
  const client = ctx.client('kube-apiserver');
  const clusterIP = `${ctx.cluster.serviceCidrBase}.0.1`;
  const reconciler = new KubernetesServiceReconciler(
    client,
    clusterIP,
    apiEndpointOf(ctx.apiUrl()),
  );
  const controller = new Controller(reconciler, { client, clock: ctx.clock, log: ctx.log });
  controller.start(1);
  return { stop: () => controller.stop() };
}
