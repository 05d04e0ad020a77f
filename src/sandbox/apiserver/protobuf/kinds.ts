// The built-in kinds accepted as protobuf request bodies, and the schema of all their messages.
import { compileSchema, type Schema } from './schema.ts';
import { CORE_TABLE } from './tables-core.ts';
import { AUTH_TABLE, POLICY_TABLE, RBAC_TABLE } from './tables-access.ts';
import { META_TABLE } from './tables-meta.ts';
import { POD_EXTRA_TABLE, VOLUME_TABLE } from './tables-pod-extra.ts';
import { POD_TABLE } from './tables-pod.ts';
import { APPS_TABLE, BATCH_TABLE } from './tables-workloads.ts';

/** Every message table, compiled once. */
export const SCHEMA: Schema = compileSchema(
  META_TABLE,
  POD_TABLE,
  POD_EXTRA_TABLE,
  VOLUME_TABLE,
  CORE_TABLE,
  APPS_TABLE,
  BATCH_TABLE,
  RBAC_TABLE,
  AUTH_TABLE,
  POLICY_TABLE,
);

/** apiVersion → kinds whose top-level message has the kind's name. */
const KINDS: Record<string, readonly string[]> = {
  v1: [
    'ConfigMap',
    'Secret',
    'Namespace',
    'ServiceAccount',
    'Service',
    'Pod',
    'PersistentVolumeClaim',
    'ResourceQuota',
    'LimitRange',
    'Binding',
    'Node',
    'DeleteOptions',
  ],
  'apps/v1': ['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet'],
  'autoscaling/v1': ['Scale'],
  'batch/v1': ['Job', 'CronJob'],
  'policy/v1': ['Eviction', 'PodDisruptionBudget'],
  'rbac.authorization.k8s.io/v1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
  'authentication.k8s.io/v1': ['TokenRequest', 'TokenReview', 'SelfSubjectReview'],
  'authorization.k8s.io/v1': [
    'SelfSubjectAccessReview',
    'SubjectAccessReview',
    'LocalSubjectAccessReview',
    'SelfSubjectRulesReview',
  ],
  'coordination.k8s.io/v1': ['Lease'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'meta.k8s.io/v1': ['DeleteOptions'],
};

/** The top-level message of a kind, or undefined when the kind is not known. */
export function messageFor(apiVersion: string, kind: string): string | undefined {
  return KINDS[apiVersion]?.includes(kind) ? kind : undefined;
}

/** All (apiVersion, kind) pairs that can be decoded. */
export function knownKinds(): { apiVersion: string; kind: string }[] {
  return Object.entries(KINDS).flatMap(([apiVersion, kinds]) =>
    kinds.map((kind) => ({ apiVersion, kind })),
  );
}
