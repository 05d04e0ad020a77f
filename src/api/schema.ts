// The PostgresCluster schema: the one source of truth for the CRD's OpenAPI v3 schema, the
// TypeScript types (postgres-cluster.ts), defaulting (defaults.ts) and schema checks.
import {
  boolean,
  integer,
  mapOf,
  object,
  objectMetadata,
  oneOf,
  quantity,
  string,
  type JSONSchemaProps,
} from './schema-builder.ts';
import { statusSchema } from './status-schema.ts';

/** PostgreSQL major versions this release can run. */
export const SUPPORTED_POSTGRES_VERSIONS = ['15'] as const;
/** Synchronous replication modes (issue 4): off, quorum (degrades), strict (blocks writes). */
export const SYNCHRONOUS_MODES = ['off', 'quorum', 'strict'] as const;
/** How pods of one cluster repel each other across the topology key. */
export const ANTI_AFFINITY_TYPES = ['preferred', 'required'] as const;
/** Whether the operator switches over to upgrade the primary by itself or waits for a human. */
export const PRIMARY_UPDATE_STRATEGIES = ['unsupervised', 'supervised'] as const;
/** What happens to PVCs (StatefulSet vocabulary). */
export const PVC_RETENTION_POLICIES = ['Retain', 'Delete'] as const;
/** Upper bound of `spec.instances`: one primary and up to eight replicas. */
export const MAX_INSTANCES = 9;

const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const SQL_IDENTIFIER = '^[a-z_][a-z0-9_]*$';

const storage = object(
  {
    size: quantity(
      'Size of each instance data volume (PVC request), e.g. 10Gi. May grow (the operator expands every PVC online) but never shrink.',
    ).required(),
    storageClassName: string(
      'StorageClass of the data volumes; the cluster default class when unset. Expansion needs a class with allowVolumeExpansion.',
      { pattern: DNS_SUBDOMAIN, maxLength: 253 },
    ),
  },
  'Persistent storage of each instance (one PVC per instance from the StatefulSet volumeClaimTemplates).',
);

const resources = object(
  {
    requests: mapOf(
      quantity('Quantity of the resource.'),
      'Minimum compute resources (cpu, memory, ...) each instance needs, as a container request.',
    ),
    limits: mapOf(
      quantity('Quantity of the resource.'),
      'Maximum compute resources each instance may use, as a container limit.',
    ),
  },
  'Compute resources of the PostgreSQL container, like a container resources field.',
);

const postgresql = object(
  {
    parameters: mapOf(
      string('Value of the parameter, as it would appear in postgresql.conf.'),
      'postgresql.conf parameters. Parameters Steward manages (replication, listen addresses, ...) are refused; parameters that need a restart are rolled out replicas first.',
    ),
  },
  'PostgreSQL server configuration.',
);

const synchronous = object(
  {
    mode: oneOf(
      SYNCHRONOUS_MODES,
      'off (quote it in YAML: "off"): asynchronous replication. quorum: commits wait for `number` standbys and the cluster degrades to asynchronous (and says so) when too few are connected. strict: commits block until `number` standbys confirm.',
    ).withDefault('off'),
    number: integer('How many standbys must confirm each commit; must be less than instances.', {
      minimum: 1,
      maximum: MAX_INSTANCES - 1,
    }).withDefault(1),
  },
  'Synchronous replication; only members known to hold every acknowledged commit may be promoted.',
);

const initdb = object(
  {
    database: string('Name of the application database created at bootstrap.', {
      pattern: SQL_IDENTIFIER,
      maxLength: 63,
    }).withDefault('app'),
    owner: string('Name of the role that owns the application database.', {
      pattern: SQL_IDENTIFIER,
      maxLength: 63,
    }).withDefault('app'),
    secret: object(
      {
        name: string('Name of a Secret in the cluster namespace.', {
          pattern: DNS_SUBDOMAIN,
          maxLength: 253,
        }).required(),
      },
      'An existing kubernetes.io/basic-auth style Secret with `username` and `password` for the owner; generated (and never overwritten) when unset.',
    ),
  },
  'A new cluster created with initdb (data checksums, SCRAM authentication).',
);

const bootstrap = object(
  { initdb: initdb.withDefault({}) },
  'How the first instance creates its data directory.',
);

const failover = object(
  {
    leaseDurationSeconds: integer(
      'How long the primary Lease is valid after its last observed renewal before a replica may take it.',
      { minimum: 1, maximum: 3600 },
    ).withDefault(15),
    renewDeadlineSeconds: integer(
      'How long the primary keeps trying to renew before it fences itself (stops accepting writes); less than leaseDurationSeconds.',
      { minimum: 1, maximum: 3600 },
    ).withDefault(10),
    retryPeriodSeconds: integer('Interval between Lease acquisition or renewal attempts.', {
      minimum: 1,
      maximum: 3600,
    }).withDefault(2),
    maximumLagBytes: integer(
      'A replica further behind the primary than this many bytes of WAL is never promoted automatically; unlimited when unset.',
      { minimum: 0, format: 'int64' },
    ),
    recloneWhenRewindImpossible: boolean(
      'When a former primary cannot be rewound onto the new primary with pg_rewind, move its data directory aside (never deleted) and clone a fresh copy. false: leave it stopped with its data and say so, for a person to decide.',
    ).withDefault(true),
  },
  'Primary election, fencing timing (client-go leader election semantics) and rejoining.',
);

const affinity = object(
  {
    enablePodAntiAffinity: boolean(
      'Spread the instances over topology domains with pod anti-affinity.',
    ).withDefault(true),
    topologyKey: string('Node label that defines a topology domain.', {
      minLength: 1,
      maxLength: 316,
    }).withDefault('kubernetes.io/hostname'),
    podAntiAffinityType: oneOf(
      ANTI_AFFINITY_TYPES,
      'preferred: spread when possible. required: never place two instances in one domain (instances stay Pending instead).',
    ).withDefault('preferred'),
  },
  'Scheduling of the instances.',
);

const pvcRetention = object(
  {
    whenDeleted: oneOf(
      PVC_RETENTION_POLICIES,
      'What happens to the data PVCs when the cluster is deleted.',
    ).withDefault('Retain'),
    whenScaled: oneOf(
      PVC_RETENTION_POLICIES,
      'What happens to the data PVC of an instance removed by scaling down.',
    ).withDefault('Retain'),
  },
  'Lifecycle of the data PVCs, as a StatefulSet persistentVolumeClaimRetentionPolicy. Retain keeps the data.',
);

/** The `.spec` node. */
export const specSchema = object(
  {
    instances: integer(
      'Number of PostgreSQL instances: one primary and instances-1 streaming replicas.',
      { minimum: 1, maximum: MAX_INSTANCES },
    ).withDefault(3),
    postgresVersion: oneOf(
      SUPPORTED_POSTGRES_VERSIONS,
      'PostgreSQL major version; selects the default image.',
    ).withDefault('15'),
    image: string(
      'Instance image override (PostgreSQL of postgresVersion plus Steward); changing it triggers a rolling upgrade.',
      { minLength: 1, maxLength: 1024 },
    ),
    storage: storage.required(),
    resources,
    postgresql,
    synchronous: synchronous.withDefault({}),
    bootstrap: bootstrap.withDefault({}),
    failover: failover.withDefault({}),
    affinity: affinity.withDefault({}),
    primaryUpdateStrategy: oneOf(
      PRIMARY_UPDATE_STRATEGIES,
      'unsupervised: after the replicas, the operator switches over and upgrades the former primary. supervised: it waits for `steward promote`.',
    ).withDefault('unsupervised'),
    pause: boolean(
      'Stop reconciling this cluster (emergencies); the instances keep running and electing.',
    ).withDefault(false),
    persistentVolumeClaimRetentionPolicy: pvcRetention.withDefault({}),
  },
  'Desired state of the PostgreSQL cluster.',
);

/** The whole object's node (apiVersion, kind and metadata are the API server's). */
export const postgresClusterSchema = object(
  {
    apiVersion: string('Versioned schema of this representation of an object.'),
    kind: string('REST resource this object represents.'),
    metadata: objectMetadata(),
    spec: specSchema.required(),
    status: statusSchema,
  },
  'A highly available PostgreSQL cluster: one primary and streaming replicas managed by Steward.',
);

/** The CRD's `openAPIV3Schema`. */
export function postgresClusterOpenApiSchema(): JSONSchemaProps {
  return structuredClone(postgresClusterSchema.schema);
}
