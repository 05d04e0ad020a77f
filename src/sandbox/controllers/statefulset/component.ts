// Starts the StatefulSet controller as a sandbox control-plane component.
import type { Component, ControlPlaneContext } from '../../cluster/context.ts';
import { Controller } from '../runtime.ts';
import { statefulSetReconciler } from './controller.ts';

/** The `statefulset-controller` component. */
export function startStatefulSetController(ctx: ControlPlaneContext): Component {
  const client = ctx.client('statefulset-controller');
  const deps = { client, clock: ctx.clock, log: ctx.log };
  const controller = new Controller(
    statefulSetReconciler({ ...deps, recorder: ctx.recorder('statefulset-controller') }),
    deps,
  );
  controller.start();
  return { stop: () => controller.stop() };
}
