// Starts the Deployment controller as a sandbox control-plane component.
import type { Component, ControlPlaneContext } from '../../cluster/context.ts';
import { Controller } from '../runtime.ts';
import { deploymentReconciler } from './controller.ts';

/** The `deployment-controller` component. */
export function startDeploymentController(ctx: ControlPlaneContext): Component {
  const deps = { client: ctx.client('deployment-controller'), clock: ctx.clock, log: ctx.log };
  const controller = new Controller(
    deploymentReconciler({ ...deps, recorder: ctx.recorder('deployment-controller') }),
    deps,
  );
  controller.start();
  return { stop: () => controller.stop() };
}
