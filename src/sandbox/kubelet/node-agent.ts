// Node registration, the Lease heartbeat and node status posting of one kubelet.
import type { Clock, TimerHandle } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { errorMessage } from '../../lib/errors.ts';
import { isStatus, type ApiClient } from './api.ts';
import {
  buildLease,
  buildNode,
  buildNodeStatus,
  healthyConditions,
  mergeConditions,
  microTime,
  statusChanged,
  type NodeCondition,
  type NodeFacts,
} from './node-status.ts';

/** Dependencies of the node agent. */
export interface NodeAgentDeps {
  client: ApiClient;
  clock: Clock;
  log: Logger;
  /** Current node facts (volumesInUse changes as pods mount volumes). */
  facts: () => NodeFacts;
  timings: {
    nodeLeaseDurationSeconds: number;
    nodeLeaseRenewMs: number;
    nodeStatusUpdateMs: number;
    nodeStatusReportMs: number;
  };
}

interface NodeObject {
  metadata: { name: string; uid: string; resourceVersion?: string };
  status?: { conditions?: NodeCondition[] };
}

type Posted = Parameters<typeof statusChanged>[0];

/** Registers the Node, then keeps its Lease and status current until `stop`. */
export class NodeAgent {
  private readonly deps: NodeAgentDeps;
  private readonly name: string;
  private uid = '';
  private posted: Posted = undefined;
  private postedAt = 0;
  private conditions: NodeCondition[] | undefined;
  private timers: TimerHandle[] = [];
  private stopped = false;
  private leaseFailures = 0;

  constructor(deps: NodeAgentDeps) {
    this.deps = deps;
    this.name = deps.facts().spec.name;
  }

  /** Registers (retrying until it succeeds) and starts the loops. */
  async start(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.register();
        break;
      } catch (err) {
        this.deps.log.warn('node registration failed', { err: errorMessage(err) });
        await this.deps.clock.sleep(1_000);
      }
    }
    this.loop('lease', () => this.renewLease());
    this.loop('status', () => this.updateStatus());
  }

  /** Posts the status now if it changed (e.g. volumesInUse). */
  poke(): void {
    void this.updateStatus().catch(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) this.deps.clock.clearTimeout(t);
  }

  private loop(what: 'lease' | 'status', fn: () => Promise<void>): void {
    const run = async (): Promise<void> => {
      let delay =
        what === 'lease'
          ? this.deps.timings.nodeLeaseRenewMs
          : this.deps.timings.nodeStatusUpdateMs;
      try {
        await fn();
        if (what === 'lease') this.leaseFailures = 0;
      } catch (err) {
        this.deps.log.warn(`node ${what} update failed`, { err: errorMessage(err) });
        if (what === 'lease') delay = Math.min(delay, 200 * 2 ** Math.min(this.leaseFailures++, 5));
      }
      if (!this.stopped) this.timers.push(this.deps.clock.setTimeout(() => void run(), delay));
    };
    void run();
  }

  private async register(): Promise<void> {
    const node = buildNode(this.deps.facts());
    const now = this.deps.clock.now();
    const conditions = mergeConditions(undefined, healthyConditions(), now);
    (node.status as Record<string, unknown>).conditions = conditions;
    let created: NodeObject;
    try {
      created = await this.deps.client.create<NodeObject>('/api/v1/nodes', node);
      created = await this.deps.client.replace<NodeObject>(`/api/v1/nodes/${this.name}/status`, {
        ...created,
        status: node.status,
      });
    } catch (err) {
      if (!isStatus(err, 409)) throw err;
      const meta = node.metadata as { labels: Record<string, string> };
      created = await this.deps.client.patch<NodeObject>(`/api/v1/nodes/${this.name}`, {
        metadata: { labels: meta.labels },
      });
    }
    this.uid = created.metadata.uid;
    this.conditions = created.status?.conditions;
    await this.updateStatus(true);
    await this.renewLease();
  }

  private async renewLease(): Promise<void> {
    const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${this.name}`;
    const now = this.deps.clock.now();
    const lease = buildLease(
      { name: this.name, uid: this.uid },
      this.deps.timings.nodeLeaseDurationSeconds,
      now,
    );
    try {
      const cur = await this.deps.client.get<{
        metadata: Record<string, unknown>;
        spec: Record<string, unknown>;
      }>(path);
      cur.spec = {
        ...cur.spec,
        holderIdentity: this.name,
        renewTime: microTime(now),
        leaseDurationSeconds: this.deps.timings.nodeLeaseDurationSeconds,
      };
      await this.deps.client.replace(path, cur);
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
      await this.deps.client.create(
        '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases',
        lease,
      );
    }
  }

  private async updateStatus(force = false): Promise<void> {
    if (!this.uid) return;
    const now = this.deps.clock.now();
    const status = buildNodeStatus(this.deps.facts());
    const next = { status, conditions: healthyConditions() };
    const due = now - this.postedAt >= this.deps.timings.nodeStatusReportMs;
    if (!force && !due && !statusChanged(this.posted, next)) return;
    const current = await this.deps.client.get<NodeObject>(`/api/v1/nodes/${this.name}`);
    const conditions = mergeConditions(
      current.status?.conditions ?? this.conditions,
      next.conditions,
      now,
    );
    await this.deps.client.patch(`/api/v1/nodes/${this.name}/status`, {
      status: { ...status, conditions },
    });
    this.conditions = conditions;
    this.posted = next;
    this.postedAt = now;
  }
}
