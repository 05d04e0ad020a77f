// The elector's view of its Lease: what it last observed, and the single attempts that read and
// write it (client-go's tryAcquireOrRenew and release, plus hand-over and annotation changes).
import type { Clock } from '../lib/clock.ts';
import { errorMessage } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import {
  canonicalRecord,
  formatMicroTime,
  type LeaderElectionRecord,
  type LeaseAnnotations,
  type LeaseLock,
  type ObservedLease,
} from './lease-lock.ts';

/** Annotation changes to publish: a string sets the key, null deletes it. */
export type AnnotationChanges = Record<string, string | null>;

/** Gate consulted before taking a lease we do not hold (null: the lease does not exist). */
export type AcquireGate = (current: LeaderElectionRecord | null) => boolean | Promise<boolean>;

/**
 * Asked about a lease another candidate holds and has not let expire: true when that holder is
 * *known* to be gone (e.g. its process exited and its pod says so), so the lease may be taken now
 * instead of after its duration. Only say true on positive evidence: silence is not death.
 */
export type HolderGone = (current: LeaderElectionRecord) => boolean | Promise<boolean>;

/** Applies `changes` to `annotations` (pure). */
export function applyAnnotationChanges(
  annotations: LeaseAnnotations,
  changes: AnnotationChanges,
): LeaseAnnotations {
  const out = { ...annotations };
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete out[key];
    else out[key] = value;
  }
  return out;
}

/** What an ElectionLease needs. */
export interface ElectionLeaseDeps {
  lock: LeaseLock;
  clock: Clock;
  identity: string;
  leaseDurationMs: number;
  logger: Logger;
  canAcquire?: AcquireGate | undefined;
  holderGone?: HolderGone | undefined;
}

type WriteKind = 'create' | 'update' | 'optimistic update';

/**
 * One candidate's lease state and attempts. Every attempt takes a signal and starts no write once
 * it has aborted (an abandoned attempt may still be running). Callers serialize attempts.
 */
export class ElectionLease {
  /** The last observed record (null before the first observation). */
  observed: LeaderElectionRecord | null = null;
  /** Local time at which the raw record was last seen to change (client-go's observedTime). */
  observedTime = 0;
  /** Start of the last attempt that wrote a record naming us (the renew deadline counts from it). */
  lastSuccessStart = 0;
  private observedRaw = '';
  private observedRv = '';
  private annotations: LeaseAnnotations = {};
  private readonly d: ElectionLeaseDeps;

  constructor(deps: ElectionLeaseDeps) {
    this.d = deps;
  }

  /** Annotations as of the last read or write. */
  observedAnnotations(): LeaseAnnotations {
    return { ...this.annotations };
  }

  /** True if the last observed record names us. */
  holderIsMe(): boolean {
    return this.observed?.holderIdentity === this.d.identity;
  }

  /**
   * One step of client-go's tryAcquireOrRenew; true if we now hold the lease. With `publish`, only
   * renews our own lease (never takes one), applying the annotation changes in the same write.
   */
  async tryAcquireOrRenew(signal: AbortSignal, publish?: AnnotationChanges): Promise<boolean> {
    const now = this.d.clock.now();
    if (this.observed && this.holderIsMe() && this.leaseValid(now)) {
      // Fast path: update optimistically with the resourceVersion we last saw.
      if (await this.renew(this.observed, now, 'optimistic update', signal, publish)) return true;
    }
    const current = await this.attempt('get', () => this.d.lock.get());
    if (current === undefined || signal.aborted) return false;
    if (current !== null) this.observe(current);
    const holder = current?.record.holderIdentity;
    if (current && holder === this.d.identity)
      return this.renew(current.record, now, 'update', signal, publish);
    if (publish) return false;
    if (current && holder !== '' && this.leaseValid(now) && !(await this.gone(current.record)))
      return false;
    if (signal.aborted) return false;
    return this.take(current?.record ?? null, signal);
  }

  /** Writes a record naming `identity` as holder (a new term); false if the lease is not ours. */
  async handOver(identity: string, signal: AbortSignal): Promise<boolean> {
    if (!this.observed || !this.holderIsMe()) return false;
    const now = formatMicroTime(this.d.clock.now());
    const record: LeaderElectionRecord = {
      holderIdentity: identity,
      leaseDurationSeconds: this.observed.leaseDurationSeconds,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: this.observed.leaseTransitions + 1,
    };
    return this.write(record, 'update', signal);
  }

  /** Gives the lease up (holder '', duration 1 s) so another candidate can take it at once. */
  async release(signal: AbortSignal): Promise<void> {
    if (!this.observed || !this.holderIsMe()) return;
    const now = formatMicroTime(this.d.clock.now());
    const record: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: this.observed.leaseTransitions,
    };
    await this.write(record, 'update', signal);
  }

  /** Renews our own lease as read in `of`; `publish` changes go into the same write. */
  private async renew(
    of: LeaderElectionRecord,
    now: number,
    kind: WriteKind,
    signal: AbortSignal,
    publish?: AnnotationChanges,
  ): Promise<boolean> {
    const record: LeaderElectionRecord = {
      ...of,
      holderIdentity: this.d.identity,
      leaseDurationSeconds: this.durationSeconds(),
      renewTime: formatMicroTime(now),
    };
    const annotations = publish && applyAnnotationChanges(this.annotations, publish);
    const ok = await this.write(record, kind, signal, annotations);
    if (ok) this.lastSuccessStart = now;
    return ok;
  }

  /** Creates (current null) or takes over a lease we do not hold, if the gate allows. */
  private async take(current: LeaderElectionRecord | null, signal: AbortSignal): Promise<boolean> {
    if (!(await this.gateAllows(current)) || signal.aborted) return false;
    // Re-read the time: the gate may have taken a while, and the renew deadline counts from here.
    const now = this.d.clock.now();
    const at = formatMicroTime(now);
    const record: LeaderElectionRecord = {
      holderIdentity: this.d.identity,
      leaseDurationSeconds: this.durationSeconds(),
      acquireTime: at,
      renewTime: at,
      leaseTransitions: current ? current.leaseTransitions + 1 : 0,
    };
    const ok = await this.write(record, current ? 'update' : 'create', signal);
    if (ok) this.lastSuccessStart = now;
    return ok;
  }

  private async gone(record: LeaderElectionRecord): Promise<boolean> {
    const check = this.d.holderGone;
    if (!check) return false;
    try {
      if ((await check({ ...record })) !== true) return false;
      this.d.logger.info('the holder is gone: taking the lease before it expires', {
        lease: this.d.lock.describe(),
        holder: record.holderIdentity,
      });
      return true;
    } catch (err) {
      this.d.logger.warn('holderGone threw; waiting for the lease to expire', {
        lease: this.d.lock.describe(),
        error: errorMessage(err),
      });
      return false;
    }
  }

  private async gateAllows(current: LeaderElectionRecord | null): Promise<boolean> {
    const gate = this.d.canAcquire;
    if (!gate) return true;
    try {
      if ((await gate(current && { ...current })) === true) return true;
      this.d.logger.debug('canAcquire declined to take the lease', {
        lease: this.d.lock.describe(),
      });
    } catch (err) {
      this.d.logger.warn('canAcquire threw; not taking the lease', {
        lease: this.d.lock.describe(),
        error: errorMessage(err),
      });
    }
    return false;
  }

  private async write(
    record: LeaderElectionRecord,
    kind: WriteKind,
    signal: AbortSignal,
    annotations?: LeaseAnnotations,
  ): Promise<boolean> {
    if (signal.aborted) return false;
    const rv = await this.attempt(kind, () =>
      kind === 'create'
        ? this.d.lock.create(record, annotations)
        : this.d.lock.update(record, this.observedRv, annotations),
    );
    if (rv === undefined) return false;
    this.observedRv = rv;
    this.setObserved(record);
    if (annotations) this.annotations = { ...annotations };
    else if (kind === 'create') this.annotations = {};
    return true;
  }

  private async attempt<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      this.d.logger.warn(`lease ${what} failed`, {
        lease: this.d.lock.describe(),
        error: errorMessage(err),
      });
      return undefined;
    }
  }

  private observe(current: ObservedLease): void {
    this.observedRv = current.resourceVersion;
    this.annotations = { ...current.annotations };
    if (canonicalRecord(current.record) !== this.observedRaw) this.setObserved(current.record);
  }

  private setObserved(record: LeaderElectionRecord): void {
    this.observed = { ...record };
    this.observedRaw = canonicalRecord(record);
    this.observedTime = this.d.clock.now();
  }

  private leaseValid(now: number): boolean {
    const seconds = this.observed?.leaseDurationSeconds ?? 0;
    return this.observedTime + seconds * 1000 > now;
  }

  private durationSeconds(): number {
    return Math.ceil(this.d.leaseDurationMs / 1000);
  }
}
