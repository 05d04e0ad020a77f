// No leading without a working watchdog: kicks the supervised watchdog while leading, keeps a
// member without one from becoming primary, and steps down a primary left without one.
//
// Safety: the watchdog is what fences a primary whose agent hangs. Without it, a hung agent's
// PostgreSQL would keep taking writes after the Lease expired and another member promoted. A
// leader gets about one renew period to have a new watchdog armed; then it fences PostgreSQL
// itself (while it can) and only then releases the Lease.
import type { Clock } from '../../lib/clock.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { Decision } from '../decide.ts';
import type { SupervisedWatchdog, WatchdogHealth } from './watchdog-supervisor.ts';

/** What the watchdog allows this member right now. */
export type GuardVerdict =
  | { readonly kind: 'protected' }
  /** Leading without a watchdog, within the grace period: keep serving, start nothing new. */
  | { readonly kind: 'exposed'; readonly sentence: string }
  /** Leading without a watchdog past the grace period: fence, then release the Lease. */
  | { readonly kind: 'step-down'; readonly sentence: string }
  /** Not leading and no watchdog: not a candidate. */
  | { readonly kind: 'excluded'; readonly sentence: string };

/** Inputs of the verdict. */
export interface GuardInputs {
  health: WatchdogHealth;
  leading: boolean;
  /** A step-down has begun and leadership has not ended yet. */
  steppingDown: boolean;
  now: number;
  /** How long a leader may run without a watchdog (one renew period). */
  graceMs: number;
}

/** The verdict for one instant. */
export function decideWatchdogGuard(i: GuardInputs): GuardVerdict {
  const h = i.health;
  if (i.leading && i.steppingDown) {
    return {
      kind: 'step-down',
      sentence: 'stepping down: fencing PostgreSQL and releasing the lease',
    };
  }
  if (h.working) return { kind: 'protected' };
  const why = `no working watchdog (${h.problem})`;
  if (!i.leading) return { kind: 'excluded', sentence: `not a candidate: ${why}` };
  const waited = i.now - h.since;
  if (waited >= i.graceMs) {
    return {
      kind: 'step-down',
      sentence: `stepping down: ${why} for ${(waited / 1000).toFixed(1)} s`,
    };
  }
  return {
    kind: 'exposed',
    sentence: `leading with ${why}; stepping down unless one is armed within ${(i.graceMs / 1000).toFixed(1)} s`,
  };
}

/** Actions that would make this member a writable primary; never without a working watchdog. */
const NEW_PRIMARY = new Set(['bootstrap', 'start-primary', 'promote']);

/** The decision, unless it starts a primary the watchdog could not protect. */
export function guardDecision(d: Decision, v: GuardVerdict): Decision {
  if (v.kind === 'protected' || !NEW_PRIMARY.has(d.action.kind)) return d;
  return { action: { kind: 'wait' }, sentence: `not acting (${d.sentence}): ${v.sentence}` };
}

/** What the guard needs from the agent. */
export interface WatchdogGuardDeps {
  watchdog: SupervisedWatchdog;
  clock: Clock;
  /** While leading: when leadership ends unless renewed (our clock); null when not leading. */
  leadershipDeadlineMs(): number | null;
  /** The renew period, the grace a leader gets to have a watchdog armed again. */
  graceMs(): number;
  /** Fences PostgreSQL, then releases the Lease. */
  stepDown(sentence: string): Promise<void>;
  log(event: string, sentence: string): void;
}

/** Drives the watchdog from the agent's kick timer. */
export class WatchdogGuard {
  private readonly d: WatchdogGuardDeps;
  /** A step-down of the current term: none, under way, or done (waiting for the term to end). */
  private step: 'none' | 'running' | 'done' = 'none';

  constructor(deps: WatchdogGuardDeps) {
    this.d = deps;
  }

  verdict(): GuardVerdict {
    const leading = this.d.leadershipDeadlineMs() !== null;
    if (!leading) this.step = 'none';
    return decideWatchdogGuard({
      health: this.d.watchdog.health(),
      leading,
      steppingDown: this.step !== 'none',
      now: this.d.clock.now(),
      graceMs: this.d.graceMs(),
    });
  }

  /** Every kick period: check the watchdog, then arm it while leading (or step down). */
  tick(): void {
    const w = this.d.watchdog;
    w.check();
    const v = this.verdict();
    if (v.kind === 'step-down') return this.beginStepDown(v.sentence);
    const deadline = this.d.leadershipDeadlineMs();
    if (deadline === null) {
      w.disarm();
      return;
    }
    const left = deadline - this.d.clock.now();
    if (left > 0) w.arm(left); // else let the armed deadline fire
  }

  private beginStepDown(sentence: string): void {
    if (this.step !== 'none') return;
    this.step = 'running';
    this.d.log('step-down', sentence);
    this.d.stepDown(sentence).then(
      () => {
        if (this.step === 'running') this.step = 'done';
      },
      (err: unknown) => {
        // Tried again at the next tick while we still lead without a watchdog.
        this.step = 'none';
        this.d.log('step-down-failed', `stepping down failed: ${errorMessage(err)}`);
      },
    );
  }
}
