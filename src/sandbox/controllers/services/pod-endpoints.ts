// Pure helpers shared by the Endpoints and EndpointSlice controllers: which pods count, their
// readiness, their IPv4 address and how a Service port maps to a container port (upstream's
// endpointslice utils: ShouldPodBeInEndpoints, ShouldSetHostname, FindPort).
import type { ObjectReference, PodObject, ServiceObject, ServicePort } from './types.ts';

/** Whether a pod belongs in endpoints: not Succeeded/Failed, has an IP, and (unless included) not terminating. */
export function shouldPodBeInEndpoints(pod: PodObject, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

/** The pod's Ready condition is True. */
export const isPodReady = (pod: PodObject): boolean =>
  (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** The pod's first IPv4 address (this sandbox is single-stack IPv4), if any. */
export function podIPv4(pod: PodObject): string | undefined {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip);
  if (ips.length === 0 && pod.status?.podIP) ips.push(pod.status.podIP);
  return ips.find((ip) => !ip.includes(':'));
}

/** The endpoint hostname rule: pod.spec.hostname set and pod.spec.subdomain equal to the Service name. */
export function shouldSetHostname(pod: PodObject, svc: ServiceObject): boolean {
  return (
    !!pod.spec?.hostname &&
    pod.spec.subdomain === svc.metadata.name &&
    pod.metadata.namespace === svc.metadata.namespace
  );
}

/** A Service port's target on a pod: the number, or the named container port (same protocol). */
export function findPort(pod: PodObject, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const c of [...(pod.spec?.containers ?? []), ...sidecars]) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** The reference to a pod that endpoints carry. */
export const podRef = (pod: PodObject): ObjectReference => ({
  kind: 'Pod',
  ...(pod.metadata.namespace ? { namespace: pod.metadata.namespace } : {}),
  name: pod.metadata.name ?? '',
  ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}),
});

/** Whether a pod matches a Service's selector (equality, same namespace). */
export function selectsPod(svc: ServiceObject, pod: PodObject): boolean {
  const sel = svc.spec?.selector;
  if (!hasSelector(svc) || !sel || pod.metadata.namespace !== svc.metadata.namespace) return false;
  const labels = pod.metadata.labels ?? {};
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

/** Whether the Service has a (non-empty) selector; services without one get no managed endpoints. */
export const hasSelector = (svc: ServiceObject): boolean =>
  Object.keys(svc.spec?.selector ?? {}).length > 0;
