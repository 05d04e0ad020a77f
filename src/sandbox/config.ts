// Sandbox configuration: cluster shape and every timing constant, defaulting to upstream's values
// so benchmarks run real timings while tests compress them (`compressedTimings`).

/** Timing constants of the sandbox's kubelets and controllers, in milliseconds unless named otherwise. */
export interface SandboxTimings {
  /** Kubelet node Lease duration (upstream 40 s) and renew interval (¼ of it: 10 s). */
  nodeLeaseDurationSeconds: number;
  nodeLeaseRenewMs: number;
  /** Kubelet computes node status this often and posts it on change (10 s) or at least every 5 min. */
  nodeStatusUpdateMs: number;
  nodeStatusReportMs: number;
  /** Node lifecycle controller: monitor period 5 s, grace period 50 s (1.32), startup grace 60 s. */
  nodeMonitorPeriodMs: number;
  nodeMonitorGracePeriodMs: number;
  nodeStartupGracePeriodMs: number;
  /** DefaultTolerationSeconds admission: not-ready/unreachable tolerations (300 s). */
  defaultTolerationSeconds: number;
  /** PodGC period (20 s) and quarantine of pods on deleted nodes (40 s). */
  podGcPeriodMs: number;
  podGcQuarantineMs: number;
  /** Attach/detach controller: reconcile loop (100 ms upstream), max wait for unmount (6 min). */
  attachDetachReconcileMs: number;
  maxWaitForUnmountMs: number;
  /** Kubelet restart back-off: 10 s doubling to 300 s, reset after 10 min of clean running. */
  crashLoopBackoffInitialMs: number;
  crashLoopBackoffMaxMs: number;
  crashLoopResetMs: number;
  /** Cloud node lifecycle controller monitor period. */
  cloudNodeMonitorMs: number;
  /** Watch bookmarks (≈ 60 s upstream). */
  bookmarkIntervalMs: number;
  /** Kubelet pod worker resync (how often it re-checks pods without events). */
  kubeletSyncMs: number;
  /** Scheduler: per-pod retry back-off (1 s doubling to 10 s), unschedulable pods retried at
   * least this often (5 min), and how long a bind waits for its volumes to bind (10 min). */
  schedulerPodInitialBackoffMs: number;
  schedulerPodMaxBackoffMs: number;
  schedulerMaxUnschedulableMs: number;
  schedulerBindTimeoutMs: number;
}

/** Upstream's defaults (Kubernetes 1.32). */
export const UPSTREAM_TIMINGS: SandboxTimings = {
  nodeLeaseDurationSeconds: 40,
  nodeLeaseRenewMs: 10_000,
  nodeStatusUpdateMs: 10_000,
  nodeStatusReportMs: 300_000,
  nodeMonitorPeriodMs: 5_000,
  nodeMonitorGracePeriodMs: 50_000,
  nodeStartupGracePeriodMs: 60_000,
  defaultTolerationSeconds: 300,
  podGcPeriodMs: 20_000,
  podGcQuarantineMs: 40_000,
  attachDetachReconcileMs: 100,
  maxWaitForUnmountMs: 360_000,
  crashLoopBackoffInitialMs: 10_000,
  crashLoopBackoffMaxMs: 300_000,
  crashLoopResetMs: 600_000,
  cloudNodeMonitorMs: 5_000,
  bookmarkIntervalMs: 60_000,
  kubeletSyncMs: 1_000,
  schedulerPodInitialBackoffMs: 1_000,
  schedulerPodMaxBackoffMs: 10_000,
  schedulerMaxUnschedulableMs: 300_000,
  schedulerBindTimeoutMs: 600_000,
};

/** Timings compressed ~25× for tests: the same sequence of events, in seconds instead of minutes. */
export const COMPRESSED_TIMINGS: SandboxTimings = {
  nodeLeaseDurationSeconds: 4,
  nodeLeaseRenewMs: 1_000,
  nodeStatusUpdateMs: 1_000,
  nodeStatusReportMs: 10_000,
  nodeMonitorPeriodMs: 500,
  nodeMonitorGracePeriodMs: 4_000,
  nodeStartupGracePeriodMs: 5_000,
  defaultTolerationSeconds: 12,
  podGcPeriodMs: 1_000,
  podGcQuarantineMs: 2_000,
  attachDetachReconcileMs: 100,
  maxWaitForUnmountMs: 10_000,
  crashLoopBackoffInitialMs: 500,
  crashLoopBackoffMaxMs: 5_000,
  crashLoopResetMs: 30_000,
  cloudNodeMonitorMs: 500,
  bookmarkIntervalMs: 5_000,
  kubeletSyncMs: 250,
  schedulerPodInitialBackoffMs: 100,
  schedulerPodMaxBackoffMs: 1_000,
  schedulerMaxUnschedulableMs: 10_000,
  schedulerBindTimeoutMs: 30_000,
};

/** One sandbox node. */
export interface NodeSpec {
  name: string;
  zone: string;
  /** Third octet of the node's loopback range 127.<network>.<index>.0/24 (pod IPs, the node's API address). */
  index: number;
  /** Second octet of every loopback address of this sandbox (one network per running sandbox). */
  network: number;
  cpu: string;
  memory: string;
  pods: number;
}

/** Shape of the sandbox cluster. */
export interface ClusterConfig {
  nodes: NodeSpec[];
  /** Second octet of this sandbox's loopback addresses (nodes 127.<network>.<i>.x, Services 127.<100+network>.x.x). */
  network: number;
  /** First two octets of the Service ClusterIP range (a /16 on loopback: 127.<100+network>). */
  serviceCidrBase: string;
  /** Cluster domain for DNS names (`<svc>.<ns>.svc.<domain>`). */
  clusterDomain: string;
}

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

/** The default cluster: `count` nodes spread over three zones, on loopback network `network`. */
export function defaultCluster(count: number, network = 1): ClusterConfig {
  const nodes: NodeSpec[] = [];
  for (let i = 1; i <= count; i++) {
    nodes.push({
      name: `node-${String(i)}`,
      zone: ZONES[(i - 1) % ZONES.length] ?? 'zone-a',
      index: i,
      network,
      cpu: '4',
      memory: '8Gi',
      pods: 110,
    });
  }
  return {
    nodes,
    network,
    serviceCidrBase: serviceCidrBase(network),
    clusterDomain: 'cluster.local',
  };
}

/** First two octets of the Service range of a network: 127.(100 + network).0.0/16. */
export const serviceCidrBase = (network: number): string => `127.${String(100 + network)}`;

/** The first three octets of a node's pod addresses (`.2`–`.253`). */
export const podIpPrefix = (n: Pick<NodeSpec, 'index' | 'network'>): string =>
  `127.${String(n.network)}.${String(n.index)}`;

/** The loopback address pods and the kubelet of a node use to reach the API server. */
export const nodeApiAddress = (n: Pick<NodeSpec, 'index' | 'network'>): string =>
  `${podIpPrefix(n)}.254`;

/** The node's own address (InternalIP). */
export const nodeAddress = (n: Pick<NodeSpec, 'index' | 'network'>): string =>
  `${podIpPrefix(n)}.1`;
