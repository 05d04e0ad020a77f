// What every control-plane component of the sandbox gets: the registry, a client, time,
// configuration, logging and event recording.
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { ApiCore } from '../apiserver/api-core.ts';
import type { ClusterConfig, SandboxTimings } from '../config.ts';
import { EventRecorder } from '../controllers/events.ts';
import { LocalClient } from '../controllers/local-client.ts';
import type { InstanceStore } from './instances.ts';

/** Shared inputs of control-plane components. */
export interface ControlPlaneContext {
  core: ApiCore;
  clock: Clock;
  log: Logger;
  timings: SandboxTimings;
  cluster: ClusterConfig;
  /** Instance states of the nodes (the sandbox's cloud provider). */
  instances: InstanceStore;
  /** The sandbox state directory (volumes live under `dir/volumes`). */
  dir: string;
  /** Base URL of the API server (for components that need it, e.g. to hand to processes). */
  apiUrl: () => string;
  /** A client writing as `manager` (the component's field manager name). */
  client(manager: string): LocalClient;
  /** An event recorder for a component (`source.component`). */
  recorder(component: string, host?: string): EventRecorder;
}

/** A started component. */
export interface Component {
  stop(): Promise<void> | void;
}

/** Creates and starts a component. */
export type ComponentFactory = (ctx: ControlPlaneContext) => Component | Promise<Component>;

/** Builds the context for a registry. */
export function controlPlaneContext(
  base: Omit<ControlPlaneContext, 'client' | 'recorder'>,
): ControlPlaneContext {
  return {
    ...base,
    client: (manager) => new LocalClient(base.core, manager),
    recorder: (component, host) =>
      new EventRecorder(
        new LocalClient(base.core, component),
        { component, ...(host ? { host } : {}) },
        () => new Date(base.clock.now()),
      ),
  };
}
