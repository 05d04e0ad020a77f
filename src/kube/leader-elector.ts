// Leader election over a LeaseLock, following client-go tools/leaderelection (v0.32), plus an
// acquire gate, poke, hand-over and Lease annotations for Steward's instance agent.
import type { Clock, TimerHandle } from '../lib/clock.ts';
import { errorMessage, StewardError } from '../lib/errors.ts';
import { nopLogger, type Logger } from '../lib/logger.ts';
import { SerialQueue } from './abortable.ts';
import {
  ElectionLease,
  type AcquireGate,
  type AnnotationChanges,
  type HolderGone,
} from './election-lease.ts';
import type { LeaderElectionRecord, LeaseAnnotations, LeaseLock } from './lease-lock.ts';

export type { AcquireGate, AnnotationChanges, HolderGone } from './election-lease.ts';

/** client-go's JitterFactor for the acquire loop and the config check. */
export const JITTER_FACTOR = 1.2;

/** Lifecycle callbacks of a LeaderElector. */
export interface LeaderCallbacks {
  /**
   * Called once leadership is acquired; `signal` aborts the moment leadership is lost or given up,
   * with a StewardError whose code is LEADERSHIP_LOST or LEADERSHIP_HANDED_OVER.
   */
  onStartedLeading(signal: AbortSignal): void;
  /** Called whenever `run` returns (like client-go, also when it never led). */
  onStoppedLeading(): void;
  /** Called when the observed holder changes (including the first observation). */
  onNewLeader?(identity: string): void;
}

/** Configuration of a LeaderElector; durations in ms (defaults 15 s / 10 s / 2 s). */
export interface LeaderElectorOptions {
  lock: LeaseLock;
  identity: string;
  clock: Clock;
  callbacks: LeaderCallbacks;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  releaseOnCancel?: boolean;
  logger?: Logger;
  /** Source of jitter in [0, 1); injectable for tests. */
  random?: () => number;
  /**
   * Consulted only before taking a lease this elector does not hold: creating a missing one (null)
   * or taking over an expired or released one. False or a throw: not this attempt (retried after
   * RetryPeriod). Never consulted to renew our own lease or a record that already names us.
   */
  canAcquire?: AcquireGate;
  /**
   * Consulted when another candidate holds a lease that has not expired: true (positive evidence
   * that the holder is gone) lets this elector take it now, through `canAcquire` as usual.
   */
  holderGone?: HolderGone;
}

type Settings = Required<
  Omit<LeaderElectorOptions, 'callbacks' | 'lock' | 'clock' | 'canAcquire' | 'holderGone'>
>;

/** The last observed record and the local time (ms) at which it was last seen to change. */
export interface ObservedLeaseState {
  record: LeaderElectionRecord | null;
  observedAtMs: number;
}

/** Checks LeaseDuration > RenewDeadline > 1.2 × RetryPeriod (and positivity); throws otherwise. */
export function validateElectionTimings(leaseMs: number, renewMs: number, retryMs: number): void {
  const fail = (msg: string): never => {
    throw new StewardError('INVALID_LEADER_ELECTION_CONFIG', msg);
  };
  if (leaseMs <= renewMs) fail('leaseDuration must be greater than renewDeadline');
  if (renewMs <= JITTER_FACTOR * retryMs)
    fail('renewDeadline must be greater than retryPeriod*JitterFactor');
  if (leaseMs < 1) fail('leaseDuration must be greater than zero');
  if (renewMs < 1) fail('renewDeadline must be greater than zero');
  if (retryMs < 1) fail('retryPeriod must be greater than zero');
}

/**
 * Leader elector. Expiry of someone else's lease is judged only by `observedTime`, the local time
 * at which this process last saw the raw record change — never by `renewTime` — so it tolerates
 * arbitrary clock offset between machines (not arbitrary clock *rate* differences). While leading,
 * if no renewal that *started* within the last RenewDeadline has succeeded, leadership is dropped
 * at once (the signal given to onStartedLeading aborts), even if a lock call is still hanging.
 * Since others wait LeaseDuration (> RenewDeadline) after they last saw a change, the old leader
 * stops before a new one can start, provided clock rates agree within that ratio.
 * Like client-go this is not fencing on its own: guarded code must obey the abort signal.
 * All reads and writes of the lease (renewals, publishes, hand-over, release) take turns.
 */
export class LeaderElector {
  private readonly lock: LeaseLock;
  private readonly clock: Clock;
  private readonly callbacks: LeaderCallbacks;
  private readonly cfg: Settings;
  private readonly lease: ElectionLease;
  private readonly turns = new SerialQueue();
  private reportedLeader: string | null = null;
  /** Aborts when the current term of leadership ends; null before the first one. */
  private leadership: AbortController | null = null;
  private wake: (() => void) | null = null;
  private poked = false;

  constructor(opts: LeaderElectorOptions) {
    this.lock = opts.lock;
    this.clock = opts.clock;
    this.callbacks = opts.callbacks;
    this.cfg = {
      identity: opts.identity,
      leaseDurationMs: opts.leaseDurationMs ?? 15_000,
      renewDeadlineMs: opts.renewDeadlineMs ?? 10_000,
      retryPeriodMs: opts.retryPeriodMs ?? 2_000,
      releaseOnCancel: opts.releaseOnCancel ?? false,
      logger: opts.logger ?? nopLogger,
      random: opts.random ?? Math.random,
    };
    if (!this.cfg.identity)
      throw new StewardError('INVALID_LEADER_ELECTION_CONFIG', 'Lock identity is empty');
    validateElectionTimings(
      this.cfg.leaseDurationMs,
      this.cfg.renewDeadlineMs,
      this.cfg.retryPeriodMs,
    );
    const { lock, clock } = this;
    const { identity, leaseDurationMs, logger } = this.cfg;
    const { canAcquire, holderGone } = opts;
    this.lease = new ElectionLease({
      lock,
      clock,
      identity,
      leaseDurationMs,
      logger,
      canAcquire,
      holderGone,
    });
  }

  get identity(): string {
    return this.cfg.identity;
  }
  get leaseDurationMs(): number {
    return this.cfg.leaseDurationMs;
  }
  get renewDeadlineMs(): number {
    return this.cfg.renewDeadlineMs;
  }
  get retryPeriodMs(): number {
    return this.cfg.retryPeriodMs;
  }

  /** True while this process leads (between onStartedLeading and the abort of its signal). */
  isLeader(): boolean {
    return this.leadership?.signal.aborted === false;
  }

  /** Identity of the last observed holder ('' if none observed yet or released). */
  getLeader(): string {
    return this.lease.observed?.holderIdentity ?? '';
  }

  /** The last observed record (a copy) and when it was last seen to change, by the local clock. */
  observedLease(): ObservedLeaseState {
    const record = this.lease.observed;
    return { record: record && { ...record }, observedAtMs: this.lease.observedTime };
  }

  /**
   * While leading: the local time at which leadership ends unless a renewal succeeds first (start
   * of the last successful write + RenewDeadline), for watchdogs; null when not leading.
   */
  leadershipDeadlineMs(): number | null {
    return this.isLeader() ? this.lease.lastSuccessStart + this.cfg.renewDeadlineMs : null;
  }

  /** The Lease's annotations as of the last read or write ({} before any). */
  observedAnnotations(): LeaseAnnotations {
    return this.lease.observedAnnotations();
  }

  /**
   * Ends the current wait (acquire retry or renew interval) so the next attempt starts at once.
   * If no wait is in progress (an attempt is running), the next wait is skipped instead.
   */
  poke(): void {
    if (this.wake) this.wake();
    else this.poked = true;
  }

  /**
   * While leading: renews at once, applying `changes` (null deletes a key) in the same
   * resourceVersion-checked write. True only if that write succeeded while still leading.
   */
  async publishAnnotations(changes: AnnotationChanges): Promise<boolean> {
    const term = this.leadership?.signal;
    if (!term || term.aborted) return false;
    const publish = { ...changes };
    const ok = await this.turns.run(term, (s) => this.lease.tryAcquireOrRenew(s, publish));
    this.maybeReportTransition();
    if (ok === true && !term.aborted) return true;
    this.poke(); // let the renew loop find out at once whether the lease is still ours
    return false;
  }

  /**
   * While leading: writes (resourceVersion-checked) a record naming `identity` as holder, a new term
   * of the same duration. On success leadership ends at once (the signal aborts with
   * LEADERSHIP_HANDED_OVER), `run` returns and this resolves true. False: not leading or the write
   * failed; leadership continues unless the lease turns out to have changed hands.
   */
  async handOver(identity: string): Promise<boolean> {
    if (!identity || identity === this.cfg.identity)
      throw new StewardError('INVALID_HAND_OVER', `cannot hand the lease over to '${identity}'`);
    const term = this.leadership;
    if (!term || term.signal.aborted) return false;
    const ok = await this.turns.run(term.signal, (s) => this.lease.handOver(identity, s));
    this.maybeReportTransition();
    if (ok !== true) {
      this.poke(); // let the renew loop find out at once whether the lease is still ours
      return false;
    }
    const lease = this.lock.describe();
    this.cfg.logger.info('handed the lease over', { lease, to: identity });
    if (!term.signal.aborted)
      term.abort(new StewardError('LEADERSHIP_HANDED_OVER', `handed ${lease} over to ${identity}`));
    return true;
  }

  /** Acquires, leads until the lease is lost, handed over or `signal` aborts, then returns (never re-acquires). */
  async run(signal: AbortSignal): Promise<void> {
    this.poked = false;
    const term = new AbortController();
    try {
      if (!(await this.acquire(signal))) return;
      this.leadership = term;
      this.safely('onStartedLeading', () => this.callbacks.onStartedLeading(term.signal));
      await this.renewLoop(signal, term.signal);
      this.endTerm(term);
      // After a hand-over the record no longer names us, so this releases nothing.
      if (this.cfg.releaseOnCancel) await this.releaseWithin(this.cfg.renewDeadlineMs);
    } finally {
      this.endTerm(term);
      this.safely('onStoppedLeading', () => this.callbacks.onStoppedLeading());
    }
  }

  private endTerm(term: AbortController): void {
    if (!term.signal.aborted)
      term.abort(new StewardError('LEADERSHIP_LOST', `stopped leading ${this.lock.describe()}`));
  }

  private async acquire(signal: AbortSignal): Promise<boolean> {
    this.cfg.logger.info('attempting to acquire leader lease', { lease: this.lock.describe() });
    while (!signal.aborted) {
      const ok = await this.boundedAttempt(signal);
      this.maybeReportTransition();
      if (ok === true) {
        this.cfg.logger.info('successfully acquired lease', { lease: this.lock.describe() });
        return true;
      }
      const period = this.cfg.retryPeriodMs * (1 + this.cfg.random() * JITTER_FACTOR);
      if (!(await this.sleep(period, signal))) return false;
    }
    return false;
  }

  /**
   * One acquire attempt, abandoned after RenewDeadline like upstream's lease client (whose request
   * timeout is RenewDeadline): a request lost in a dead connection must not stall a standby forever.
   */
  private async boundedAttempt(signal: AbortSignal): Promise<boolean | undefined> {
    const timeout = new AbortController();
    const timer = this.clock.setTimeout(() => timeout.abort(), this.cfg.renewDeadlineMs);
    try {
      const ok = await this.turns.run(AbortSignal.any([signal, timeout.signal]), (s) =>
        this.lease.tryAcquireOrRenew(s),
      );
      if (timeout.signal.aborted && !signal.aborted)
        this.cfg.logger.warn('lease attempt timed out', { lease: this.lock.describe() });
      return ok;
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  /** Renews every RetryPeriod until cancel, the renew deadline passes, the lease is taken or the term ends. */
  private async renewLoop(signal: AbortSignal, term: AbortSignal): Promise<void> {
    const lost = new AbortController();
    const both = AbortSignal.any([signal, term, lost.signal]);
    const stopWatching = this.watchRenewDeadline(lost);
    while (await this.sleep(this.cfg.retryPeriodMs, both)) {
      const ok = await this.turns.run(both, (s) => this.lease.tryAcquireOrRenew(s));
      if (both.aborted) break;
      this.maybeReportTransition();
      if (ok !== true && this.lease.observed && !this.lease.holderIsMe()) break;
    }
    stopWatching();
    if (lost.signal.aborted)
      this.cfg.logger.error('failed to renew lease within the renew deadline', {
        lease: this.lock.describe(),
      });
  }

  /** Aborts `lost` once no write of ours that started within the last RenewDeadline has succeeded. */
  private watchRenewDeadline(lost: AbortController): () => void {
    let timer: TimerHandle | null = null;
    const check = (): void => {
      const wait = this.lease.lastSuccessStart + this.cfg.renewDeadlineMs - this.clock.now();
      if (wait > 0) timer = this.clock.setTimeout(check, wait);
      else lost.abort();
    };
    check();
    return () => {
      if (timer) this.clock.clearTimeout(timer);
    };
  }

  private async releaseWithin(ms: number): Promise<void> {
    const timeout = new AbortController();
    const timer = this.clock.setTimeout(() => timeout.abort(), ms);
    await this.turns.run(timeout.signal, (s) => this.lease.release(s));
    this.clock.clearTimeout(timer);
  }

  private maybeReportTransition(): void {
    const holder = this.lease.observed?.holderIdentity;
    if (holder === undefined || holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    this.safely('onNewLeader', () => this.callbacks.onNewLeader?.(holder));
  }

  /** Waits `ms`; false if `signal` aborted, true when the time passed or `poke` woke it. */
  private async sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return false;
    if (this.poked) {
      this.poked = false;
      return true;
    }
    const woken = new AbortController();
    this.wake = () => woken.abort();
    try {
      await this.clock.sleep(ms, AbortSignal.any([signal, woken.signal]));
      return true;
    } catch {
      return !signal.aborted;
    } finally {
      this.wake = null;
    }
  }

  private safely(name: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.cfg.logger.error(`leader election callback ${name} threw`, { error: errorMessage(err) });
    }
  }
}
