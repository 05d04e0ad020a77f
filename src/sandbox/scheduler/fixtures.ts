// Builders of nodes, pods and snapshots for the scheduler's tests.
import type { Node, Pod, PodSpec, Pvc, Snapshot, Taint } from './types.ts';

/** A Ready node with hostname/zone labels and the sandbox's default capacity. */
export function mkNode(
  name: string,
  opts: {
    zone?: string;
    labels?: Record<string, string>;
    taints?: Taint[];
    unschedulable?: boolean;
    cpu?: string;
    memory?: string;
    pods?: string;
  } = {},
): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: `uid-${name}`,
      labels: {
        'kubernetes.io/hostname': name,
        'topology.kubernetes.io/zone': opts.zone ?? 'zone-a',
        ...opts.labels,
      },
    },
    spec: {
      ...(opts.taints ? { taints: opts.taints } : {}),
      ...(opts.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      allocatable: { cpu: opts.cpu ?? '4', memory: opts.memory ?? '8Gi', pods: opts.pods ?? '110' },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

/** A pod in `default` (optionally bound to `spec.nodeName`). */
export function mkPod(
  name: string,
  spec: Partial<PodSpec> = {},
  labels: Record<string, string> = {},
  namespace = 'default',
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, labels },
    spec: { containers: [{ name: 'c' }], schedulerName: 'default-scheduler', ...spec },
  };
}

/** A pod requesting cpu/memory. */
export const withRequests = (cpu: string, memory: string): Partial<PodSpec> => ({
  containers: [{ name: 'c', resources: { requests: { cpu, memory } } }],
});

/** A claim in `default`. */
export function mkPvc(
  name: string,
  spec: Partial<Pvc['spec']> = {},
  annotations?: Record<string, string>,
): Pvc {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-pvc-${name}`,
      ...(annotations ? { annotations } : {}),
    },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
  };
}

/** A snapshot with defaults for everything not given. */
export function mkSnapshot(s: Partial<Snapshot>): Snapshot {
  return {
    nodes: [],
    pods: [],
    pvcs: [],
    pvs: [],
    storageClasses: [
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'standard' },
        provisioner: 'sandbox.csi.steward.dev',
        volumeBindingMode: 'WaitForFirstConsumer',
      },
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'fast' },
        provisioner: 'sandbox.csi.steward.dev',
        volumeBindingMode: 'Immediate',
      },
    ],
    namespaces: { default: { 'kubernetes.io/metadata.name': 'default' } },
    workloads: [],
    ...s,
  };
}

/** Three nodes over three zones. */
export const threeNodes = (): Node[] => [
  mkNode('node-1', { zone: 'zone-a' }),
  mkNode('node-2', { zone: 'zone-b' }),
  mkNode('node-3', { zone: 'zone-c' }),
];
