// The PostgresCluster manifests the benchmark applies with kubectl (pure).
import { stringify } from 'yaml';

/** The harmless knob the reconcile measurements turn: reloadable, and it only affects logging. */
export const KNOB = 'log_min_duration_statement';
/** Its value at creation (-1: never log statements by duration). */
export const KNOB_INITIAL = '-1';

/** Settings that let many single-instance servers share one small machine. */
export const SMALL_PARAMETERS: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
  max_connections: '20',
};

/** Name of the i-th (1-based) cluster of the scale phase. */
export const smallName = (i: number): string => `bench-${String(i).padStart(3, '0')}`;

/** A 3-instance cluster as in deploy/samples/cluster.yaml; its volumes go with it. */
export function readyCluster(name: string): object {
  return {
    apiVersion: 'steward.dev/v1alpha1',
    kind: 'PostgresCluster',
    metadata: { name },
    spec: {
      instances: 3,
      storage: { size: '1Gi' },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' },
    },
  };
}

/** A single-instance cluster with small settings and the knob at `knob`. */
export function smallCluster(name: string, knob = KNOB_INITIAL): object {
  return {
    apiVersion: 'steward.dev/v1alpha1',
    kind: 'PostgresCluster',
    metadata: { name, labels: { 'steward.dev/bench': 'operator' } },
    spec: {
      instances: 1,
      storage: { size: '1Gi' },
      postgresql: { parameters: { ...SMALL_PARAMETERS, [KNOB]: knob } },
    },
  };
}

/** The merge patch that sets the knob (a spec change: it bumps metadata.generation). */
export function knobPatch(value: string): string {
  return JSON.stringify({ spec: { postgresql: { parameters: { [KNOB]: value } } } });
}

/** A multi-document YAML stream for one `kubectl apply -f -`. */
export function toYaml(objects: readonly object[]): string {
  return objects.map((o) => stringify(o)).join('---\n');
}
