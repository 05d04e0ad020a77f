// Pure rendering of the cluster's DNS records as hosts-file lines (ConfigMap kube-system/sandbox-dns,
// key `hosts`), following what CoreDNS serves: a ClusterIP Service's A record, and for headless
// Services the A records of their ready endpoints plus `<hostname>.<svc>` records.
import { cmpIp } from './plan-endpoints.ts';
import { LABEL_SERVICE_NAME, type EndpointSliceObject, type ServiceObject } from './types.ts';

/** Name and key of the ConfigMap the kubelets read. */
export const DNS_CONFIGMAP = {
  namespace: 'kube-system',
  name: 'sandbox-dns',
  key: 'hosts',
} as const;

const names = (base: string, domain: string): string[] => [
  `${base}.svc.${domain}`,
  `${base}.svc`,
  base,
];

/** A hosts line: the address, then the fully qualified name and its shorter forms. */
const line = (ip: string, base: string, domain: string): string =>
  [ip, ...names(base, domain)].join(' ');

/** Records of one headless Service: every ready endpoint (CoreDNS treats an unset `ready` as ready). */
function headlessLines(
  svc: ServiceObject,
  slices: EndpointSliceObject[],
  domain: string,
): string[] {
  const base = `${svc.metadata.name ?? ''}.${svc.metadata.namespace ?? ''}`;
  const out: string[] = [];
  for (const slice of slices) {
    for (const ep of slice.endpoints ?? []) {
      if (ep.conditions.ready === false) continue;
      for (const ip of ep.addresses) {
        out.push(line(ip, base, domain));
        if (ep.hostname) out.push(line(ip, `${ep.hostname}.${base}`, domain));
      }
    }
  }
  return out;
}

/** The sorted, de-duplicated hosts lines for all Services and their EndpointSlices. */
export function renderDnsHosts(
  services: ServiceObject[],
  slices: EndpointSliceObject[],
  domain: string,
): string {
  const slicesBySvc = new Map<string, EndpointSliceObject[]>();
  for (const s of slices) {
    const svc = s.metadata.labels?.[LABEL_SERVICE_NAME];
    if (!svc || s.addressType !== 'IPv4') continue;
    const key = `${s.metadata.namespace ?? ''}/${svc}`;
    slicesBySvc.set(key, [...(slicesBySvc.get(key) ?? []), s]);
  }
  const lines = new Set<string>();
  for (const svc of services) {
    const ns = svc.metadata.namespace ?? '';
    const name = svc.metadata.name ?? '';
    const ip = svc.spec?.clusterIP;
    if (svc.spec?.type === 'ExternalName' || !ip) continue;
    if (ip !== 'None') lines.add(line(ip, `${name}.${ns}`, domain));
    else
      for (const l of headlessLines(svc, slicesBySvc.get(`${ns}/${name}`) ?? [], domain))
        lines.add(l);
  }
  const sorted = [...lines].sort((a, b) => {
    const [ipA = '', nameA = ''] = a.split(' ');
    const [ipB = '', nameB = ''] = b.split(' ');
    return nameA.localeCompare(nameB) || cmpIp(ipA, ipB);
  });
  return sorted.map((l) => `${l}\n`).join('');
}
