// What the kubelet's pod machinery shares: clients, clock, node identity, configuration.
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { SandboxTimings } from '../config.ts';
import type { ApiClient } from './api.ts';
import type { EventSink } from './events.ts';
import type { ImageMapping, MappingVars } from './images.ts';
import type { PodIps } from './pod-ips.ts';
import type { TokenManager } from './tokens.ts';

/** Shared dependencies of pod workers. */
export interface KubeletDeps {
  client: ApiClient;
  clock: Clock;
  log: Logger;
  events: EventSink;
  tokens: TokenManager;
  node: { name: string; address: string; index: number };
  /** The sandbox directory (DIR). */
  stateDir: string;
  /** DIR/nodes/<node>. */
  nodeDir: string;
  ips: PodIps;
  images: () => ImageMapping[];
  vars: MappingVars;
  /** Where pods reach the API server (KUBERNETES_SERVICE_HOST/PORT). */
  api: { host: string; port: string };
  caCert: string;
  /** Run containers in private mount namespaces (root). */
  namespace: boolean;
  timings: SandboxTimings;
  clusterDomain: string;
  /** Current `data.hosts` of ConfigMap kube-system/sandbox-dns. */
  dnsHosts: () => string;
}
