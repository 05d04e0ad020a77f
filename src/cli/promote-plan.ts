// Deciding a switchover (pure): which instance to promote, or why not.
import { compareNames, type MemberView } from './cluster-members.ts';

/** What `promote` knows about the cluster when it decides. */
export interface PromoteFacts {
  cluster: string;
  paused: boolean;
  currentPrimary: string | null;
  targetPrimary: string | null;
  members: readonly MemberView[];
}

/** Why a switchover was refused. */
export type RefusalCode =
  | 'paused'
  | 'not-member'
  | 'already-primary'
  | 'no-primary'
  | 'in-progress'
  | 'not-eligible'
  | 'no-candidate';

/** The decision: set the target, wait for an identical request already made, or refuse. */
export type PromotePlan =
  | { kind: 'set-target' | 'already-requested'; from: string; to: string; sentence: string }
  | { kind: 'refuse'; code: RefusalCode; message: string };

/** Why a member is not a ready streaming replica; empty when it is one. */
export function ineligibility(m: MemberView): string[] {
  const why: string[] = [];
  if (m.role !== 'replica') why.push(`role ${m.role}`);
  if (m.ready === false) why.push('not ready');
  if (m.streaming === false) why.push('not streaming');
  // Readiness of a replica implies streaming within the lag bound; one of the two must be known.
  if (why.length === 0 && m.ready === null && m.streaming === null) why.push('readiness unknown');
  return why;
}

/** The replica to promote: ready and streaming, least lag (unknown lag last), then by name. */
export function chooseBestReplica(members: readonly MemberView[]): MemberView | null {
  const lag = (m: MemberView): number => m.lagBytes ?? Number.POSITIVE_INFINITY;
  const eligible = members.filter((m) => ineligibility(m).length === 0);
  eligible.sort((a, b) => lag(a) - lag(b) || compareNames(a.name, b.name));
  return eligible[0] ?? null;
}

function refuse(code: RefusalCode, message: string): PromotePlan {
  return { kind: 'refuse', code, message };
}

function describeLag(m: MemberView): string {
  return m.lagBytes === null ? 'lag unknown' : `${m.lagBytes} bytes behind`;
}

function pick(f: PromoteFacts, requested: string | undefined): MemberView | PromotePlan {
  if (requested === undefined) {
    const best = chooseBestReplica(f.members);
    if (best) return best;
    const why = f.members
      .filter((m) => m.name !== f.currentPrimary)
      .map((m) => `${m.name}: ${ineligibility(m).join(', ')}`);
    return refuse(
      'no-candidate',
      `no ready streaming replica of ${f.cluster} to promote` +
        (why.length > 0 ? ` (${why.join('; ')})` : ' (it has no replicas)'),
    );
  }
  const m = f.members.find((x) => x.name === requested);
  if (m) return m;
  const names = f.members.map((x) => x.name).join(', ') || 'none';
  return refuse(
    'not-member',
    `${requested} is not an instance of ${f.cluster} (instances: ${names})`,
  );
}

/** Plans `steward promote CLUSTER [INSTANCE]`. */
export function planPromote(f: PromoteFacts, requested?: string): PromotePlan {
  if (f.paused)
    return refuse('paused', `${f.cluster} is paused (spec.pause); resume it before a switchover`);
  const chosen = pick(f, requested);
  if ('kind' in chosen) return chosen;
  const to = chosen.name;
  if (to === f.currentPrimary) return refuse('already-primary', `${to} is already the primary`);
  const from = f.currentPrimary;
  if (from === null)
    return refuse('no-primary', `${f.cluster} has no current primary (status.currentPrimary)`);
  const target = f.targetPrimary;
  if (target !== null && target !== from) {
    if (target === to)
      return {
        kind: 'already-requested',
        from,
        to,
        sentence: `switchover to ${to} already requested`,
      };
    return refuse('in-progress', `a switchover from ${from} to ${target} is already in progress`);
  }
  const why = ineligibility(chosen);
  if (why.length > 0)
    return refuse('not-eligible', `${to} is not a ready streaming replica (${why.join(', ')})`);
  const how = requested === undefined ? `the best replica (${describeLag(chosen)})` : 'as asked';
  return { kind: 'set-target', from, to, sentence: `switching over from ${from} to ${to}, ${how}` };
}
