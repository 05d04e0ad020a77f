// A stored PostgresCluster (defaults applied) for the builders' tests.
import { applyDefaults } from '../../api/defaults.ts';
import type { PostgresCluster, PostgresClusterSpecInput } from '../../api/postgres-cluster.ts';

/** A cluster `pg` in namespace `db`, as read from the API server, with `spec` over the defaults. */
export function sampleCluster(spec: Partial<PostgresClusterSpecInput> = {}): PostgresCluster {
  return {
    apiVersion: 'steward.dev/v1alpha1',
    kind: 'PostgresCluster',
    metadata: { name: 'pg', namespace: 'db', uid: 'uid-1', generation: 1 },
    spec: applyDefaults({ storage: { size: '1Gi' }, ...spec }),
  };
}
