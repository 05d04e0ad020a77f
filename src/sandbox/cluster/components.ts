// The control-plane components the sandbox starts, in order. Each entry creates and starts one
// component (a controller, the scheduler, the node supervisor, the service proxy, ...).
import type { ComponentFactory } from './context.ts';

/** Components started by every sandbox with nodes (`nodes > 0`), after the API server. */
export const CLUSTER_COMPONENTS: { name: string; create: ComponentFactory }[] = [
  // Entries are added by the components' own modules, e.g.:
  // { name: 'statefulset-controller', create: startStatefulSetController },
];
