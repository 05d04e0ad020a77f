// The cluster status from what the pods and their agents say (pure), and the step that writes it.
import type { V1Pod } from '@kubernetes/client-node';
import { INSTANCE_ANNOTATIONS, INSTANCE_LABELS, type MemberStatus } from '../../api/instance.ts';
import type {
  ClusterCondition,
  ClusterPhase,
  InstanceStatus,
  PostgresCluster,
} from '../../api/postgres-cluster.ts';
import type { ReconcileContext } from './types.ts';

/** The status fields the operator owns (currentPrimary, targetPrimary, timeline are the agents'). */
export interface OperatorStatus {
  phase: ClusterPhase;
  conditions: ClusterCondition[];
  instances: number;
  readyInstances: number;
  instancesStatus: InstanceStatus[];
  observedGeneration: number;
  selector: string;
}

function podReady(p: V1Pod): boolean {
  return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function memberOf(p: V1Pod): MemberStatus | null {
  const text = p.metadata?.annotations?.[INSTANCE_ANNOTATIONS.status];
  if (!text) return null;
  try {
    return JSON.parse(text) as MemberStatus;
  } catch {
    return null;
  }
}

/** One instance as the status shows it. */
export function instanceStatusOf(p: V1Pod): InstanceStatus {
  const m = memberOf(p);
  const role = p.metadata?.labels?.[INSTANCE_LABELS.role];
  const out: InstanceStatus = {
    name: p.metadata?.name ?? '',
    role: role === 'primary' || role === 'replica' ? role : 'unknown',
    ready: podReady(p),
  };
  if (m?.lsn) out.lsn = m.lsn;
  if (m?.lagBytes != null) out.lagBytes = m.lagBytes;
  if (m?.timeline != null) out.timeline = m.timeline;
  return out;
}

interface ConditionContext {
  previous: ClusterCondition[] | undefined;
  now: string;
  generation: number;
}

function condition(
  type: ClusterCondition['type'],
  ok: boolean,
  why: { reason: string; message: string },
  at: ConditionContext,
): ClusterCondition {
  const status = ok ? 'True' : 'False';
  const old = at.previous?.find((c) => c.type === type);
  return {
    type,
    status,
    reason: why.reason,
    message: why.message,
    observedGeneration: at.generation,
    lastTransitionTime: old && old.status === status ? old.lastTransitionTime : at.now,
  };
}

/** Phases of the reasons a step can block with (others: Degraded). */
const BLOCKED_PHASES: Record<string, ClusterPhase> = {
  InvalidSpec: 'Invalid',
  SwitchoverBeforeScaleDown: 'Scaling',
  RollingUpdate: 'Upgrading',
  WaitingForPromote: 'Upgrading',
  ExpandingVolumes: 'Expanding',
  ExpansionNotAllowed: 'Invalid',
};

/** The status for `cluster` given its pods and why reconciling is blocked (null when it is not). */
export function buildClusterStatus(
  cluster: PostgresCluster,
  pods: readonly V1Pod[],
  blocked: { reason: string; message: string } | null,
  now: string,
): OperatorStatus {
  const want = cluster.spec.instances;
  const instances = [...pods].sort((a, b) =>
    (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  );
  const statuses = instances.map(instanceStatusOf);
  const ready = statuses.filter((s) => s.ready).length;
  const primary = statuses.find((s) => s.role === 'primary' && s.ready);
  const gen = cluster.metadata.generation ?? 0;
  const prev = cluster.status?.conditions;
  const wasReady = prev?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const allReady = ready === want && statuses.length === want && primary !== undefined;
  let phase: ClusterPhase;
  let why: { reason: string; message: string };
  if (blocked) {
    phase = BLOCKED_PHASES[blocked.reason] ?? 'Degraded';
    why = blocked;
  } else if (allReady) {
    phase = 'Ready';
    why = {
      reason: 'AllInstancesReady',
      message: `${ready} of ${want} instances ready; primary ${primary.name}`,
    };
  } else if (!primary) {
    phase = wasReady ? 'Failover' : 'Initializing';
    why = {
      reason: wasReady ? 'NoPrimary' : 'Initializing',
      message: `no ready primary yet; ${ready} of ${want} instances ready`,
    };
  } else {
    phase = wasReady ? 'Degraded' : 'Initializing';
    const missing = statuses.filter((s) => !s.ready).map((s) => s.name);
    const absent = want - statuses.length;
    const parts = [
      ...(missing.length ? [`not ready: ${missing.join(', ')}`] : []),
      ...(absent > 0 ? [`${absent} not created yet`] : []),
    ];
    why = {
      reason: wasReady ? 'InstancesNotReady' : 'Initializing',
      message: `${ready} of ${want} instances ready (${parts.join('; ')})`,
    };
  }
  const at: ConditionContext = { previous: prev, now, generation: gen };
  const conditions = [
    condition('Ready', phase === 'Ready', why, at),
    condition(
      'Progressing',
      ['Initializing', 'Failover', 'Upgrading', 'Expanding'].includes(phase),
      why,
      at,
    ),
    condition('Degraded', ['Degraded', 'Failover', 'Invalid'].includes(phase), why, at),
  ];

  return {
    phase,
    conditions,
    instances: statuses.length,
    readyInstances: ready,
    instancesStatus: statuses,
    observedGeneration: gen,
    selector: `${INSTANCE_LABELS.cluster}=${cluster.metadata.name ?? ''}`,
  };
}

/** Writes the status when it changed (timestamps aside). */
export async function writeStatus(ctx: ReconcileContext): Promise<OperatorStatus> {
  const c = ctx.cluster;
  const pods = await ctx.client.list<V1Pod>(
    'v1',
    'Pod',
    c.metadata.namespace ?? '',
    `${INSTANCE_LABELS.cluster}=${c.metadata.name ?? ''}`,
  );
  const status = buildClusterStatus(c, pods, ctx.blocked, new Date(ctx.clock.now()).toISOString());
  const old = c.status;
  const same =
    old?.phase === status.phase &&
    old.readyInstances === status.readyInstances &&
    old.observedGeneration === status.observedGeneration &&
    JSON.stringify(old.instancesStatus) === JSON.stringify(status.instancesStatus) &&
    JSON.stringify(old.conditions) === JSON.stringify(status.conditions);
  if (!same) await ctx.client.patchClusterStatus(c, status);
  return status;
}
