// Pure planning for the Endpoints controller (upstream pkg/controller/endpoint): the subsets a
// Service's pods produce, and whether the stored Endpoints object must be created or updated.
import { isDeepStrictEqual } from 'node:util';
import {
  findPort,
  isPodReady,
  podIPv4,
  podRef,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from './pod-endpoints.ts';
import { formatTriggerTime } from './trigger-time.ts';
import {
  ANNOTATION_OVER_CAPACITY,
  ANNOTATION_TRIGGER_TIME,
  ENDPOINTS_CONTROLLER_NAME,
  isServiceIPSet,
  LABEL_ENDPOINTS_MANAGED_BY,
  LABEL_HEADLESS,
  MAX_ENDPOINTS_CAPACITY,
  type EndpointAddress,
  type EndpointPort,
  type EndpointsObject,
  type EndpointSubset,
  type PodObject,
  type ServiceObject,
} from './types.ts';

/** What to do with a Service's Endpoints. */
export type EndpointsPlan =
  { action: 'none' } | { action: 'create' | 'update'; endpoints: EndpointsObject };

function addressOf(svc: ServiceObject, pod: PodObject, ip: string): EndpointAddress {
  return {
    ip,
    ...(shouldSetHostname(pod, svc) ? { hostname: pod.spec?.hostname ?? '' } : {}),
    nodeName: pod.spec?.nodeName ?? '',
    targetRef: podRef(pod),
  };
}

function portsFor(svc: ServiceObject, pod: PodObject): EndpointPort[] | undefined {
  const ports = svc.spec?.ports ?? [];
  if (ports.length === 0) return svc.spec?.clusterIP === 'None' ? [] : undefined;
  const out: EndpointPort[] = [];
  for (const sp of ports) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({
      ...(sp.name ? { name: sp.name } : {}),
      port,
      protocol: sp.protocol ?? 'TCP',
      ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
    });
  }
  return out;
}

const portKey = (p: EndpointPort): string =>
  `${p.name ?? ''}/${String(p.port)}/${p.protocol ?? ''}`;

/** The repacked, sorted subsets for a Service's selected pods (upstream RepackSubsets + SortSubsets). */
export function buildSubsets(svc: ServiceObject, pods: PodObject[]): EndpointSubset[] {
  const tolerate = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<
    string,
    { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }
  >();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerate)) continue;
    const ip = podIPv4(pod);
    const ports = portsFor(svc, pod);
    if (!ip || !ports) continue;
    const perPort = ports.length === 0 ? [undefined] : ports;
    for (const p of perPort) {
      const key = p ? portKey(p) : '';
      const g = groups.get(key) ?? { ports: p ? [p] : [], ready: [], notReady: [] };
      groups.set(key, g);
      (tolerate || isPodReady(pod) ? g.ready : g.notReady).push(addressOf(svc, pod, ip));
    }
  }
  return repack([...groups.values()]);
}

/** Merges port groups with identical address sets into one subset, as RepackSubsets does. */
function repack(
  groups: { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }[],
): EndpointSubset[] {
  const byAddrs = new Map<string, EndpointSubset & { ports: EndpointPort[] }>();
  const sortAddrs = (l: EndpointAddress[]): EndpointAddress[] =>
    [...l].sort(
      (a, b) => cmpIp(a.ip, b.ip) || (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? ''),
    );
  for (const g of groups) {
    const ready = sortAddrs(g.ready);
    const notReady = sortAddrs(g.notReady);
    const key = JSON.stringify([ready, notReady]);
    const s = byAddrs.get(key) ?? {
      ...(ready.length ? { addresses: ready } : {}),
      ...(notReady.length ? { notReadyAddresses: notReady } : {}),
      ports: [],
    };
    s.ports.push(...g.ports);
    byAddrs.set(key, s);
  }
  const subsets = [...byAddrs.values()].map((s) => {
    const ports = [...s.ports].sort((a, b) => portKey(a).localeCompare(portKey(b)));
    return { ...s, ports };
  });
  return subsets.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** Numeric comparison of dotted IPv4 addresses. */
export function cmpIp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

/** Truncates to 1000 addresses, ready ones first (upstream truncateEndpoints); true if truncated. */
export function truncateSubsets(subsets: EndpointSubset[]): boolean {
  const count = (f: 'addresses' | 'notReadyAddresses'): number =>
    subsets.reduce((n, s) => n + (s[f]?.length ?? 0), 0);
  const ready = count('addresses');
  const notReady = count('notReadyAddresses');
  if (ready + notReady <= MAX_ENDPOINTS_CAPACITY) return false;
  const truncReady = ready > MAX_ENDPOINTS_CAPACITY;
  const max = truncReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - ready;
  const total = truncReady ? ready : notReady;
  let left = max;
  for (const s of subsets) {
    const field = truncReady ? 'addresses' : 'notReadyAddresses';
    const n = s[field]?.length ?? 0;
    const take = Math.min(Math.ceil((n / total) * max), left);
    s[field] = (s[field] ?? []).slice(0, take);
    if (truncReady) s.notReadyAddresses = [];
    left -= s[field].length;
  }
  return true;
}

/** Labels of a Service's Endpoints: the Service's, the headless marker, and managed-by. */
export function endpointsLabels(svc: ServiceObject): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (isServiceIPSet(svc)) delete labels[LABEL_HEADLESS];
  else labels[LABEL_HEADLESS] = '';
  labels[LABEL_ENDPOINTS_MANAGED_BY] = ENDPOINTS_CONTROLLER_NAME;
  return labels;
}

const sameJson = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b);

/** Decides the Endpoints write for a Service, given its pods, the stored object and the trigger time (ms, 0 none). */
export function planEndpoints(
  svc: ServiceObject,
  pods: PodObject[],
  current: EndpointsObject | undefined,
  triggerTimeMs: number,
): EndpointsPlan {
  const subsets = buildSubsets(svc, pods);
  const labels = endpointsLabels(svc);
  const overCap = current?.metadata.annotations?.[ANNOTATION_OVER_CAPACITY] !== undefined;
  const countOf = (l: EndpointSubset[]): number =>
    l.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
  if (
    current &&
    sameJson(current.subsets ?? [], subsets) &&
    sameJson(current.metadata.labels ?? {}, labels) &&
    !overCap &&
    countOf(subsets) <= MAX_ENDPOINTS_CAPACITY
  )
    return { action: 'none' };
  const annotations = { ...(current?.metadata.annotations ?? {}) };
  if (triggerTimeMs > 0) annotations[ANNOTATION_TRIGGER_TIME] = formatTriggerTime(triggerTimeMs);
  else delete annotations[ANNOTATION_TRIGGER_TIME];
  if (truncateSubsets(subsets)) annotations[ANNOTATION_OVER_CAPACITY] = 'truncated';
  else delete annotations[ANNOTATION_OVER_CAPACITY];
  const endpoints: EndpointsObject = {
    ...(current ?? {}),
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: {
      ...(current?.metadata ?? {}),
      name: svc.metadata.name,
      namespace: svc.metadata.namespace,
      labels,
      annotations,
    },
    subsets,
  };
  return { action: current ? 'update' : 'create', endpoints };
}
