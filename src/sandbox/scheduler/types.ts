// The shapes the scheduler reads: the parts of Pods, Nodes and storage objects that scheduling
// decisions depend on, plus the snapshot a decision is made against.
import type { KubeObject } from '../apiserver/types.ts';
import type { LabelSelectorObject } from '../apiserver/selectors.ts';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PodAffinityTerm {
  labelSelector?: LabelSelectorObject | null;
  namespaces?: string[];
  namespaceSelector?: LabelSelectorObject | null;
  topologyKey: string;
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

export interface PodAffinityRules {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

export interface Affinity {
  nodeAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
    preferredDuringSchedulingIgnoredDuringExecution?: {
      weight: number;
      preference: NodeSelectorTerm;
    }[];
  };
  podAffinity?: PodAffinityRules;
  podAntiAffinity?: PodAffinityRules;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  labelSelector?: LabelSelectorObject | null;
  minDomains?: number;
  nodeAffinityPolicy?: string;
  nodeTaintsPolicy?: string;
  matchLabelKeys?: string[];
}

export interface ResourceRequirements {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
}

export interface Container {
  name: string;
  resources?: ResourceRequirements;
  restartPolicy?: string;
  ports?: { containerPort: number; hostPort?: number; hostIP?: string; protocol?: string }[];
}

export interface PodVolume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  ephemeral?: unknown;
}

export interface PodSpec {
  nodeName?: string;
  schedulerName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  containers?: Container[];
  initContainers?: Container[];
  overhead?: Record<string, string | number>;
  volumes?: PodVolume[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  priority?: number;
  preemptionPolicy?: string;
  schedulingGates?: { name: string }[];
}

export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

export interface Pod extends KubeObject {
  spec: PodSpec;
  status?: { phase?: string; conditions?: PodCondition[]; nominatedNodeName?: string };
}

export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: Taint[] };
  status?: {
    allocatable?: Record<string, string | number>;
    capacity?: Record<string, string | number>;
    conditions?: { type: string; status: string }[];
  };
}

export interface Pvc extends KubeObject {
  spec: {
    volumeName?: string;
    storageClassName?: string | null;
    accessModes?: string[];
    volumeMode?: string;
    resources?: { requests?: Record<string, string | number> };
  };
  status?: { phase?: string };
}

export interface Pv extends KubeObject {
  spec: {
    storageClassName?: string;
    accessModes?: string[];
    volumeMode?: string;
    capacity?: Record<string, string | number>;
    claimRef?: { namespace?: string; name?: string; uid?: string } | null;
    nodeAffinity?: { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } };
  };
  status?: { phase?: string };
}

export interface StorageClass extends KubeObject {
  provisioner?: string;
  volumeBindingMode?: string;
  allowedTopologies?: { matchLabelExpressions?: { key: string; values: string[] }[] }[];
}

/** Label selectors of the workloads (Services, ReplicaSets, StatefulSets...) in a namespace. */
export interface WorkloadSelector {
  namespace: string;
  /** A Service's `spec.selector` (match labels) or a controller's label selector. */
  selector: LabelSelectorObject;
}

/** Everything one scheduling decision reads. `pods` are the assigned, non-terminal pods. */
export interface Snapshot {
  nodes: Node[];
  pods: Pod[];
  pvcs: Pvc[];
  pvs: Pv[];
  storageClasses: StorageClass[];
  /** Namespace labels (for namespaceSelector in pod affinity terms). */
  namespaces: Record<string, Record<string, string>>;
  /** Selectors used to build the default topology spread constraints. */
  workloads: WorkloadSelector[];
}

/** Upstream's status codes for a rejected node: preemption may help only for `Unschedulable`. */
export type RejectCode = 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** Why a node (or, from a pre-filter, every node) was rejected. */
export interface NodeStatus {
  code: RejectCode;
  reasons: string[];
}

/** What a failed scheduling attempt found: enough to print upstream's FitError message. */
export interface FailureReasons {
  numAllNodes: number;
  /** Set when a pre-filter rejected the pod (then every node shares that status). */
  preFilter?: NodeStatus;
  /** Per rejected node. */
  nodes: Record<string, NodeStatus>;
  /** The preemption (post-filter) message, e.g. `preemption: 0/3 nodes are available: ...`. */
  postFilterMsg: string;
  /** The full message for the event and the PodScheduled condition. */
  message: string;
}

/** Volume work to do before binding: claims to pin to the node, static PVs to bind. */
export interface VolumeDecision {
  /** WaitForFirstConsumer claims to provision: they get `volume.kubernetes.io/selected-node`. */
  provision: string[];
  /** Claims matched to an existing available PV. */
  staticBindings: { claim: string; pv: string }[];
}

/** The result of `schedule`. */
export type ScheduleResult =
  { node: string; volumes: VolumeDecision } | { unschedulable: FailureReasons };
