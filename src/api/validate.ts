// Validation of PostgresCluster specs beyond what the CRD schema expresses (cross-field rules and
// transitions). Managed PostgreSQL parameters are not checked here: `src/api` may not import
// `src/postgres`, so the operator also calls its `validateParameters`.
import { quantityOf } from '../lib/quantity.ts';
import type { PostgresClusterSpec } from './postgres-cluster.ts';
import { schemaIssues, type FieldIssue } from './schema-check.ts';
import { specSchema, SUPPORTED_POSTGRES_VERSIONS } from './schema.ts';
import { validateFailover, validateResources } from './validate-rules.ts';

export type { FieldIssue } from './schema-check.ts';

/**
 * Every reason to refuse `spec` (defaults applied), or a change from `oldSpec` to it; empty when
 * valid. Schema checks come first; the cross-field rules run only on a schema-valid spec.
 */
export function validatePostgresCluster(
  spec: PostgresClusterSpec,
  oldSpec?: PostgresClusterSpec,
): FieldIssue[] {
  const schema = schemaIssues(spec, specSchema.schema, 'spec');
  if (schema.length > 0) return schema;
  return [
    ...validateVersion(spec, oldSpec),
    ...validateSynchronous(spec, oldSpec),
    ...validateStorage(spec, oldSpec),
    ...validateResources(spec.resources),
    ...validateFailover(spec.failover),
    ...validateBootstrap(spec, oldSpec),
  ];
}

function validateVersion(spec: PostgresClusterSpec, old?: PostgresClusterSpec): FieldIssue[] {
  const field = 'spec.postgresVersion';
  const supported: readonly string[] = SUPPORTED_POSTGRES_VERSIONS;
  // Widened: the type allows only supported majors, stored objects may hold anything.
  const version: string = spec.postgresVersion;
  if (!supported.includes(version)) {
    const list = supported.join(', ');
    return [{ field, reason: `PostgreSQL ${version} is not supported (${list})` }];
  }
  const before: string | undefined = old?.postgresVersion;
  if (before !== undefined && before !== version) {
    const reason = `major version upgrades (${before} to ${version}) are not supported`;
    return [{ field, reason }];
  }
  return [];
}

/** quorum and strict need `number` standbys, so `number` < `instances`; scaling keeps that. */
function validateSynchronous(spec: PostgresClusterSpec, old?: PostgresClusterSpec): FieldIssue[] {
  const { mode, number } = spec.synchronous;
  if (mode === 'off' || number < spec.instances) return [];
  const quorum = number + 1;
  const scaledBelow = old !== undefined && spec.instances < old.instances && number < old.instances;
  if (scaledBelow) {
    const reason = `may not be lower than ${quorum} (synchronous.number + 1) while synchronous.mode is ${mode}: lower synchronous.number first`;
    return [{ field: 'spec.instances', reason }];
  }
  const reason = `must be less than instances (${spec.instances}): synchronous.mode ${mode} needs ${number} standbys besides the primary`;
  return [{ field: 'spec.synchronous.number', reason }];
}

function validateStorage(spec: PostgresClusterSpec, old?: PostgresClusterSpec): FieldIssue[] {
  const field = 'spec.storage.size';
  const size = quantityOf(spec.storage.size);
  if (size === undefined) return [{ field, reason: `"${spec.storage.size}" is not a quantity` }];
  if (size <= 0n) return [{ field, reason: 'must be greater than zero' }];
  if (!old) return [];
  const issues: FieldIssue[] = [];
  const before = quantityOf(old.storage.size);
  if (before !== undefined && size < before) {
    const reason = `may not be reduced from ${String(old.storage.size)} to ${String(spec.storage.size)}: volumes can only grow`;
    issues.push({ field, reason });
  }
  if (old.storage.storageClassName !== spec.storage.storageClassName) {
    const reason = 'field is immutable: existing volumes cannot change their StorageClass';
    issues.push({ field: 'spec.storage.storageClassName', reason });
  }
  return issues;
}

const RESERVED_DATABASES = ['postgres', 'template0', 'template1'];
const RESERVED_OWNERS = ['postgres', 'public'];

/** The application database and owner: not PostgreSQL's own, and fixed once bootstrapped. */
function validateBootstrap(spec: PostgresClusterSpec, old?: PostgresClusterSpec): FieldIssue[] {
  const initdb = spec.bootstrap.initdb;
  const issues: FieldIssue[] = [];
  const at = 'spec.bootstrap.initdb';
  if (RESERVED_DATABASES.includes(initdb.database)) {
    issues.push({ field: `${at}.database`, reason: `"${initdb.database}" is reserved` });
  }
  if (RESERVED_OWNERS.includes(initdb.owner) || initdb.owner.startsWith('pg_')) {
    issues.push({ field: `${at}.owner`, reason: `"${initdb.owner}" is a reserved role name` });
  }
  if (!old) return issues;
  for (const key of ['database', 'owner'] as const) {
    if (old.bootstrap.initdb[key] !== initdb[key]) {
      const reason =
        'field is immutable: bootstrap settings apply only when the cluster is created';
      issues.push({ field: `${at}.${key}`, reason });
    }
  }
  return issues;
}
