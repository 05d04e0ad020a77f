// Kubeconfig for the sandbox: a pure builder and an atomic writer.
import { rename, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

/** Names used in the sandbox kubeconfig. */
export const KUBECONFIG_CLUSTER = 'steward-sandbox';
export const KUBECONFIG_USER = 'steward-admin';
export const KUBECONFIG_CONTEXT = 'steward-sandbox';

/** Input of {@link buildKubeconfig}. */
export interface KubeconfigInput {
  /** API server URL, e.g. http://127.0.0.1:6443. */
  server: string;
  /** Bearer token of the admin user. */
  token: string;
  /** PEM of the CA that signed the server's certificate (for https servers). */
  caCert?: string;
}

/** The `cluster` entry of a kubeconfig. */
export interface KubeconfigCluster {
  server: string;
  /** Base64 of the CA bundle PEM. */
  'certificate-authority-data'?: string;
}

/** A kubeconfig (clientcmd v1 `Config`) as plain data. */
export interface Kubeconfig {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: { name: string; cluster: KubeconfigCluster }[];
  users: { name: string; user: { token: string } }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context': string;
  preferences: Record<string, never>;
}

/** Builds the sandbox kubeconfig: one cluster, one admin user, one current context. */
export function buildKubeconfig(input: KubeconfigInput): Kubeconfig {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: KUBECONFIG_CLUSTER, cluster: buildCluster(input) }],
    users: [{ name: KUBECONFIG_USER, user: { token: input.token } }],
    contexts: [
      {
        name: KUBECONFIG_CONTEXT,
        context: { cluster: KUBECONFIG_CLUSTER, user: KUBECONFIG_USER },
      },
    ],
    'current-context': KUBECONFIG_CONTEXT,
    preferences: {},
  };
}

function buildCluster(input: KubeconfigInput): KubeconfigCluster {
  if (input.caCert === undefined) return { server: input.server };
  const data = Buffer.from(input.caCert, 'utf8').toString('base64');
  return { server: input.server, 'certificate-authority-data': data };
}

/** Writes a kubeconfig as YAML with mode 0600 (it holds a token), atomically via rename. */
export async function writeKubeconfig(path: string, config: Kubeconfig): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, stringify(config), { mode: 0o600 });
  await rename(tmp, path);
}
