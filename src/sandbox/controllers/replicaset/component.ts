// Starts the ReplicaSet controller as a sandbox control-plane component.
import type { Component, ControlPlaneContext } from '../../cluster/context.ts';
import { Controller } from '../runtime.ts';
import { replicaSetReconciler } from './controller.ts';

/** The `replicaset-controller` component. */
export function startReplicaSetController(ctx: ControlPlaneContext): Component {
  const deps = { client: ctx.client('replicaset-controller'), clock: ctx.clock, log: ctx.log };
  const controller = new Controller(
    replicaSetReconciler({ ...deps, recorder: ctx.recorder('replicaset-controller') }),
    deps,
  );
  controller.start();
  return { stop: () => controller.stop() };
}
