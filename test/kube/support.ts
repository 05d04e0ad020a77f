// Shared helpers of the kube-layer end-to-end tests: polling, a recording logger, a ConfigMap
// informer wired exactly as the operator wires one, and a handler log.
import { join } from 'node:path';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { realClock } from '../../src/lib/clock.ts';
import { loadKubeConfig, makeClients, type KubeClients } from '../../src/kube/config.ts';
import { Informer } from '../../src/kube/informer.ts';
import { clientNodeListWatch } from '../../src/kube/list-watch.ts';
import type { LogFields, Logger } from '../../src/lib/logger.ts';
import { writeKubeconfig, type TestSandbox } from '../support/sandbox.ts';

/** Polls `cond` every 20 ms until it holds; throws with `what` after `timeoutMs`. */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${String(timeoutMs)} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One log line kept by `recordingLogger`. */
export interface LogLine {
  level: keyof Logger;
  msg: string;
  fields: LogFields | undefined;
}

/** A Logger that keeps every line, for assertions (and for printing on failure). */
export function recordingLogger(): Logger & { lines: LogLine[]; count(msg: string): number } {
  const lines: LogLine[] = [];
  const at =
    (level: keyof Logger) =>
    (msg: string, fields?: LogFields): void => {
      lines.push({ level, msg, fields });
    };
  return {
    lines,
    count: (msg) => lines.filter((l) => l.msg === msg).length,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

/** Clients built the way the operator builds them: from a kubeconfig file. */
export function clientsFor(kubeconfigPath: string): KubeClients {
  return makeClients(loadKubeConfig({ kubeconfigPath }));
}

/** Writes a kubeconfig for the sandbox's CA and token but another server URL (e.g. a proxy). */
export function kubeconfigVia(sb: TestSandbox, url: string, file: string): string {
  const path = join(sb.dir, file);
  writeKubeconfig(path, url, sb.caCert, sb.token);
  return path;
}

/** Creates a namespace and returns its name. */
export async function createNamespace(c: KubeClients, name: string): Promise<string> {
  await c.core.createNamespace({ body: { metadata: { name } } });
  return name;
}

/** What a handler saw: `add|update|delete name rv`. */
export type Seen = string;

/** Options of `configMapInformer`. */
export interface CmInformerOptions {
  namespace: string;
  labelSelector: string;
  logger: Logger;
  timeoutSeconds?: number;
  listTimeoutMs?: number;
  /** Counts calls of the list function (i.e. lists and relists). */
  onList?: () => void;
}

/** A ConfigMap informer over client-node plus the ordered log of what its handlers saw. */
export function configMapInformer(
  c: KubeClients,
  o: CmInformerOptions,
): { informer: Informer<V1ConfigMap>; seen: Seen[] } {
  const { namespace, labelSelector } = o;
  const listWatch = clientNodeListWatch<V1ConfigMap>(c.kc, {
    path: `/api/v1/namespaces/${namespace}/configmaps`,
    list: () => {
      o.onList?.();
      return c.core.listNamespacedConfigMap({ namespace, labelSelector });
    },
    labelSelector,
    ...(o.timeoutSeconds !== undefined ? { timeoutSeconds: o.timeoutSeconds } : {}),
    ...(o.listTimeoutMs !== undefined ? { listTimeoutMs: o.listTimeoutMs } : {}),
  });
  const informer = new Informer<V1ConfigMap>({
    listWatch,
    clock: realClock,
    logger: o.logger,
    name: 'configmaps',
    backoffInitialMs: 100,
    backoffMaxMs: 1_000,
  });
  const seen: Seen[] = [];
  const rv = (cm: V1ConfigMap): string => cm.metadata?.resourceVersion ?? '?';
  const name = (cm: V1ConfigMap): string => cm.metadata?.name ?? '?';
  informer.addHandlers({
    onAdd: (cm) => seen.push(`add ${name(cm)} ${rv(cm)}`),
    onUpdate: (_old, cm) => seen.push(`update ${name(cm)} ${rv(cm)}`),
    onDelete: (cm) => seen.push(`delete ${name(cm)} ${rv(cm)}`),
  });
  return { informer, seen };
}

/** `name rv` of every cached object, sorted: the informer's picture of the world. */
export function cachePicture(inf: Informer<V1ConfigMap>): string[] {
  return inf
    .list()
    .map((o) => `${o.metadata?.name ?? '?'} ${o.metadata?.resourceVersion ?? '?'}`)
    .sort();
}

/** `name rv` of every object a fresh list returns, sorted: the server's picture. */
export async function serverPicture(
  c: KubeClients,
  namespace: string,
  labelSelector: string,
): Promise<string[]> {
  const res = await c.core.listNamespacedConfigMap({ namespace, labelSelector });
  return res.items
    .map((o) => `${o.metadata?.name ?? '?'} ${o.metadata?.resourceVersion ?? '?'}`)
    .sort();
}
