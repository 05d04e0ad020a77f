// Keeps ConfigMap kube-system/sandbox-dns current: the sandbox's stand-in for cluster DNS, which
// each kubelet turns into its pods' /etc/hosts.
import type { Component, ControlPlaneContext } from '../../cluster/context.ts';
import type { KubeObject } from '../../apiserver/types.ts';
import { R, type LocalClient } from '../local-client.ts';
import { Controller, type ReconcileResult, type Reconciler } from '../runtime.ts';
import { DNS_CONFIGMAP, renderDnsHosts } from './dns-hosts.ts';
import { createUnlessNamespaceGone } from './shared.ts';
import type { EndpointSliceObject, ServiceObject } from './types.ts';

const KEY = `${DNS_CONFIGMAP.namespace}/${DNS_CONFIGMAP.name}`;

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/** One key: re-render the hosts data whenever a Service, an EndpointSlice or the ConfigMap changes. */
export class DnsReconciler implements Reconciler {
  readonly name = 'sandbox-dns';
  readonly watches: Reconciler['watches'];
  private readonly client: LocalClient;
  private readonly domain: string;

  constructor(client: LocalClient, domain: string) {
    this.client = client;
    this.domain = domain;
    const all = (): string[] => [KEY];
    this.watches = [
      { resKey: R.services, keys: all },
      { resKey: R.endpointslices, keys: all },
      {
        resKey: R.configmaps,
        keys: (o) =>
          o.metadata.name === DNS_CONFIGMAP.name && o.metadata.namespace === DNS_CONFIGMAP.namespace
            ? [KEY]
            : [],
      },
    ];
  }

  initialKeys(): string[] {
    return [KEY];
  }

  reconcile(): ReconcileResult {
    const hosts = renderDnsHosts(
      this.client.list<ServiceObject>(R.services),
      this.client.list<EndpointSliceObject>(R.endpointslices),
      this.domain,
    );
    const { namespace, name, key } = DNS_CONFIGMAP;
    const current = this.client.get<ConfigMap>(R.configmaps, namespace, name);
    if (!current) {
      createUnlessNamespaceGone(this.client, R.configmaps, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace },
        data: { [key]: hosts },
      });
    } else if (current.data?.[key] !== hosts) {
      this.client.update(R.configmaps, {
        ...current,
        data: { ...(current.data ?? {}), [key]: hosts },
      });
    }
    return 'done';
  }
}

/** Starts the DNS ConfigMap writer. */
export function startDnsController(ctx: ControlPlaneContext): Component {
  const client = ctx.client('sandbox-dns');
  const controller = new Controller(new DnsReconciler(client, ctx.cluster.clusterDomain), {
    client,
    clock: ctx.clock,
    log: ctx.log,
  });
  controller.start(1);
  return { stop: () => controller.stop() };
}
