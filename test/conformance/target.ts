// The cluster a conformance test runs against: a fresh sandbox, or any cluster named by
// STEWARD_CONFORMANCE_KUBECONFIG (server, CA and token are read from its current context).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { rawClient, type RawClient } from '../support/http.ts';
import { startTestSandbox } from '../support/sandbox.ts';

export interface Target {
  client: RawClient;
  kubeconfig: string;
  /** A namespace created for this test file. */
  namespace: string;
  /** True when running against the in-process sandbox (sandbox-only hooks are available). */
  isSandbox: boolean;
  /** Sandbox only: drops watch history so that older resourceVersions get 410. */
  compact?: () => void;
  close(): Promise<void>;
}

interface KubeconfigFile {
  'current-context': string;
  contexts: { name: string; context: { cluster: string; user: string } }[];
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
  users: { name: string; user: { token?: string } }[];
}

function fromKubeconfig(path: string): { url: string; ca: string; token: string } {
  const kc = parse(readFileSync(path, 'utf8')) as KubeconfigFile;
  const ctx = kc.contexts.find((c) => c.name === kc['current-context'])?.context;
  const cluster = kc.clusters.find((c) => c.name === ctx?.cluster)?.cluster;
  const user = kc.users.find((u) => u.name === ctx?.user)?.user;
  if (!cluster || !user?.token)
    throw new Error('conformance kubeconfig needs a token user and a cluster with CA data');
  return {
    url: cluster.server,
    ca: Buffer.from(cluster['certificate-authority-data'] ?? '', 'base64').toString(),
    token: user.token,
  };
}

/** Starts (or connects to) the target and creates a namespace for the test file. */
export async function openTarget(prefix: string): Promise<Target> {
  const external = process.env.STEWARD_CONFORMANCE_KUBECONFIG;
  const namespace = `${prefix}-${randomBytes(3).toString('hex')}`;
  if (external) {
    const { url, ca, token } = fromKubeconfig(external);
    const client = rawClient(url, ca, token);
    await client.request('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    return {
      client,
      kubeconfig: external,
      namespace,
      isSandbox: false,
      close: async () => {
        await client.request('DELETE', `/api/v1/namespaces/${namespace}`);
      },
    };
  }
  const sb = await startTestSandbox({ bookmarkIntervalMs: 500 });
  const client = rawClient(sb.url, sb.caCert, sb.token);
  await client.request('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace },
  });
  return {
    client,
    kubeconfig: sb.kubeconfig,
    namespace,
    isSandbox: true,
    compact: () => sb.sandbox.core.store.compact(),
    close: () => sb.stop(),
  };
}
