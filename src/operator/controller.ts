// The PostgresCluster controller: informers enqueue cluster keys; workers reconcile them.
import type { KubernetesObject, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { INSTANCE_LABELS } from '../api/instance.ts';
import {
  GROUP,
  POSTGRES_CLUSTER_NAMES,
  VERSION,
  type PostgresCluster,
} from '../api/postgres-cluster.ts';
import type { KubeClients } from '../kube/config.ts';
import { Informer } from '../kube/informer.ts';
import { clientNodeListWatch } from '../kube/list-watch.ts';
import { runWorkers } from '../kube/run-workers.ts';
import { WorkQueue } from '../lib/workqueue.ts';
import { reconcileCluster } from './reconcile/reconciler.ts';
import type { ReconcileDeps } from './reconcile/types.ts';

/** Counters the metrics endpoint reads. */
export interface ControllerStats {
  reconciles: number;
  errors: number;
  lastDurationMs: number;
  totalDurationMs: number;
}

/** Runs the controller until `signal` aborts. */
export async function runController(
  clients: KubeClients,
  deps: ReconcileDeps,
  signal: AbortSignal,
  stats: ControllerStats,
  workers = 4,
): Promise<void> {
  const queue = new WorkQueue({ clock: deps.clock });
  const selector = INSTANCE_LABELS.cluster;
  const clusters = new Informer<PostgresCluster & KubernetesObject>({
    clock: deps.clock,
    logger: deps.logger,
    name: 'postgresclusters',
    listWatch: clientNodeListWatch(clients.kc, {
      path: `/apis/${GROUP}/${VERSION}/${POSTGRES_CLUSTER_NAMES.plural}`,
      list: async () =>
        (await clients.customObjects.listClusterCustomObject({
          group: GROUP,
          version: VERSION,
          plural: POSTGRES_CLUSTER_NAMES.plural,
        })) as {
          items: (PostgresCluster & KubernetesObject)[];
          metadata?: { resourceVersion?: string };
        },
    }),
  });
  const pods = new Informer<V1Pod>({
    clock: deps.clock,
    logger: deps.logger,
    name: 'pods',
    listWatch: clientNodeListWatch(clients.kc, {
      path: '/api/v1/pods',
      list: () => clients.core.listPodForAllNamespaces({ labelSelector: selector }),
      labelSelector: selector,
    }),
  });
  const sets = new Informer<V1StatefulSet>({
    clock: deps.clock,
    logger: deps.logger,
    name: 'statefulsets',
    listWatch: clientNodeListWatch(clients.kc, {
      path: '/apis/apps/v1/statefulsets',
      list: () => clients.apps.listStatefulSetForAllNamespaces({ labelSelector: selector }),
      labelSelector: selector,
    }),
  });
  const enqueueSelf = (o: KubernetesObject) =>
    queue.add(`${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`);
  const enqueueOwner = (o: KubernetesObject) => {
    const name = o.metadata?.labels?.[selector];
    if (name) queue.add(`${o.metadata?.namespace ?? ''}/${name}`);
  };
  clusters.addHandlers({
    onAdd: enqueueSelf,
    onUpdate: (_, o) => enqueueSelf(o),
    onDelete: enqueueSelf,
  });
  for (const inf of [pods, sets] as Informer<KubernetesObject>[]) {
    inf.addHandlers({
      onAdd: enqueueOwner,
      onUpdate: (_, o) => enqueueOwner(o),
      onDelete: enqueueOwner,
    });
  }
  for (const inf of [clusters, pods, sets] as Informer<KubernetesObject>[]) inf.start();
  signal.addEventListener('abort', () => queue.shutDown(), { once: true });
  try {
    await runWorkers(
      queue,
      workers,
      async (key) => {
        const started = deps.clock.now();
        stats.reconciles++;
        try {
          return await reconcileCluster(deps, key);
        } catch (err) {
          stats.errors++;
          throw err;
        } finally {
          stats.lastDurationMs = deps.clock.now() - started;
          stats.totalDurationMs += stats.lastDurationMs;
        }
      },
      deps.logger,
    );
  } finally {
    await Promise.all([clusters.stop(), pods.stop(), sets.stop()]);
  }
}
