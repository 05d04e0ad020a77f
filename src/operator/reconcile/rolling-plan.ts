// The rolling update as a pure decision: which one instance to restart next, when to switch over,
// or why to wait. Replicas first (highest ordinal first), each back and caught up before the next;
// then a switchover to an updated replica; the former primary is then an outdated replica.
import type { V1Pod } from '@kubernetes/client-node';
import { INSTANCE_LABELS, type MemberStatus } from '../../api/instance.ts';
import { POD_TEMPLATE_HASH_ANNOTATION } from '../builders/pod-template-hash.ts';

/** Largest lag (bytes) at which a replica counts as caught up: one WAL segment. */
export const CAUGHT_UP_LAG_BYTES = 16 * 1024 * 1024;
/**
 * How long after the first outdated instance was seen the primary may be switched over for
 * pendingRestart alone: agents reload within a cycle but publish their status only every few
 * seconds, so a replica that needs the same restart may not say so yet. Restarting the primary
 * before it would cost a second switchover (a second write pause).
 */
export const PENDING_RESTART_SETTLE_MS = 10_000;
/** Requeue while waiting for an instance to come back or catch up. */
export const ROLLING_POLL_MS = 2_000;
/**
 * How long an outdated replica must have been down before it is restarted out of turn: one that
 * is only starting, or rewinding after a hand-over, must not be interrupted.
 */
export const BROKEN_AFTER_MS = 60_000;
/** Requeue while a rollout cannot finish without a person. */
export const STUCK_POLL_MS = 60_000;

/** What the plan needs besides the pods: the StatefulSet's template and the cluster's status. */
export interface RollingView {
  /** StatefulSet name; pods are `<name>-<ordinal>`. */
  name: string;
  /** StatefulSet `spec.replicas`. */
  replicas: number;
  /** `POD_TEMPLATE_HASH_ANNOTATION` of the StatefulSet's pod template. */
  templateHash: string;
  strategy: 'unsupervised' | 'supervised';
  currentPrimary: string | null;
  targetPrimary: string | null;
  /** Lag (bytes) up to which a replica counts as caught up. */
  maxLagBytes: number;
  /** When (ms) the operator first saw this rollout, or null (just now). */
  since: number | null;
  /** The instance this rollout already switched over to (for the current spec), or null. */
  switchedOverTo: string | null;
  now: number;
}

/** The one thing to do now; `sentence` says why (logged, shown in the status, asserted in tests). */
export type RollingAction =
  | { kind: 'none'; sentence: string }
  | { kind: 'wait'; sentence: string; requeueAfterMs: number }
  | { kind: 'restart'; pod: string; sentence: string }
  | { kind: 'switchover'; from: string; to: string; sentence: string }
  | { kind: 'await-promote'; sentence: string };

/** One instance as the plan sees it. */
interface Member {
  name: string;
  ordinal: number;
  role: 'primary' | 'replica' | 'unknown';
  outdated: 'template' | 'parameters' | null;
  /** Pod Ready, not terminating, and its agent reports the labelled role (replicas: streaming). */
  healthy: boolean;
  terminating: boolean;
  /** When (ms) the pod last became not Ready (or was created, if it never was); null when Ready. */
  downSince: number | null;
  lagBytes: number | null;
}

/** Ordinal of pod `<sts>-<n>`, or -1. */
export function podOrdinal(pod: string, sts: string): number {
  if (!pod.startsWith(`${sts}-`)) return -1;
  const rest = pod.slice(sts.length + 1);
  return /^(0|[1-9][0-9]*)$/.test(rest) ? Number(rest) : -1;
}

function podReady(p: V1Pod): boolean {
  return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function downSince(p: V1Pod): number | null {
  if (podReady(p)) return null;
  const c = p.status?.conditions?.find((x) => x.type === 'Ready');
  const at = c?.lastTransitionTime ?? p.metadata?.creationTimestamp;
  // A Date as the client types it, but a string as it comes off the wire: Date takes both.
  return at === undefined ? null : new Date(at).getTime();
}

function memberOf(p: V1Pod, st: MemberStatus | undefined, view: RollingView): Member {
  const name = p.metadata?.name ?? '';
  const label = p.metadata?.labels?.[INSTANCE_LABELS.role];
  const role = label === 'primary' || label === 'replica' ? label : 'unknown';
  const hash = p.metadata?.annotations?.[POD_TEMPLATE_HASH_ANNOTATION];
  const agentAgrees =
    role === 'primary'
      ? st?.role === 'primary'
      : role === 'replica' && st?.role === 'replica' && st.streaming;
  return {
    name,
    ordinal: podOrdinal(name, view.name),
    role,
    outdated: hash !== view.templateHash ? 'template' : st?.pendingRestart ? 'parameters' : null,
    healthy: !p.metadata?.deletionTimestamp && podReady(p) && agentAgrees,
    terminating: !!p.metadata?.deletionTimestamp,
    downSince: downSince(p),
    lagBytes: st?.lagBytes ?? null,
  };
}

const wait = (sentence: string, requeueAfterMs = ROLLING_POLL_MS): RollingAction => ({
  kind: 'wait',
  sentence,
  requeueAfterMs,
});

const why = (m: Member) =>
  m.outdated === 'template' ? 'a new pod template' : 'parameters that need a restart';

/** Decides the next step of the rolling update of the pods of one StatefulSet. */
export function planRollingUpdate(
  pods: readonly V1Pod[],
  statuses: ReadonlyMap<string, MemberStatus>,
  view: RollingView,
): RollingAction {
  const all = pods.map((p) => memberOf(p, statuses.get(p.metadata?.name ?? ''), view));
  const members = all.filter((m) => m.ordinal >= 0 && m.ordinal < view.replicas);
  const outdated = members.filter((m) => m.outdated !== null);
  if (outdated.length === 0) return { kind: 'none', sentence: 'every instance is up to date' };
  const { currentPrimary: current, targetPrimary: target } = view;
  if (target && current && target !== current) {
    return wait(`waiting for the switchover from ${current} to ${target}`);
  }
  const blocked = whyNotAll(all, members, view);
  if (blocked) return restartBroken(all, members, view) ?? wait(blocked);
  const primary = members.find((m) => m.role === 'primary')!;
  const replicas = members.filter((m) => m.role === 'replica');
  const next = replicas.filter((m) => m.outdated).sort((a, b) => b.ordinal - a.ordinal)[0];
  if (next) {
    // Agents report a pending restart one after the other: give them all time to, so replicas go
    // highest ordinal first rather than in the order their reports arrived.
    const left = settleLeft(view);
    if (next.outdated === 'parameters' && left > 0) {
      return wait(
        `waiting ${Math.ceil(left / 1000)}s for every agent to report pending restarts`,
        left,
      );
    }
    return {
      kind: 'restart',
      pod: next.name,
      sentence: `restarting replica ${next.name} for ${why(next)}`,
    };
  }
  return planPrimary(primary, replicas, view);
}

/** Why no instance may go down now (null when every instance is up, caught up and in place). */
function whyNotAll(all: Member[], members: Member[], view: RollingView): string | null {
  const extra = all.filter((m) => !members.includes(m)).map((m) => m.name);
  if (extra.length > 0) return `waiting for ${extra.join(', ')} to go (not one of the instances)`;
  if (members.length !== view.replicas) {
    return `waiting for the ${view.replicas} instances to exist (${members.length} do)`;
  }
  const down = members.filter((m) => !m.healthy).map((m) => m.name);
  if (down.length > 0) return `waiting for ${down.join(', ')} to be ready before the next restart`;
  const primaries = members.filter((m) => m.role === 'primary');
  if (
    primaries.length !== 1 ||
    (view.currentPrimary && primaries[0]?.name !== view.currentPrimary)
  ) {
    return `waiting for the primary to be settled (labelled: ${primaries.map((m) => m.name).join(', ') || 'none'}; status: ${view.currentPrimary ?? 'none'})`;
  }
  const behind = members.filter((m) => m.role === 'replica' && !caughtUp(m, view));
  if (behind.length > 0) {
    return `waiting for ${behind.map((m) => `${m.name} (lag ${m.lagBytes ?? 'unknown'})`).join(', ')} to catch up`;
  }
  return null;
}

function caughtUp(m: Member, view: RollingView): boolean {
  return m.lagBytes !== null && m.lagBytes <= view.maxLagBytes;
}

/**
 * An outdated replica that has been down for a while (a bad image, say, being rolled back) may be
 * restarted: that takes nothing else down. Only when it is the only one down and the primary is
 * healthy.
 */
function restartBroken(all: Member[], members: Member[], view: RollingView): RollingAction | null {
  const down = all.filter((m) => !m.healthy);
  const m = down[0];
  if (down.length !== 1 || !m || !m.outdated || m.terminating) return null;
  if (m.downSince === null || Number.isNaN(m.downSince)) return null;
  if (view.now - m.downSince < BROKEN_AFTER_MS) return null;
  if (all.length !== members.length) return null;
  if (m.role === 'primary' || m.name === view.currentPrimary) return null;
  const primary = members.find((p) => p.role === 'primary' && p.name === view.currentPrimary);
  if (!primary?.healthy || members.length !== view.replicas) return null;
  return {
    kind: 'restart',
    pod: m.name,
    sentence: `restarting replica ${m.name}, which is down, for ${why(m)}`,
  };
}

/** Time left (ms) of the settle period that starts with the rollout. */
function settleLeft(view: RollingView): number {
  return (view.since ?? view.now) + PENDING_RESTART_SETTLE_MS - view.now;
}

/** Every replica is up to date and caught up: the primary, if outdated, is last. */
function planPrimary(primary: Member, replicas: Member[], view: RollingView): RollingAction {
  if (replicas.length === 0) {
    return view.strategy === 'supervised'
      ? {
          kind: 'await-promote',
          sentence: `waiting for pod ${primary.name}, the only instance, to be deleted by hand (primaryUpdateStrategy supervised)`,
        }
      : {
          kind: 'restart',
          pod: primary.name,
          sentence: `restarting ${primary.name}, the only instance, in place for ${why(primary)}`,
        };
  }
  if (primary.outdated === 'parameters' && view.switchedOverTo !== null) {
    // Never a second switchover for the same spec: with an agent that keeps reporting a pending
    // restart after promotion, that would ping-pong the primary (a write pause each time).
    return wait(
      `${primary.name} still reports parameters pending a restart after this rollout switched over to ${view.switchedOverTo}; not switching over again (see its PostgreSQL log)`,
      STUCK_POLL_MS,
    );
  }
  if (primary.outdated === 'parameters') {
    const left = settleLeft(view);
    if (left > 0) {
      return wait(
        `waiting ${Math.ceil(left / 1000)}s for every agent to report pending restarts`,
        left,
      );
    }
  }
  if (view.strategy === 'supervised') {
    return {
      kind: 'await-promote',
      sentence: `replicas updated; waiting for "steward promote" to switch over from ${primary.name} (primaryUpdateStrategy supervised)`,
    };
  }
  const to = [...replicas].sort(
    (a, b) => (a.lagBytes ?? Infinity) - (b.lagBytes ?? Infinity) || a.ordinal - b.ordinal,
  )[0]!;
  return {
    kind: 'switchover',
    from: primary.name,
    to: to.name,
    sentence: `replicas updated; switching over from ${primary.name} to ${to.name} to restart the primary for ${why(primary)}`,
  };
}
