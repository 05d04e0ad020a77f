// PodGC (upstream podgc): force-deletes pods of deleted nodes after a quarantine, terminating
// pods on out-of-service not-Ready nodes (non-graceful node shutdown), and unscheduled
// terminating pods.
import { formatTime } from '../../apiserver/object-meta.ts';
import type { ControlPlaneContext, Component } from '../../cluster/context.ts';
import { R } from '../local-client.ts';
import { every } from '../loops.ts';
import { isNodeReady, OUT_OF_SERVICE, type NodeObject, type PodObject } from './types.ts';

/** Starts the pod garbage collector. */
export function startPodGc(ctx: ControlPlaneContext): Component {
  const client = ctx.client('pod-garbage-collector');
  /** When we first saw each missing node's pods orphaned (local time). */
  const missingSince = new Map<string, number>();

  const forceDelete = (pod: PodObject, reason: string, message: string): void => {
    const ns = pod.metadata.namespace;
    const name = pod.metadata.name ?? '';
    const now = formatTime(new Date(ctx.clock.now()));
    client.mutate<PodObject>(
      R.pods,
      ns,
      name,
      (p) => {
        const conds = (p.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
        conds.push({
          type: 'DisruptionTarget',
          status: 'True',
          reason,
          message,
          lastTransitionTime: now,
          lastProbeTime: null,
        });
        const phase =
          p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed'
            ? p.status.phase
            : 'Failed';
        p.status = { ...p.status, phase, conditions: conds };
      },
      true,
    );
    client.delete(R.pods, ns, name, { gracePeriodSeconds: 0 });
  };

  const pass = (): void => {
    const now = ctx.clock.now();
    const nodes = new Map(client.list<NodeObject>(R.nodes).map((n) => [n.metadata.name ?? '', n]));
    for (const pod of client.list<PodObject>(R.pods)) {
      const nodeName = pod.spec?.nodeName;
      if (!nodeName) {
        if (pod.metadata.deletionTimestamp)
          client.delete(R.pods, pod.metadata.namespace, pod.metadata.name ?? '', {
            gracePeriodSeconds: 0,
          });
        continue;
      }
      const node = nodes.get(nodeName);
      if (!node) {
        const since = missingSince.get(nodeName) ?? now;
        missingSince.set(nodeName, since);
        if (now - since >= ctx.timings.podGcQuarantineMs)
          forceDelete(pod, 'DeletionByPodGC', 'PodGC: node no longer exists');
        continue;
      }
      missingSince.delete(nodeName);
      const outOfService = (node.spec?.taints ?? []).some(
        (t) => t.key === OUT_OF_SERVICE && t.effect === 'NoExecute',
      );
      if (pod.metadata.deletionTimestamp && outOfService && !isNodeReady(node)) {
        forceDelete(pod, 'DeletionByPodGC', 'PodGC: node is out of service');
      }
    }
  };
  return every(ctx.timings.podGcPeriodMs, pass, (err) =>
    ctx.log.warn('pod GC pass failed', { error: err instanceof Error ? err.message : String(err) }),
  );
}
