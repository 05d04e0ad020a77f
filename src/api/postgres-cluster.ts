// PostgresCluster (steward.dev/v1alpha1): names and TypeScript types, derived from schema.ts so
// that the CRD schema and the types can never disagree.
import type { InputOf, OutputOf } from './schema-builder.ts';
import type { specSchema } from './schema.ts';
import type { conditionSchema, instanceStatusSchema, statusSchema } from './status-schema.ts';

/** API group of Steward's custom resources. */
export const GROUP = 'steward.dev';
/** Version of PostgresCluster. */
export const VERSION = 'v1alpha1';
/** `apiVersion` of PostgresCluster objects. */
export const API_VERSION = `${GROUP}/${VERSION}`;
/** Kind, plural, singular, short names and categories of the resource. */
export const POSTGRES_CLUSTER_NAMES = {
  kind: 'PostgresCluster',
  listKind: 'PostgresClusterList',
  plural: 'postgresclusters',
  singular: 'postgrescluster',
  shortNames: ['pgc'],
  categories: ['all'],
} as const;

/** The spec as a user writes it: only `storage.size` is required, the rest is defaulted. */
export type PostgresClusterSpecInput = InputOf<typeof specSchema>;
/** The spec as stored (defaults applied): what the operator reads. */
export type PostgresClusterSpec = OutputOf<typeof specSchema>;
/** Observed state. */
export type PostgresClusterStatus = OutputOf<typeof statusSchema>;
/** One status condition (metav1.Condition). */
export type ClusterCondition = OutputOf<typeof conditionSchema>;
/** One instance's observed state. */
export type InstanceStatus = OutputOf<typeof instanceStatusSchema>;

/** `.spec.storage`. */
export type StorageSpec = PostgresClusterSpec['storage'];
/** `.spec.resources`. */
export type ResourcesSpec = NonNullable<PostgresClusterSpec['resources']>;
/** `.spec.synchronous`. */
export type SynchronousSpec = PostgresClusterSpec['synchronous'];
/** `.spec.synchronous.mode`. */
export type SynchronousMode = SynchronousSpec['mode'];
/** `.spec.bootstrap.initdb`. */
export type InitdbSpec = PostgresClusterSpec['bootstrap']['initdb'];
/** `.spec.failover`. */
export type FailoverSpec = PostgresClusterSpec['failover'];
/** `.spec.affinity`. */
export type AffinitySpec = PostgresClusterSpec['affinity'];
/** `.spec.persistentVolumeClaimRetentionPolicy`. */
export type PvcRetentionPolicy = PostgresClusterSpec['persistentVolumeClaimRetentionPolicy'];
/** `.status.phase`. */
export type ClusterPhase = NonNullable<PostgresClusterStatus['phase']>;
/** `.status.instancesStatus[].role`. */
export type InstanceRole = NonNullable<InstanceStatus['role']>;

/** Object metadata fields Steward reads (the API server owns the rest). */
export interface PostgresClusterMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  [key: string]: unknown;
}

/** A PostgresCluster as read from the API server (defaults applied). */
export interface PostgresCluster {
  apiVersion: typeof API_VERSION;
  kind: typeof POSTGRES_CLUSTER_NAMES.kind;
  metadata: PostgresClusterMeta;
  spec: PostgresClusterSpec;
  status?: PostgresClusterStatus;
}

/** Default instance image repository; the tag is the PostgreSQL major (`steward/instance:15`). */
export const DEFAULT_IMAGE_REPOSITORY = 'steward/instance';

/** The instance image of a cluster: `spec.image`, or the default image of its major version. */
export function instanceImage(
  spec: Pick<PostgresClusterSpec, 'image' | 'postgresVersion'>,
): string {
  return spec.image ?? `${DEFAULT_IMAGE_REPOSITORY}:${spec.postgresVersion}`;
}
