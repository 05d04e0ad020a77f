// Test fixtures for the leader elector: contenders over a shared FakeLeaseStore, a fake-time
// stepper, and a lock whose writes take time (to make turns overlap).
import type { Clock, FakeClock } from '../lib/clock.ts';
import { LeaderElector, type LeaderElectorOptions } from './leader-elector.ts';
import type {
  FakeLeaseLock,
  FakeLeaseStore,
  LeaderElectionRecord,
  LeaseAnnotations,
  LeaseLock,
  ObservedLease,
} from './lease-lock.ts';

/** One elector under test and what happened to it. */
export interface Contender {
  name: string;
  elector: LeaderElector;
  lock: FakeLeaseLock;
  ctl: AbortController;
  done: Promise<void>;
  startedAt: number | null;
  lostAt: number | null;
  /** The reason the leadership signal aborted with. */
  lostReason: unknown;
  stoppedCalls: number;
  newLeaders: string[];
}

/** Starts `run` of an elector named `name` over its own lock on `store` (no jitter). */
export function contend(
  name: string,
  store: FakeLeaseStore,
  clock: Clock,
  extra: Partial<LeaderElectorOptions> = {},
): Contender {
  const lock = store.lock();
  const c = {
    name,
    lock,
    ctl: new AbortController(),
    startedAt: null,
    lostAt: null,
    lostReason: undefined,
    stoppedCalls: 0,
    newLeaders: [],
  } as unknown as Contender;
  c.elector = new LeaderElector({
    lock,
    identity: name,
    clock,
    random: () => 0,
    callbacks: {
      onStartedLeading: (signal) => {
        c.startedAt = clock.now();
        signal.addEventListener('abort', () => {
          c.lostAt = clock.now();
          c.lostReason = signal.reason;
        });
      },
      onStoppedLeading: () => c.stoppedCalls++,
      onNewLeader: (id) => c.newLeaders.push(id),
    },
    ...extra,
  });
  c.done = c.elector.run(c.ctl.signal);
  return c;
}

/** Advances fake time in steps until `pred` holds; throws after `maxMs`. Returns the time then. */
export async function stepUntil(
  clock: FakeClock,
  pred: () => boolean,
  maxMs: number,
  step = 100,
): Promise<number> {
  const start = clock.now();
  while (!pred()) {
    if (clock.now() - start > maxMs) throw new Error('condition not reached');
    await clock.advance(step);
  }
  return clock.now();
}

/** A lock whose create/update calls take `writeMs` of (fake) time; counts overlapping writes. */
export class SlowWriteLock implements LeaseLock {
  writeMs: number;
  inFlight = 0;
  maxInFlight = 0;
  private readonly inner: LeaseLock;
  private readonly clock: Clock;
  constructor(inner: LeaseLock, clock: Clock, writeMs: number) {
    this.inner = inner;
    this.clock = clock;
    this.writeMs = writeMs;
  }
  get(): Promise<ObservedLease | null> {
    return this.inner.get();
  }
  create(record: LeaderElectionRecord, annotations?: LeaseAnnotations): Promise<string> {
    return this.slowly(() => this.inner.create(record, annotations));
  }
  update(
    record: LeaderElectionRecord,
    resourceVersion: string,
    annotations?: LeaseAnnotations,
  ): Promise<string> {
    return this.slowly(() => this.inner.update(record, resourceVersion, annotations));
  }
  describe(): string {
    return this.inner.describe();
  }
  private async slowly(fn: () => Promise<string>): Promise<string> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.clock.sleep(this.writeMs);
      return await fn();
    } finally {
      this.inFlight--;
    }
  }
}
