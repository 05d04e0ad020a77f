// Pure: the EndpointSlice endpoints a Service's pods should produce, grouped by their port set
// (upstream endpointslice reconcileByAddressType's desired state, podToEndpoint, getEndpointPorts).
import {
  findPort,
  isPodReady,
  podIPv4,
  podRef,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './pod-endpoints.ts';
import { cmpIp } from './plan-endpoints.ts';
import {
  LABEL_ZONE,
  type NodeObject,
  type PodObject,
  type ServiceObject,
  type SliceEndpoint,
  type SlicePort,
} from './types.ts';

/** Desired endpoints sharing one port set. */
export interface PortGroup {
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

/** Desired state for a Service, and whether some pod was skipped because its node is unknown. */
export interface DesiredSlices {
  groups: Map<string, PortGroup>;
  missingNode: boolean;
}

/** A canonical key of a port set (upstream NewPortMapKey). */
export function portMapKey(ports: SlicePort[] | null | undefined): string {
  const norm = (ports ?? []).map((p) => [
    p.name ?? '',
    p.port ?? 0,
    p.protocol ?? '',
    p.appProtocol ?? '',
  ]);
  return JSON.stringify(norm.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
}

/** The identity of an endpoint within a port group (upstream hashEndpoint). */
export function endpointKey(ep: SliceEndpoint): string {
  const t = ep.targetRef;
  return JSON.stringify([
    [...ep.addresses].sort(),
    ep.hostname ?? '',
    t?.namespace ?? '',
    t?.name ?? '',
  ]);
}

/** The slice ports of a pod for a Service (ports whose target cannot be found are left out). */
export function endpointPorts(svc: ServiceObject, pod: PodObject): SlicePort[] {
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0 && svc.spec?.clusterIP === 'None') return [];
  const out: SlicePort[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({
      name: sp.name ?? '',
      port,
      protocol: sp.protocol ?? 'TCP',
      ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
    });
  }
  return out;
}

/** One pod as a slice endpoint: ready = publishNotReadyAddresses || (serving && !terminating). */
export function podToEndpoint(
  svc: ServiceObject,
  pod: PodObject,
  node: NodeObject | undefined,
): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ip = podIPv4(pod);
  const zone = node?.metadata.labels?.[LABEL_ZONE];
  return {
    addresses: ip ? [ip] : [],
    conditions: { ready, serving, terminating },
    ...(shouldSetHostname(pod, svc) ? { hostname: pod.spec?.hostname ?? '' } : {}),
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    ...(zone ? { zone } : {}),
    targetRef: podRef(pod),
  };
}

/** Desired endpoints by port set, sorted by address; pods on unknown nodes skipped unless publishNotReadyAddresses. */
export function desiredSlices(
  svc: ServiceObject,
  pods: PodObject[],
  nodes: ReadonlyMap<string, NodeObject>,
): DesiredSlices {
  const groups = new Map<string, PortGroup>();
  let missingNode = false;
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const node = nodes.get(pod.spec?.nodeName ?? '');
    if (!node && svc.spec?.publishNotReadyAddresses !== true) {
      missingNode = true;
      continue;
    }
    const ports = endpointPorts(svc, pod);
    const key = portMapKey(ports);
    const group = groups.get(key) ?? { ports, endpoints: [] };
    groups.set(key, group);
    const ep = podToEndpoint(svc, pod, node);
    if (ep.addresses.length > 0) group.endpoints.push(ep);
  }
  for (const g of groups.values()) {
    g.endpoints.sort((a, b) => cmpIp(a.addresses[0] ?? '', b.addresses[0] ?? ''));
  }
  return { groups, missingNode };
}
