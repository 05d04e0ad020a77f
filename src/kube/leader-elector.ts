// Leader election over a LeaseLock, following client-go tools/leaderelection (v0.32).
import type { Clock, TimerHandle } from '../lib/clock.ts';
import { errorMessage, StewardError } from '../lib/errors.ts';
import {
  canonicalRecord,
  formatMicroTime,
  type LeaderElectionRecord,
  type LeaseLock,
} from './lease-lock.ts';
import { nopLogger, type Logger } from '../lib/logger.ts';

/** client-go's JitterFactor for the acquire loop and the config check. */
export const JITTER_FACTOR = 1.2;

/** Lifecycle callbacks of a LeaderElector. */
export interface LeaderCallbacks {
  /** Called once leadership is acquired; `signal` aborts the moment leadership is lost or given up. */
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
}

type Settings = Required<Omit<LeaderElectorOptions, 'callbacks' | 'lock' | 'clock'>>;

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
 */
export class LeaderElector {
  private readonly lock: LeaseLock;
  private readonly clock: Clock;
  private readonly callbacks: LeaderCallbacks;
  private readonly cfg: Settings;
  private observed: LeaderElectionRecord | null = null;
  private observedRaw = '';
  private observedTime = 0;
  private observedRv = '';
  private reportedLeader: string | null = null;
  private leading = false;
  private lastAttemptStart = 0;

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
  }

  /** True while this process leads (between onStartedLeading and the abort of its signal). */
  isLeader(): boolean {
    return this.leading;
  }

  /** Identity of the last observed holder ('' if none observed yet or released). */
  getLeader(): string {
    return this.observed?.holderIdentity ?? '';
  }

  /** Acquires, leads until the lease is lost or `signal` aborts, then returns (never re-acquires). */
  async run(signal: AbortSignal): Promise<void> {
    try {
      if (!(await this.acquire(signal))) return;
      const leadership = new AbortController();
      this.leading = true;
      this.safely('onStartedLeading', () => this.callbacks.onStartedLeading(leadership.signal));
      await this.renewLoop(signal, () => {
        this.leading = false;
        leadership.abort(
          new StewardError('LEADERSHIP_LOST', `stopped leading ${this.lock.describe()}`),
        );
      });
      if (this.cfg.releaseOnCancel) await this.releaseWithin(this.cfg.renewDeadlineMs);
    } finally {
      this.leading = false;
      this.safely('onStoppedLeading', () => this.callbacks.onStoppedLeading());
    }
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
      const ok = await raceAbort(
        this.tryAcquireOrRenew(),
        AbortSignal.any([signal, timeout.signal]),
      );
      if (timeout.signal.aborted && !signal.aborted)
        this.cfg.logger.warn('lease attempt timed out', { lease: this.lock.describe() });
      return ok;
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  /** Renews every RetryPeriod; calls `stop` at the first of: cancel, deadline passed, lease taken. */
  private async renewLoop(signal: AbortSignal, stop: () => void): Promise<void> {
    const lost = new AbortController();
    const both = AbortSignal.any([signal, lost.signal]);
    let deadline: TimerHandle | null = null;
    const arm = (fromMs: number): void => {
      if (deadline) this.clock.clearTimeout(deadline);
      const wait = fromMs + this.cfg.renewDeadlineMs - this.clock.now();
      deadline = this.clock.setTimeout(() => lost.abort(), wait);
    };
    arm(this.lastAttemptStart);
    while (await this.sleep(this.cfg.retryPeriodMs, both)) {
      const started = this.clock.now();
      const ok = await raceAbort(this.tryAcquireOrRenew(), both);
      if (both.aborted) break;
      this.maybeReportTransition();
      if (ok === true) arm(started);
      else if (this.observed && this.observed.holderIdentity !== this.cfg.identity) break;
    }
    if (deadline) this.clock.clearTimeout(deadline);
    if (lost.signal.aborted)
      this.cfg.logger.error('failed to renew lease within the renew deadline', {
        lease: this.lock.describe(),
      });
    stop();
  }

  /** One step of client-go's tryAcquireOrRenew; returns true if we now hold the lease. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock.now();
    this.lastAttemptStart = now;
    const desired: LeaderElectionRecord = {
      holderIdentity: this.cfg.identity,
      leaseDurationSeconds: Math.ceil(this.cfg.leaseDurationMs / 1000),
      acquireTime: formatMicroTime(now),
      renewTime: formatMicroTime(now),
      leaseTransitions: 0,
    };
    if (this.observed && this.holderIsMe() && this.leaseValid(now)) {
      // Fast path: update optimistically with the resourceVersion we last saw.
      const fast = {
        ...desired,
        acquireTime: this.observed.acquireTime,
        leaseTransitions: this.observed.leaseTransitions,
      };
      if (await this.write(fast, 'optimistic update')) return true;
    }
    const current = await this.attempt('get', () => this.lock.get());
    if (current === undefined) return false;
    if (current === null) return this.write(desired, 'create');
    this.observedRv = current.resourceVersion;
    if (canonicalRecord(current.record) !== this.observedRaw) this.setObserved(current.record);
    const holder = current.record.holderIdentity;
    if (holder !== '' && holder !== this.cfg.identity && this.leaseValid(now)) return false;
    if (holder === this.cfg.identity) {
      desired.acquireTime = current.record.acquireTime;
      desired.leaseTransitions = current.record.leaseTransitions;
    } else {
      desired.leaseTransitions = current.record.leaseTransitions + 1;
    }
    return this.write(desired, 'update');
  }

  private async write(
    record: LeaderElectionRecord,
    what: 'create' | 'update' | 'optimistic update',
  ): Promise<boolean> {
    const rv = await this.attempt(what, () =>
      what === 'create' ? this.lock.create(record) : this.lock.update(record, this.observedRv),
    );
    if (rv === undefined) return false;
    this.observedRv = rv;
    this.setObserved(record);
    return true;
  }

  private async releaseWithin(ms: number): Promise<void> {
    const timeout = new AbortController();
    const timer = this.clock.setTimeout(() => timeout.abort(), ms);
    await raceAbort(this.release(), timeout.signal);
    this.clock.clearTimeout(timer);
  }

  /** Gives the lease up (holder '', duration 1 s) so another candidate can take it at once. */
  private async release(): Promise<void> {
    if (!this.observed || !this.holderIsMe()) return;
    const now = formatMicroTime(this.clock.now());
    const record: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: this.observed.leaseTransitions,
    };
    await this.write(record, 'update');
  }

  private async attempt<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      this.cfg.logger.warn(`lease ${what} failed`, {
        lease: this.lock.describe(),
        error: errorMessage(err),
      });
      return undefined;
    }
  }

  private setObserved(record: LeaderElectionRecord): void {
    this.observed = { ...record };
    this.observedRaw = canonicalRecord(record);
    this.observedTime = this.clock.now();
  }

  private holderIsMe(): boolean {
    return this.observed?.holderIdentity === this.cfg.identity;
  }

  private leaseValid(now: number): boolean {
    const seconds = this.observed?.leaseDurationSeconds ?? 0;
    return this.observedTime + seconds * 1000 > now;
  }

  private maybeReportTransition(): void {
    const holder = this.observed?.holderIdentity;
    if (holder === undefined || holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    this.safely('onNewLeader', () => this.callbacks.onNewLeader?.(holder));
  }

  private async sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    try {
      await this.clock.sleep(ms, signal);
      return true;
    } catch {
      return false;
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

/** Resolves with the promise's value, or with undefined as soon as `signal` aborts. */
function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
