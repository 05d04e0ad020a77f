// Public API of src/api: the PostgresCluster resource, its defaults, validation and CRD.
export * from './postgres-cluster.ts';
export { applyDefaults } from './defaults.ts';
export { validatePostgresCluster, type FieldIssue } from './validate.ts';
export { validateClusterName, MAX_CLUSTER_NAME_LENGTH } from './validate-rules.ts';
export {
  SUPPORTED_POSTGRES_VERSIONS,
  SYNCHRONOUS_MODES,
  ANTI_AFFINITY_TYPES,
  PRIMARY_UPDATE_STRATEGIES,
  PVC_RETENTION_POLICIES,
  MAX_INSTANCES,
  specSchema,
  postgresClusterOpenApiSchema,
} from './schema.ts';
export { CLUSTER_PHASES, CONDITION_TYPES, INSTANCE_ROLES } from './status-schema.ts';
export {
  buildPostgresClusterCrd,
  postgresClusterCrdYaml,
  POSTGRES_CLUSTER_CRD_NAME,
  POSTGRES_CLUSTER_CRD_PATH,
} from './crd.ts';
