// Node and pod shapes the node controllers read (a small typed view of the JSON objects).
import type { KubeObject } from '../../apiserver/types.ts';

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  lastProbeTime?: string | null;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface NodeObject extends KubeObject {
  spec?: { taints?: Taint[]; unschedulable?: boolean };
  status?: { conditions?: Condition[]; [k: string]: unknown };
}

export interface PodObject extends KubeObject {
  spec?: { nodeName?: string; tolerations?: Toleration[]; [k: string]: unknown };
  status?: { phase?: string; conditions?: Condition[]; [k: string]: unknown };
}

export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';
export const OUT_OF_SERVICE = 'node.kubernetes.io/out-of-service';
export const CLOUD_SHUTDOWN = 'node.cloudprovider.kubernetes.io/shutdown';

/** The node's Ready condition, if any. */
export const readyCondition = (n: NodeObject): Condition | undefined =>
  n.status?.conditions?.find((c) => c.type === 'Ready');

/** Whether the node's Ready condition is True. */
export const isNodeReady = (n: NodeObject): boolean => readyCondition(n)?.status === 'True';
