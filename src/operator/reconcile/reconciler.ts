// Reconcile of one PostgresCluster key: a flat list of early-return steps, then the status.
import type { PostgresCluster } from '../../api/postgres-cluster.ts';
import { API_VERSION, POSTGRES_CLUSTER_NAMES } from '../../api/postgres-cluster.ts';
import { applyDefaults } from '../../api/defaults.ts';
import type { HandlerResult } from '../../kube/run-workers.ts';
import { ownedObjectsStep, statefulSetStep, validateStep } from './steps.ts';
import { scaleStep } from './scale.ts';
import { expansionStep } from './expansion.ts';
import { rollingUpdateStep } from './rolling.ts';
import { writeStatus } from './status.ts';
import type { ReconcileContext, ReconcileDeps, Step } from './types.ts';

/** The steps, in order. */
export const STEPS: readonly Step[] = [
  validateStep,
  ownedObjectsStep,
  scaleStep,
  expansionStep,
  statefulSetStep,
  rollingUpdateStep,
];

/** Reconciles `namespace/name`; level-based: re-reads everything. */
export async function reconcileCluster(deps: ReconcileDeps, key: string): Promise<HandlerResult> {
  const [namespace = '', name = ''] = key.split('/');
  const obj = (await deps.client.get({
    apiVersion: API_VERSION,
    kind: POSTGRES_CLUSTER_NAMES.kind,
    namespace,
    name,
  })) as PostgresCluster | null;
  if (!obj || obj.metadata.deletionTimestamp) return 'done'; // owned objects go with it (owner references)
  const cluster = { ...obj, spec: applyDefaults(obj.spec) } as PostgresCluster;
  if (cluster.spec.pause) return 'done';
  const ctx: ReconcileContext = { ...deps, cluster, blocked: null };
  let result: HandlerResult | null = null;
  for (const step of STEPS) {
    const r = await step(ctx);
    if (r !== 'continue') {
      result = r.stop;
      break;
    }
  }
  const status = await writeStatus(ctx);
  if (result) return result;
  return { requeueAfter: status.phase === 'Ready' ? 30_000 : 5_000 };
}
