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

/** Phases reached only once the cluster was first Ready: a lost primary is then a failover. */
const ESTABLISHED_PHASES: readonly ClusterPhase[] = [
  'Ready',
  'Degraded',
  'Failover',
  'Scaling',
  'Upgrading',
  'Expanding',
];
/** Phases of an operation under way (condition Progressing). */
const PROGRESSING_PHASES: readonly ClusterPhase[] = [
  'Initializing',
  'Failover',
  'Scaling',
  'Upgrading',
  'Expanding',
];
/** Phases in which an instance is missing or unhealthy, or the spec is refused. */
const DEGRADED_PHASES: readonly ClusterPhase[] = ['Degraded', 'Failover', 'Invalid'];

interface Why {
  reason: string;
  message: string;
}

/** What the pods say, counted. */
interface Facts {
  want: number;
  statuses: InstanceStatus[];
  ready: number;
  /** The ready pod labelled primary: the cluster serves through -rw. */
  primary: InstanceStatus | undefined;
  /** The cluster was Ready before (its previous phase says so). */
  established: boolean;
}

function phaseOf(f: Facts, blocked: Why | null): { phase: ClusterPhase; why: Why } {
  const { want, ready, primary, established } = f;
  if (blocked) return { phase: BLOCKED_PHASES[blocked.reason] ?? 'Degraded', why: blocked };
  if (ready === want && f.statuses.length === want && primary)
    return {
      phase: 'Ready',
      why: {
        reason: 'AllInstancesReady',
        message: `${ready} of ${want} instances ready; primary ${primary.name}`,
      },
    };
  if (!primary)
    return {
      phase: established ? 'Failover' : 'Initializing',
      why: {
        reason: established ? 'NoPrimary' : 'Initializing',
        message: `no ready primary yet; ${ready} of ${want} instances ready`,
      },
    };
  const missing = f.statuses.filter((s) => !s.ready).map((s) => s.name);
  const absent = want - f.statuses.length;
  const parts = [
    ...(missing.length ? [`not ready: ${missing.join(', ')}`] : []),
    ...(absent > 0 ? [`${absent} not created yet`] : []),
  ];
  return {
    phase: established ? 'Degraded' : 'Initializing',
    why: {
      reason: established ? 'InstancesNotReady' : 'Initializing',
      message: `${ready} of ${want} instances ready (${parts.join('; ')})`,
    },
  };
}

/**
 * Ready means the cluster serves: a ready primary, whatever operation runs (Progressing says
 * which), once it has first been fully Ready. A refused spec keeps it False with the refusal, which steps read back to report once.
 */
function readiness(f: Facts, phase: ClusterPhase, why: Why): { ok: boolean; why: Why } {
  // A new cluster is Ready once every instance first is, so `kubectl wait --for=condition=Ready`
  // after creating one returns a whole cluster, not a lone primary.
  if (phase === 'Invalid' || phase === 'Initializing') return { ok: false, why };
  const counts = `${f.ready} of ${f.want} instances ready`;
  if (!f.primary)
    return {
      ok: false,
      why:
        phase === 'Failover'
          ? why
          : { reason: 'NoPrimary', message: `no ready primary; ${counts}` },
    };
  const all = f.ready === f.want && f.statuses.length === f.want;
  return {
    ok: true,
    why: {
      reason: all ? 'AllInstancesReady' : 'PrimaryReady',
      message: `${counts}; primary ${f.primary.name}`,
    },
  };
}

/** The status for `cluster` given its pods and why reconciling is blocked (null when it is not). */
export function buildClusterStatus(
  cluster: PostgresCluster,
  pods: readonly V1Pod[],
  blocked: Why | null,
  now: string,
): OperatorStatus {
  const instances = [...pods].sort((a, b) =>
    (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  );
  const statuses = instances.map(instanceStatusOf);
  const previousPhase = cluster.status?.phase;
  const facts: Facts = {
    want: cluster.spec.instances,
    statuses,
    ready: statuses.filter((s) => s.ready).length,
    primary: statuses.find((s) => s.role === 'primary' && s.ready),
    established: previousPhase !== undefined && ESTABLISHED_PHASES.includes(previousPhase),
  };
  const { phase, why } = phaseOf(facts, blocked);
  const gen = cluster.metadata.generation ?? 0;
  const at: ConditionContext = { previous: cluster.status?.conditions, now, generation: gen };
  const ready = readiness(facts, phase, why);
  const conditions = [
    condition('Ready', ready.ok, ready.why, at),
    condition('Progressing', PROGRESSING_PHASES.includes(phase), why, at),
    condition('Degraded', DEGRADED_PHASES.includes(phase), why, at),
  ];
  return {
    phase,
    conditions,
    instances: statuses.length,
    readyInstances: facts.ready,
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
