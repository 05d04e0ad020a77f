// Upstream's root-ca-cert-publisher: ConfigMap `kube-root-ca.crt` (key `ca.crt`) in every
// namespace, restored whenever it is changed or deleted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Component, ControlPlaneContext } from '../../cluster/context.ts';
import type { KubeObject } from '../../apiserver/types.ts';
import { R, type LocalClient } from '../local-client.ts';
import { Controller, type ReconcileResult, type Reconciler } from '../runtime.ts';
import { createUnlessNamespaceGone } from './shared.ts';

/** Name of the published ConfigMap. */
export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. ' +
  'No other usage is guaranteed across distributions of Kubernetes clusters.';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/** What to write in a namespace: the full ConfigMap to create, an updated one, or nothing. */
export function planRootCa(
  ns: string,
  current: ConfigMap | undefined,
  ca: string,
): ConfigMap | undefined {
  const data = { 'ca.crt': ca };
  if (!current) {
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: ROOT_CA_CONFIGMAP,
        namespace: ns,
        annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION },
      },
      data,
    };
  }
  const sameData = JSON.stringify(current.data ?? {}) === JSON.stringify(data);
  if (sameData && current.metadata.annotations?.[DESCRIPTION_ANNOTATION]) return undefined;
  const annotations = {
    ...(current.metadata.annotations ?? {}),
    [DESCRIPTION_ANNOTATION]: DESCRIPTION,
  };
  return { ...current, metadata: { ...current.metadata, annotations }, data };
}

/** Reconciles one namespace (key = namespace name). */
export class RootCaReconciler implements Reconciler {
  readonly name = 'root-ca-cert-publisher';
  readonly watches: Reconciler['watches'];
  private readonly client: LocalClient;
  private readonly ca: string;

  constructor(client: LocalClient, ca: string) {
    this.client = client;
    this.ca = ca;
    this.watches = [
      {
        resKey: R.namespaces,
        keys: (o) => (o.metadata.deletionTimestamp ? [] : [o.metadata.name ?? '']),
      },
      {
        resKey: R.configmaps,
        keys: (o) => (o.metadata.name === ROOT_CA_CONFIGMAP ? [o.metadata.namespace ?? ''] : []),
      },
    ];
  }

  initialKeys(): string[] {
    return this.client.list(R.namespaces).map((n) => n.metadata.name ?? '');
  }

  reconcile(ns: string): ReconcileResult {
    const nsObj = this.client.get(R.namespaces, undefined, ns);
    if (!nsObj || nsObj.metadata.deletionTimestamp) return 'done';
    const current = this.client.get<ConfigMap>(R.configmaps, ns, ROOT_CA_CONFIGMAP);
    const want = planRootCa(ns, current, this.ca);
    if (want && !current) createUnlessNamespaceGone(this.client, R.configmaps, want);
    else if (want) this.client.update(R.configmaps, want);
    return 'done';
  }
}

/** Starts the publisher with the sandbox CA (`DIR/pki/ca.crt`). */
export function startRootCaPublisher(ctx: ControlPlaneContext): Component {
  const ca = readFileSync(join(ctx.dir, 'pki', 'ca.crt'), 'utf8');
  const client = ctx.client('root-ca-cert-publisher');
  const controller = new Controller(new RootCaReconciler(client, ca), {
    client,
    clock: ctx.clock,
    log: ctx.log,
  });
  controller.start(1);
  return { stop: () => controller.stop() };
}
