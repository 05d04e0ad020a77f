// Cloud node lifecycle controller (the cloud provider's part): a node whose instance is stopped
// gets the shutdown taint; a node whose instance no longer exists is deleted — how an operator
// can *confirm* that a node is gone.
import type { ControlPlaneContext, Component } from '../../cluster/context.ts';
import { R } from '../local-client.ts';
import { every } from '../loops.ts';
import { CLOUD_SHUTDOWN, isNodeReady, type NodeObject } from './types.ts';

/** Starts the cloud node lifecycle loop. */
export function startCloudNodeLifecycleController(ctx: ControlPlaneContext): Component {
  const client = ctx.client('cloud-node-lifecycle-controller');
  const recorder = ctx.recorder('cloud-node-lifecycle-controller');
  const pass = (): void => {
    for (const node of client.list<NodeObject>(R.nodes)) {
      const name = node.metadata.name ?? '';
      const state = ctx.instances.get(name);
      const tainted = (node.spec?.taints ?? []).some((t) => t.key === CLOUD_SHUTDOWN);
      if (state === 'terminated' && !isNodeReady(node)) {
        recorder.event(
          node,
          'Normal',
          'DeletingNode',
          `Deleting node ${name} because it does not exist in the cloud provider`,
        );
        client.delete(R.nodes, undefined, name);
      } else if (state === 'stopped' && !isNodeReady(node) && !tainted) {
        client.mutate<NodeObject>(R.nodes, undefined, name, (n) => {
          n.spec = {
            ...n.spec,
            taints: [...(n.spec?.taints ?? []), { key: CLOUD_SHUTDOWN, effect: 'NoSchedule' }],
          };
        });
      } else if ((state === 'running' || isNodeReady(node)) && tainted) {
        client.mutate<NodeObject>(R.nodes, undefined, name, (n) => {
          n.spec = {
            ...n.spec,
            taints: (n.spec?.taints ?? []).filter((t) => t.key !== CLOUD_SHUTDOWN),
          };
        });
      }
    }
  };
  return every(ctx.timings.cloudNodeMonitorMs, pass, (err) =>
    ctx.log.warn('cloud node lifecycle pass failed', {
      error: err instanceof Error ? err.message : String(err),
    }),
  );
}
