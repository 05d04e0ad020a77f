// Test fixtures for the cluster commands: clusters, pods with agent status, an in-memory ClusterApi.
import type { V1Pod } from '@kubernetes/client-node';
import { INSTANCE_ANNOTATIONS, INSTANCE_LABELS, type MemberStatus } from '../api/instance.ts';
import { applyDefaults } from '../api/defaults.ts';
import type { PostgresCluster, PostgresClusterStatus } from '../api/postgres-cluster.ts';
import type { ClusterApi, EventView, LeaseView } from './cluster-api.ts';
import type { MemberView } from './cluster-members.ts';

/** A 3-instance cluster `demo` whose primary is demo-0. */
export function demoCluster(
  status: PostgresClusterStatus = {},
  spec: { pause?: boolean } = {},
): PostgresCluster {
  return {
    apiVersion: 'steward.dev/v1alpha1',
    kind: 'PostgresCluster',
    metadata: { name: 'demo', namespace: 'default', resourceVersion: '7', generation: 1 },
    spec: applyDefaults({ instances: 3, storage: { size: '1Gi' }, ...spec }),
    status: { currentPrimary: 'demo-0', targetPrimary: 'demo-0', timeline: 1, ...status },
  };
}

/** A member view with the given fields (a ready streaming replica otherwise). */
export function member(name: string, over: Partial<MemberView> = {}): MemberView {
  return {
    name,
    role: 'replica',
    ready: true,
    streaming: true,
    lsn: '0/3000060',
    lagBytes: 0,
    timeline: 1,
    node: null,
    message: null,
    ...over,
  };
}

/** An agent's published status. */
export function agentStatus(name: string, over: Partial<MemberStatus> = {}): MemberStatus {
  return {
    name,
    address: '10.0.0.1',
    postgresPort: 5432,
    statusPort: 8008,
    role: 'replica',
    postgresRunning: true,
    hasData: true,
    systemIdentifier: '7300000000000000001',
    timeline: 1,
    lsn: '0/3000060',
    replayedLsn: '0/3000060',
    streaming: true,
    following: 'demo-0',
    lagBytes: 0,
    lagSeconds: 0,
    leaseHolder: 'demo-0',
    leaseExpiresInMs: 9000,
    sync: null,
    postgresVersion: '15.18',
    pendingRestart: false,
    message: 'following demo-0',
    time: '2023-11-14T22:13:20.000Z',
    ...over,
  };
}

/** An instance pod of `demo`, optionally Ready and with its agent's status. */
export function pod(
  name: string,
  opts: { ready?: boolean; status?: MemberStatus; node?: string } = {},
): V1Pod {
  const annotations: Record<string, string> = opts.status
    ? { [INSTANCE_ANNOTATIONS.status]: JSON.stringify(opts.status) }
    : {};
  return {
    metadata: {
      name,
      namespace: 'default',
      labels: {
        [INSTANCE_LABELS.cluster]: 'demo',
        ...(opts.status ? { [INSTANCE_LABELS.role]: opts.status.role } : {}),
      },
      annotations,
    },
    spec: { containers: [], ...(opts.node ? { nodeName: opts.node } : {}) },
    status:
      opts.ready === undefined
        ? {}
        : { conditions: [{ type: 'Ready', status: opts.ready ? 'True' : 'False' }] },
  };
}

/** An in-memory ClusterApi; `onGet` may change the cluster on each read (to play the agents). */
export class FakeClusterApi implements ClusterApi {
  cluster: PostgresCluster | null;
  pods: V1Pod[];
  lease: LeaseView | null = null;
  events: EventView[] = [];
  patches: { target: string; resourceVersion: string }[] = [];
  conflicts = 0;
  onGet: (c: PostgresCluster) => void = () => undefined;
  constructor(cluster: PostgresCluster | null, pods: V1Pod[] = []) {
    this.cluster = cluster;
    this.pods = pods;
  }
  getCluster(_namespace: string, name: string): Promise<PostgresCluster | null> {
    const c = this.cluster?.metadata.name === name ? this.cluster : null;
    if (c) this.onGet(c);
    return Promise.resolve(c ? structuredClone(c) : null);
  }
  listPods(): Promise<V1Pod[]> {
    return Promise.resolve(this.pods);
  }
  getLease(): Promise<LeaseView | null> {
    return Promise.resolve(this.lease);
  }
  listEvents(): Promise<EventView[]> {
    return Promise.resolve(this.events);
  }
  setTargetPrimary(
    _c: PostgresCluster,
    target: string,
    resourceVersion: string,
  ): Promise<'ok' | 'conflict'> {
    this.patches.push({ target, resourceVersion });
    if (this.conflicts > 0) {
      this.conflicts--;
      return Promise.resolve('conflict');
    }
    const c = this.cluster;
    if (c) c.status = { ...c.status, targetPrimary: target };
    return Promise.resolve('ok');
  }
}
