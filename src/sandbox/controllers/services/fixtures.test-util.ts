// Test fixtures: small Service, Pod and Node objects.
import type { NodeObject, PodObject, ServiceObject } from './types.ts';

/** A Service `web` in `ns` selecting app=web with one port `http` 80 → `targetPort`. */
export function svc(
  over: Partial<NonNullable<ServiceObject['spec']>> = {},
  name = 'web',
): ServiceObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: 'ns',
      uid: `uid-${name}`,
      creationTimestamp: '2024-01-01T00:00:00Z',
    },
    spec: {
      selector: { app: 'web' },
      clusterIP: '127.96.0.20',
      ipFamilies: ['IPv4'],
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      ...over,
    },
  };
}

export interface PodOpts {
  ready?: boolean;
  node?: string;
  phase?: string;
  terminating?: boolean;
  hostname?: string;
  subdomain?: string;
  readySince?: string;
}

/** A Running pod with `ip`, labelled app=web. */
export function pod(name: string, ip: string | undefined, o: PodOpts = {}): PodObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'ns',
      uid: `uid-${name}`,
      labels: { app: 'web' },
      ...(o.terminating ? { deletionTimestamp: '2024-01-01T00:01:00Z' } : {}),
    },
    spec: {
      nodeName: o.node ?? 'node-1',
      ...(o.hostname ? { hostname: o.hostname } : {}),
      ...(o.subdomain ? { subdomain: o.subdomain } : {}),
      containers: [{ name: 'c', ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }] }],
    },
    status: {
      phase: o.phase ?? 'Running',
      ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
      conditions: [
        {
          type: 'Ready',
          status: o.ready === false ? 'False' : 'True',
          lastTransitionTime: o.readySince ?? '2024-01-01T00:00:30Z',
        },
      ],
    },
  };
}

/** Nodes node-1..3 in zones zone-a..c. */
export function nodes(): Map<string, NodeObject> {
  const m = new Map<string, NodeObject>();
  ['a', 'b', 'c'].forEach((z, i) => {
    const name = `node-${String(i + 1)}`;
    m.set(name, { metadata: { name, labels: { 'topology.kubernetes.io/zone': `zone-${z}` } } });
  });
  return m;
}
