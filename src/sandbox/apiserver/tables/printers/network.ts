// Service, Endpoints and EndpointSlice rows.
import type { KubeObject } from '../../types.ts';
import { AGE_COLUMN, NAME_COLUMN, col } from '../columns.ts';
import type { Printer, TableCell } from '../columns.ts';
import { DESC } from '../descriptions.ts';
import { since } from '../duration.ts';
import { formatLabels, joinHostPort, listWithMore, str } from '../format.ts';

interface Service extends KubeObject {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: { port?: number; nodePort?: number; protocol?: string }[];
    selector?: Record<string, string>;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** Load-balancer ingress IPs or hostnames, de-duplicated and sorted (no clipping: the server prints wide). */
function loadBalancerIPs(svc: Service): string[] {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  return [...set].sort();
}

function externalIP(svc: Service): string {
  const external = svc.spec?.externalIPs ?? [];
  const type = svc.spec?.type;
  if (type === 'ClusterIP' || type === 'NodePort') {
    return external.length > 0 ? external.join(',') : '<none>';
  }
  if (type === 'LoadBalancer') {
    const all = [...loadBalancerIPs(svc), ...external];
    return all.length > 0 ? all.join(',') : '<pending>';
  }
  if (type === 'ExternalName') return svc.spec?.externalName ?? '';
  return '<unknown>';
}

function portString(svc: Service): string {
  const pieces = (svc.spec?.ports ?? []).map((p) => {
    const proto = str(p.protocol);
    const port = p.port ?? 0;
    return p.nodePort && p.nodePort > 0 ? `${port}:${p.nodePort}/${proto}` : `${port}/${proto}`;
  });
  return pieces.length > 0 ? pieces.join(',') : '<none>';
}

/** Service printer: TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE | SELECTOR. */
export const servicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Type', DESC.svcType),
    col('Cluster-IP', DESC.svcClusterIP),
    col('External-IP', DESC.svcExternalIPs),
    col('Port(s)', DESC.svcPorts),
    AGE_COLUMN,
    col('Selector', DESC.svcSelector, { wide: true }),
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const svc = obj as Service;
    const clusterIP = svc.spec?.clusterIP || svc.spec?.clusterIPs?.[0] || '<none>';
    return [
      svc.metadata.name ?? '',
      str(svc.spec?.type),
      clusterIP,
      externalIP(svc),
      portString(svc),
      since(svc.metadata.creationTimestamp, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};

interface Endpoints extends KubeObject {
  subsets?: { addresses?: { ip?: string }[]; ports?: { port?: number }[] }[];
}

/** `formatEndpoints`: up to three "ip:port" entries, then " + N more...". */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const all: string[] = [];
  for (const ss of subsets) {
    const ips = (ss.addresses ?? []).map((a) => str(a.ip));
    const ports = ss.ports ?? [];
    if (ports.length === 0) all.push(...ips);
    for (const port of ports) all.push(...ips.map((ip) => joinHostPort(ip, port.port ?? 0)));
  }
  const shown = all.slice(0, 3).join(',');
  return all.length > 3 ? `${shown} + ${all.length - 3} more...` : shown;
}

/** Endpoints printer: ENDPOINTS AGE. */
export const endpointsPrinter: Printer = {
  columns: [NAME_COLUMN, col('Endpoints', DESC.epSubsets), AGE_COLUMN],
  cells(obj: KubeObject, now: Date): TableCell[] {
    return [
      obj.metadata.name ?? '',
      formatEndpoints(obj),
      since(obj.metadata.creationTimestamp, now),
    ];
  },
};

interface EndpointSlice extends KubeObject {
  addressType?: string;
  ports?: { port?: number; name?: string }[];
  endpoints?: { addresses?: string[] }[];
}

/** EndpointSlice printer: ADDRESSTYPE PORTS ENDPOINTS AGE. */
export const endpointSlicePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('AddressType', DESC.esAddressType),
    col('Ports', DESC.esPorts),
    col('Endpoints', DESC.esEndpoints),
    AGE_COLUMN,
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const es = obj as EndpointSlice;
    const ports = (es.ports ?? []).map((p) =>
      typeof p.port === 'number' ? String(p.port) : (p.name ?? '*'),
    );
    const addresses = (es.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [
      es.metadata.name ?? '',
      str(es.addressType),
      listWithMore(ports),
      listWithMore(addresses),
      since(es.metadata.creationTimestamp, now),
    ];
  },
};
