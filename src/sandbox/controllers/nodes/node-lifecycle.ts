// Node lifecycle controller (upstream nodelifecycle): watches heartbeats (node Leases and Ready
// heartbeats) on its own clock, turns silent nodes' conditions Unknown after the grace period,
// keeps the not-ready/unreachable taints in step with Ready, and marks pods of such nodes not
// ready. Taint-based eviction is a separate loop (taint-eviction-controller.ts).
import { formatTime } from '../../apiserver/object-meta.ts';
import type { ControlPlaneContext, Component } from '../../cluster/context.ts';
import { R } from '../local-client.ts';
import { every } from '../loops.ts';
import {
  conditionsWhenSilent,
  desiredReadinessTaints,
  observeNode,
  sameTaints,
  type NodeHealth,
} from './health.ts';
import type { NodeObject, PodObject, Taint } from './types.ts';
import { readyCondition } from './types.ts';

/** Starts the node lifecycle controller. */
export function startNodeLifecycleController(ctx: ControlPlaneContext): Component {
  const client = ctx.client('node-controller');
  const recorder = ctx.recorder('node-controller');
  const health = new Map<string, NodeHealth>();
  const started = ctx.clock.now();

  const leaseRenew = (name: string): string | undefined =>
    (client.get(R.leases, 'kube-node-lease', name)?.spec as { renewTime?: string } | undefined)
      ?.renewTime;

  const monitor = (): void => {
    const now = ctx.clock.now();
    const nowIso = formatTime(new Date(now));
    for (const node of client.list<NodeObject>(R.nodes)) {
      const name = node.metadata.name ?? '';
      const prev = health.get(name);
      const h = observeNode(prev, node, leaseRenew(name), now);
      health.set(name, h);
      // A node never seen Ready gets the (longer) startup grace period, counted from when we started.
      const ready = readyCondition(node);
      const grace =
        ready?.status === undefined
          ? ctx.timings.nodeStartupGracePeriodMs
          : ctx.timings.nodeMonitorGracePeriodMs;
      const since = Math.max(h.probeTimestamp, ready?.status === undefined ? started : 0);
      if (now - since > grace) markSilent(name, nowIso);
      syncTaints(name, nowIso);
    }
    for (const name of health.keys())
      if (!client.get(R.nodes, undefined, name)) health.delete(name);
  };

  const markSilent = (name: string, nowIso: string): void => {
    const node = client.get<NodeObject>(R.nodes, undefined, name);
    if (!node) return;
    const conds = conditionsWhenSilent(node, nowIso);
    if (!conds) return;
    client.mutate<NodeObject>(
      R.nodes,
      undefined,
      name,
      (n) => {
        n.status = { ...n.status, conditions: conds };
      },
      true,
    );
    recorder.event(node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    markPodsNotReady(name, nowIso);
  };

  const markPodsNotReady = (nodeName: string, nowIso: string): void => {
    for (const pod of client.list<PodObject>(R.pods)) {
      if (pod.spec?.nodeName !== nodeName) continue;
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      client.mutate<PodObject>(
        R.pods,
        pod.metadata.namespace,
        pod.metadata.name ?? '',
        (p) => {
          p.status = {
            ...p.status,
            conditions: (p.status?.conditions ?? []).map((c) =>
              c.type === 'Ready'
                ? { ...c, status: 'False' as const, lastTransitionTime: nowIso }
                : c,
            ),
          };
        },
        true,
      );
    }
  };

  const syncTaints = (name: string, nowIso: string): void => {
    const node = client.get<NodeObject>(R.nodes, undefined, name);
    if (!node) return;
    const existing: Taint[] = node.spec?.taints ?? [];
    const desired = desiredReadinessTaints(node, existing, nowIso);
    if (sameTaints(existing, desired)) return;
    client.mutate<NodeObject>(R.nodes, undefined, name, (n) => {
      n.spec = { ...n.spec, taints: desired };
      if (desired.length === 0) delete n.spec.taints;
    });
  };

  return every(ctx.timings.nodeMonitorPeriodMs, monitor, (err) =>
    ctx.log.warn('node lifecycle pass failed', {
      error: err instanceof Error ? err.message : String(err),
    }),
  );
}
