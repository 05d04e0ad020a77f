// Loading a kubeconfig and building the typed API clients Steward uses.
import {
  ApiextensionsV1Api,
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PolicyV1Api,
  StorageV1Api,
} from '@kubernetes/client-node';
import { StewardError } from '../lib/errors.ts';

/** Where the configuration comes from: a file, the pod's service account, or the default chain. */
export interface KubeConfigOptions {
  kubeconfigPath?: string;
  context?: string;
  inCluster?: boolean;
}

/** Loads a KubeConfig: in-cluster, from a file, or client-node's default (KUBECONFIG, ~/.kube/config, in-cluster). */
export function loadKubeConfig(opts: KubeConfigOptions): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (opts.inCluster) kc.loadFromCluster();
    else if (opts.kubeconfigPath) kc.loadFromFile(opts.kubeconfigPath);
    else kc.loadFromDefault();
  } catch (err) {
    const from = opts.inCluster
      ? 'the in-cluster service account'
      : (opts.kubeconfigPath ?? 'the default kubeconfig');
    throw new StewardError('KUBECONFIG_LOAD_FAILED', `while loading kubeconfig from ${from}`, {
      cause: err,
    });
  }
  if (opts.context !== undefined) {
    if (!kc.getContextObject(opts.context)) {
      throw new StewardError(
        'KUBECONFIG_NO_CONTEXT',
        `context "${opts.context}" does not exist in the kubeconfig`,
      );
    }
    kc.setCurrentContext(opts.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new StewardError(
      'KUBECONFIG_NO_CLUSTER',
      `the current context "${kc.getCurrentContext()}" has no cluster`,
    );
  }
  shareDispatcher(kc);
  return kc;
}

/**
 * client-node 2.0.1 builds a new undici Agent, with a connection pool of its own, for every
 * request of the typed clients; each pool keeps its socket for the server's idle timeout (65 s on
 * the sandbox API server), so an agent or operator held a connection per request made in the last
 * minute (about 135 per agent with 50 clusters). Sharing one pool for `maxAgeMs` reuses keep-alive
 * connections; renewing it after that means a connection stuck in a black hole (a partition that
 * swallows packets) is not reused for long once the network heals. Old pools are not closed: a
 * request may still be about to use one; their idle sockets end with the server's timeout.
 */
export function shareDispatcher(kc: KubeConfig, maxAgeMs = 2_000, now = Date.now): void {
  const k = kc as unknown as { createDispatcher?: (cluster: unknown, opts: unknown) => unknown };
  if (typeof k.createDispatcher !== 'function') return;
  const build = k.createDispatcher.bind(kc);
  const cache = new Map<string, { dispatcher: unknown; at: number }>();
  k.createDispatcher = (cluster, opts) => {
    const key = JSON.stringify([
      (cluster as { name?: string } | null)?.name ?? '',
      kc.getCurrentUser()?.name ?? '',
    ]);
    const hit = cache.get(key);
    if (hit && now() - hit.at < maxAgeMs) return hit.dispatcher;
    const fresh = { dispatcher: build(cluster, opts), at: now() };
    cache.set(key, fresh);
    return fresh.dispatcher;
  };
}

/** The typed API clients Steward needs. */
export interface KubeClients {
  kc: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  coordination: CoordinationV1Api;
  storage: StorageV1Api;
  policy: PolicyV1Api;
  apiextensions: ApiextensionsV1Api;
  customObjects: CustomObjectsApi;
  /** Generic create/read/patch/replace/delete of any object by apiVersion/kind. */
  objects: KubernetesObjectApi;
}

/** Builds every client from one KubeConfig. */
export function makeClients(kc: KubeConfig): KubeClients {
  return {
    kc,
    core: kc.makeApiClient(CoreV1Api),
    apps: kc.makeApiClient(AppsV1Api),
    coordination: kc.makeApiClient(CoordinationV1Api),
    storage: kc.makeApiClient(StorageV1Api),
    policy: kc.makeApiClient(PolicyV1Api),
    apiextensions: kc.makeApiClient(ApiextensionsV1Api),
    customObjects: kc.makeApiClient(CustomObjectsApi),
    objects: KubernetesObjectApi.makeApiClient(kc),
  };
}
