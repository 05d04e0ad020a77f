// Defaulting of PostgresCluster specs from the schema's `default`s: exactly what the API server
// stores, so the operator sees the same spec whether or not it came through admission.
import type { PostgresClusterSpec, PostgresClusterSpecInput } from './postgres-cluster.ts';
import { fillDefaults } from './schema-check.ts';
import { specSchema } from './schema.ts';

/** A copy of `spec` with every schema default applied (the input is not modified). */
export function applyDefaults(spec: PostgresClusterSpecInput): PostgresClusterSpec {
  const copy = structuredClone(spec);
  fillDefaults(copy, specSchema.schema);
  return copy as PostgresClusterSpec;
}
