// The control-plane components the sandbox starts, in order. Each entry creates and starts one
// component (a controller, the scheduler, the node supervisor, the service proxy, ...).
import type { ComponentFactory } from './context.ts';
import { startCloudNodeLifecycleController } from '../controllers/nodes/cloud-node-lifecycle.ts';
import { startNodeLifecycleController } from '../controllers/nodes/node-lifecycle.ts';
import { startPodGc } from '../controllers/nodes/pod-gc.ts';
import { startTaintEvictionController } from '../controllers/nodes/taint-eviction-controller.ts';
import { startStorage } from '../controllers/storage/component.ts';
import { SERVICE_COMPONENTS } from '../controllers/services/components.ts';
import { startStatefulSetController } from '../controllers/statefulset/component.ts';
import { startReplicaSetController } from '../controllers/replicaset/component.ts';
import { startDeploymentController } from '../controllers/deployment/component.ts';
import { startScheduler } from '../scheduler/scheduler.ts';

/** Components started by every sandbox with nodes (`nodes > 0`), after the API server. */
export const CLUSTER_COMPONENTS: { name: string; create: ComponentFactory }[] = [
  // Entries are added by the components' own modules, e.g.:
  // { name: 'statefulset-controller', create: startStatefulSetController },
  { name: 'node-lifecycle-controller', create: startNodeLifecycleController },
  { name: 'taint-eviction-controller', create: startTaintEvictionController },
  { name: 'cloud-node-lifecycle-controller', create: startCloudNodeLifecycleController },
  { name: 'pod-garbage-collector', create: startPodGc },
  { name: 'storage', create: (ctx) => startStorage(ctx) },
  { name: 'scheduler', create: (ctx) => startScheduler(ctx) },
  ...SERVICE_COMPONENTS,
  { name: 'statefulset-controller', create: startStatefulSetController },
  { name: 'replicaset-controller', create: startReplicaSetController },
  { name: 'deployment-controller', create: startDeploymentController },
];
