// Pure builders of the kubelet's Node object, its status conditions and its Lease.
import type { NodeSpec } from '../config.ts';

/** Facts about the machine the node runs on. */
export interface MachineInfo {
  kernelVersion: string;
  osImage: string;
  machineID: string;
  bootID: string;
  /** Bytes of the filesystem holding the sandbox directory. */
  ephemeralStorageBytes: number;
}

/** What the kubelet knows when it builds its node. */
export interface NodeFacts {
  spec: NodeSpec;
  address: string;
  kubeletPort: number;
  machine: MachineInfo;
  volumesInUse: string[];
}

/** A node condition. */
export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastHeartbeatTime: string;
  lastTransitionTime: string;
}

/** Version strings the sandbox kubelet reports. */
export const KUBELET_VERSION = 'v1.32.0';
export const RUNTIME_VERSION = 'steward://1.0';

/** Formats a MicroTime (`2006-01-02T15:04:05.000000Z`). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Formats a Time (seconds precision, as upstream). */
export function apiTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Labels of a sandbox node. */
export function nodeLabels(spec: NodeSpec): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': spec.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': 'sandbox',
    'topology.kubernetes.io/zone': spec.zone,
  };
}

type ConditionCore = Pick<NodeCondition, 'type' | 'status' | 'reason' | 'message'>;

/** The conditions a healthy kubelet reports (upstream reasons and messages). */
export function healthyConditions(): ConditionCore[] {
  return [
    {
      type: 'NetworkUnavailable',
      status: 'False',
      reason: 'RouteCreated',
      message: 'RouteController created a route',
    },
    {
      type: 'MemoryPressure',
      status: 'False',
      reason: 'KubeletHasSufficientMemory',
      message: 'kubelet has sufficient memory available',
    },
    {
      type: 'DiskPressure',
      status: 'False',
      reason: 'KubeletHasNoDiskPressure',
      message: 'kubelet has no disk pressure',
    },
    {
      type: 'PIDPressure',
      status: 'False',
      reason: 'KubeletHasSufficientPID',
      message: 'kubelet has sufficient PID available',
    },
    {
      type: 'Ready',
      status: 'True',
      reason: 'KubeletReady',
      message: 'kubelet is posting ready status',
    },
  ];
}

/** Merges fresh conditions with the previous ones: heartbeat now, transition time kept when unchanged. */
export function mergeConditions(
  prev: NodeCondition[] | undefined,
  next: ConditionCore[],
  nowMs: number,
): NodeCondition[] {
  const now = apiTime(nowMs);
  return next.map((c) => {
    const old = prev?.find((p) => p.type === c.type);
    const same = old !== undefined && old.status === c.status;
    return {
      ...c,
      lastHeartbeatTime: now,
      lastTransitionTime: same ? old.lastTransitionTime : now,
    };
  });
}

/** The node status the kubelet posts (without conditions). */
export function buildNodeStatus(f: NodeFacts): Record<string, unknown> {
  const resources = {
    cpu: f.spec.cpu,
    memory: f.spec.memory,
    pods: String(f.spec.pods),
    'ephemeral-storage': String(f.machine.ephemeralStorageBytes),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
  };
  return {
    capacity: resources,
    allocatable: { ...resources },
    addresses: [
      { type: 'InternalIP', address: f.address },
      { type: 'Hostname', address: f.spec.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: f.kubeletPort } },
    nodeInfo: {
      machineID: f.machine.machineID,
      systemUUID: f.machine.machineID,
      bootID: f.machine.bootID,
      kernelVersion: f.machine.kernelVersion,
      osImage: f.machine.osImage,
      containerRuntimeVersion: RUNTIME_VERSION,
      kubeletVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
    volumesInUse: [...f.volumesInUse].sort(),
  };
}

/** The Node object the kubelet registers. */
export function buildNode(f: NodeFacts): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: f.spec.name,
      labels: nodeLabels(f.spec),
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { providerID: `steward://${f.spec.name}` },
    status: buildNodeStatus(f),
  };
}

/** The node's Lease in kube-node-lease. */
export function buildLease(
  node: { name: string; uid: string },
  durationSeconds: number,
  nowMs: number,
): Record<string, unknown> {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: node.name,
      namespace: 'kube-node-lease',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid }],
    },
    spec: {
      holderIdentity: node.name,
      leaseDurationSeconds: durationSeconds,
      renewTime: microTime(nowMs),
    },
  };
}

/** Whether a freshly built status differs from the last posted one (ignoring heartbeat times). */
export function statusChanged(
  posted: { status: Record<string, unknown>; conditions: ConditionCore[] } | undefined,
  next: { status: Record<string, unknown>; conditions: ConditionCore[] },
): boolean {
  if (!posted) return true;
  const strip = (cs: ConditionCore[]): string =>
    JSON.stringify(cs.map((c) => [c.type, c.status, c.reason, c.message]));
  return (
    JSON.stringify(posted.status) !== JSON.stringify(next.status) ||
    strip(posted.conditions) !== strip(next.conditions)
  );
}
