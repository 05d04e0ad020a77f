// How the API server reaches a pod's kubelet (for logs and exec): the node's InternalIP and
// kubelet port from its status, the admin token as credentials.
import http from 'node:http';
import { badRequest, notFound } from './errors.ts';
import type { ApiCore } from './api-core.ts';
import type { KubeObject } from './types.ts';

export interface KubeletTarget {
  pod: KubeObject;
  container: string;
  host: string;
  port: number;
}

interface PodShape {
  spec?: {
    nodeName?: string;
    containers?: { name: string }[];
    initContainers?: { name: string }[];
  };
}

/** Resolves the pod, its container (defaulting like kubectl when there is one) and its kubelet. */
export function kubeletTarget(
  core: ApiCore,
  ns: string,
  podName: string,
  container: string | null,
): KubeletTarget {
  const pod = core.store.get('/pods', ns, podName)?.obj;
  if (!pod) throw notFound('', 'pods', podName);
  const spec = (pod as PodShape).spec;
  const names = (spec?.containers ?? []).map((c) => c.name);
  const all = [...names, ...(spec?.initContainers ?? []).map((c) => c.name)];
  let name = container ?? undefined;
  if (!name) {
    if (names.length !== 1) {
      throw badRequest(
        `a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]`,
      );
    }
    name = names[0] ?? '';
  } else if (!all.includes(name)) {
    throw badRequest(`container ${name} is not valid for pod ${podName}`);
  }
  const nodeName = spec?.nodeName;
  if (!nodeName) throw badRequest(`pod ${podName} does not have a host assigned`);
  const node = core.store.get('/nodes', undefined, nodeName)?.obj as
    | {
        status?: {
          addresses?: { type: string; address: string }[];
          daemonEndpoints?: { kubeletEndpoint?: { Port?: number } };
        };
      }
    | undefined;
  const host = node?.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  const port = node?.status?.daemonEndpoints?.kubeletEndpoint?.Port ?? 10250;
  if (!host) throw badRequest(`node ${nodeName} has no InternalIP address`);
  return { pod, container: name, host, port };
}

/** Sends a request to a kubelet; resolves with the response (the caller consumes it). */
export function kubeletRequest(
  target: KubeletTarget,
  method: string,
  path: string,
  token: string,
  body?: Buffer,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.host,
        port: target.port,
        method,
        path,
        headers: { Authorization: `Bearer ${token}` },
      },
      resolve,
    );
    req.on('error', reject);
    req.end(body);
  });
}
