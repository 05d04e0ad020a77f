// Patch metadata of the built-in kinds: list merge keys and strategies from the Go struct tags.

/** How one field merges: the `patchStrategy`/`patchMergeKey` tags plus the list type SSA uses. */
export interface FieldMeta {
  /** Schema type of the value (for objects) or of each element (for lists). */
  readonly type?: string;
  /** The `patchStrategy` tag: "merge", "replace", "retainKeys" or "merge,retainKeys". */
  readonly strategy?: string;
  /** The `patchMergeKey` tag. */
  readonly mergeKey?: string;
  /** `+listMapKey`s where they differ from `[mergeKey]` (server-side apply only). */
  readonly listMapKeys?: readonly string[];
  /** Defaults of list-map keys that may be left out, e.g. protocol TCP of ports. */
  readonly keyDefaults?: Readonly<Record<string, unknown>>;
  /** `+listType=atomic` on a merge list, `+structType=atomic` or `+mapType=atomic` (SSA only). */
  readonly ssaAtomic?: boolean;
}

/** Field name → metadata, for one Go struct. Fields not listed merge as maps / replace as lists. */
export type TypeSchema = Readonly<Record<string, FieldMeta>>;

const byName = (type?: string): FieldMeta => ({
  strategy: 'merge',
  mergeKey: 'name',
  ...(type ? { type } : {}),
});
const byType: FieldMeta = { strategy: 'merge', mergeKey: 'type' };
const byIp: FieldMeta = { strategy: 'merge', mergeKey: 'ip' };
const atomic: FieldMeta = { ssaAtomic: true };
const withConditions: TypeSchema = { conditions: byType };

const podSpec: TypeSchema = {
  volumes: { strategy: 'merge,retainKeys', mergeKey: 'name' },
  initContainers: byName('Container'),
  containers: byName('Container'),
  ephemeralContainers: byName('Container'),
  imagePullSecrets: byName(),
  hostAliases: byIp,
  topologySpreadConstraints: {
    strategy: 'merge',
    mergeKey: 'topologyKey',
    listMapKeys: ['topologyKey', 'whenUnsatisfiable'],
  },
  schedulingGates: byName(),
  resourceClaims: { strategy: 'merge,retainKeys', mergeKey: 'name' },
  nodeSelector: atomic,
};

const container: TypeSchema = {
  ports: {
    strategy: 'merge',
    mergeKey: 'containerPort',
    listMapKeys: ['containerPort', 'protocol'],
    keyDefaults: { protocol: 'TCP' },
  },
  env: byName(),
  volumeMounts: { strategy: 'merge', mergeKey: 'mountPath' },
  volumeDevices: { strategy: 'merge', mergeKey: 'devicePath' },
};

const workloadSpec: TypeSchema = {
  template: { type: 'PodTemplateSpec' },
  selector: atomic,
};

/** The schema tree: type name → fields. */
export const TYPES: Readonly<Record<string, TypeSchema>> = {
  ObjectMeta: {
    finalizers: { strategy: 'merge' },
    ownerReferences: { strategy: 'merge', mergeKey: 'uid' },
  },
  PodTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'PodSpec' } },
  PodSpec: podSpec,
  Container: container,
  PodStatus: {
    conditions: byType,
    podIPs: byIp,
    hostIPs: byIp,
    resourceClaimStatuses: byName(),
  },
  NodeSpec: { podCIDRs: { strategy: 'merge' } },
  NodeStatus: { conditions: byType, addresses: { ...byType, ssaAtomic: true } },
  ServiceSpec: {
    ports: {
      strategy: 'merge',
      mergeKey: 'port',
      listMapKeys: ['port', 'protocol'],
      keyDefaults: { protocol: 'TCP' },
    },
    selector: atomic,
  },
  WithConditions: withConditions,
  DeploymentSpec: { ...workloadSpec, strategy: { strategy: 'retainKeys' } },
  WorkloadSpec: workloadSpec,
  JobTemplateSpec: { metadata: { type: 'ObjectMeta' }, spec: { type: 'WorkloadSpec' } },
  CronJobSpec: { jobTemplate: { type: 'JobTemplateSpec' } },
  PodDisruptionBudgetSpec: { selector: { strategy: 'replace', ssaAtomic: true } },
  Pod: root('PodSpec', 'PodStatus'),
  Service: root('ServiceSpec', 'WithConditions'),
  ServiceAccount: { ...root(), secrets: byName() },
  Node: root('NodeSpec', 'NodeStatus'),
  WithConditionsStatus: root(undefined, 'WithConditions'),
  Deployment: root('DeploymentSpec', 'WithConditions'),
  Workload: root('WorkloadSpec', 'WithConditions'),
  CronJob: root('CronJobSpec'),
  PodDisruptionBudget: root('PodDisruptionBudgetSpec', 'WithConditions'),
  Object: root(),
};

function root(spec?: string, status?: string): TypeSchema {
  const schema: Record<string, FieldMeta> = { metadata: { type: 'ObjectMeta' } };
  if (spec) schema['spec'] = { type: spec };
  if (status) schema['status'] = { type: status };
  return schema;
}

/** Root schema type of each built-in kind, keyed `group/Kind` ('' group for core). */
const KINDS: Readonly<Record<string, string>> = {
  '/Pod': 'Pod',
  '/Service': 'Service',
  '/Endpoints': 'Object',
  '/ConfigMap': 'Object',
  '/Secret': 'Object',
  '/ServiceAccount': 'ServiceAccount',
  '/Namespace': 'WithConditionsStatus',
  '/Node': 'Node',
  '/PersistentVolume': 'Object',
  '/PersistentVolumeClaim': 'WithConditionsStatus',
  '/Event': 'Object',
  'events.k8s.io/Event': 'Object',
  'apps/Deployment': 'Deployment',
  'apps/ReplicaSet': 'Workload',
  'apps/StatefulSet': 'Workload',
  'apps/DaemonSet': 'Workload',
  'apps/ControllerRevision': 'Object',
  'batch/Job': 'Workload',
  'batch/CronJob': 'CronJob',
  'coordination.k8s.io/Lease': 'Object',
  'storage.k8s.io/StorageClass': 'Object',
  'storage.k8s.io/VolumeAttachment': 'Object',
  'policy/PodDisruptionBudget': 'PodDisruptionBudget',
  'rbac.authorization.k8s.io/Role': 'Object',
  'rbac.authorization.k8s.io/RoleBinding': 'Object',
  'rbac.authorization.k8s.io/ClusterRole': 'Object',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'Object',
  'discovery.k8s.io/EndpointSlice': 'Object',
};

/** Whether strategic merge patch is served for a kind (built-ins only; CRs answer 415). */
export function supportsStrategicMerge(group: string, kind: string): boolean {
  return rootTypeOf(group, kind) !== undefined;
}

/** The schema type name at the root of a built-in kind, or undefined for unknown kinds. */
export function rootTypeOf(group: string, kind: string): string | undefined {
  return KINDS[`${group}/${kind}`];
}

const NONE: FieldMeta = {};

/** Metadata of one field of a schema type; `{}` (merge maps, replace lists) when unknown. */
export function fieldMeta(type: string | undefined, field: string): FieldMeta {
  if (type === undefined) return NONE;
  const schema = TYPES[type];
  return (schema && Object.hasOwn(schema, field) ? schema[field] : undefined) ?? NONE;
}

/** The strategy without `retainKeys`: "merge", "replace" or "" (upstream's extractRetainKeysPatchStrategy). */
export function baseStrategy(meta: FieldMeta): string {
  const parts = (meta.strategy ?? '').split(',').filter((s) => s && s !== 'retainKeys');
  return parts[0] ?? '';
}

/** List semantics for server-side apply. */
export type ListType =
  | { readonly kind: 'atomic' }
  | { readonly kind: 'set' }
  | {
      readonly kind: 'map';
      readonly keys: readonly string[];
      readonly defaults: Readonly<Record<string, unknown>>;
    };

/** The SSA list type of a field, derived from its tags. */
export function listTypeOf(meta: FieldMeta): ListType {
  if (meta.ssaAtomic || baseStrategy(meta) !== 'merge') return { kind: 'atomic' };
  if (meta.mergeKey === undefined) return { kind: 'set' };
  return {
    kind: 'map',
    keys: meta.listMapKeys ?? [meta.mergeKey],
    defaults: meta.keyDefaults ?? {},
  };
}
