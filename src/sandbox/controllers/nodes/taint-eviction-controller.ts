// Taint eviction controller: deletes pods that stop tolerating their node's NoExecute taints,
// after their tolerationSeconds, adding the DisruptionTarget condition first (as upstream).
import { formatTime } from '../../apiserver/object-meta.ts';
import type { ControlPlaneContext, Component } from '../../cluster/context.ts';
import { R } from '../local-client.ts';
import { every } from '../loops.ts';
import { evictionTime } from './taint-eviction.ts';
import type { NodeObject, PodObject } from './types.ts';

/** Starts the taint eviction loop (checks every 500 ms or the node monitor period, if shorter). */
export function startTaintEvictionController(ctx: ControlPlaneContext): Component {
  const client = ctx.client('taint-eviction-controller');
  const recorder = ctx.recorder('taint-eviction-controller');
  const pass = (): void => {
    const now = ctx.clock.now();
    const nodes = new Map(client.list<NodeObject>(R.nodes).map((n) => [n.metadata.name ?? '', n]));
    for (const pod of client.list<PodObject>(R.pods)) {
      const node = pod.spec?.nodeName ? nodes.get(pod.spec.nodeName) : undefined;
      if (!node || pod.metadata.deletionTimestamp) continue;
      const at = evictionTime(pod, node.spec?.taints ?? [], now);
      if (at === undefined || at > now) continue;
      evict(pod, now);
    }
  };
  const evict = (pod: PodObject, now: number): void => {
    const ns = pod.metadata.namespace;
    const name = pod.metadata.name ?? '';
    recorder.event(
      pod,
      'Normal',
      'TaintManagerEviction',
      `Marking for deletion Pod ${ns ?? ''}/${name}`,
    );
    client.mutate<PodObject>(
      R.pods,
      ns,
      name,
      (p) => {
        const conds = (p.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
        conds.push({
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'DeletionByTaintManager',
          message: 'Taint manager: deleting due to NoExecute taint',
          lastTransitionTime: formatTime(new Date(now)),
          lastProbeTime: null,
        });
        p.status = { ...p.status, conditions: conds };
      },
      true,
    );
    client.delete(R.pods, ns, name);
  };
  return every(Math.min(500, ctx.timings.nodeMonitorPeriodMs), pass, (err) =>
    ctx.log.warn('taint eviction pass failed', {
      error: err instanceof Error ? err.message : String(err),
    }),
  );
}
