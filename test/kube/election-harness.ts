// Harness for leader-election tests against an API server: electors that log when they start and
// stop leading, a 50 ms sampler of who leads, and a poller of the Lease as the server holds it.
import type { V1LeaseSpec } from '@kubernetes/client-node';
import { realClock } from '../../src/lib/clock.ts';
import type { KubeClients } from '../../src/kube/config.ts';
import { LeaderElector } from '../../src/kube/leader-elector.ts';
import type { LeaseLock } from '../../src/kube/lease-lock.ts';

/** Election timings of these tests (ms): lease 3 s, renew deadline 2 s, retry 0.5 s. */
export const TIMINGS = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 };

/** One running elector and what happened to it. */
export interface Candidate {
  id: string;
  elector: LeaderElector;
  /** Resolves when `run` returns. */
  done: Promise<void>;
  cancel: AbortController;
  startedAt: number | null;
  /** When its leadership signal aborted. */
  stoppedAt: number | null;
}

/** Starts `elector.run` for `id` over `lock`. */
export function runCandidate(id: string, lock: LeaseLock, releaseOnCancel: boolean): Candidate {
  const cancel = new AbortController();
  const c: Candidate = {
    id,
    cancel,
    startedAt: null,
    stoppedAt: null,
    done: Promise.resolve(),
    elector: new LeaderElector({
      lock,
      identity: id,
      clock: realClock,
      ...TIMINGS,
      releaseOnCancel,
      callbacks: {
        onStartedLeading: (signal) => {
          c.startedAt = Date.now();
          signal.addEventListener('abort', () => (c.stoppedAt = Date.now()), { once: true });
        },
        onStoppedLeading: () => undefined,
      },
    }),
  };
  c.done = c.elector.run(cancel.signal);
  return c;
}

/** A sample: when, and who believed they led. */
export interface Sample {
  at: number;
  leaders: string[];
}

/** Samples `isLeader()` of every candidate every 50 ms. */
export class LeaderSampler {
  readonly samples: Sample[] = [];
  readonly candidates: Candidate[] = [];
  private readonly timer: NodeJS.Timeout;
  constructor() {
    this.timer = setInterval(() => this.sample(), 50);
  }
  /** Takes one sample now. */
  sample(): void {
    const leaders = this.candidates.filter((c) => c.elector.isLeader()).map((c) => c.id);
    this.samples.push({ at: Date.now(), leaders });
  }
  /** Samples in [from, to] whose leader set is not exactly `[id]`. */
  notExactly(id: string, from: number, to: number): Sample[] {
    return this.samples.filter(
      (s) => s.at >= from && s.at <= to && (s.leaders.length !== 1 || s.leaders[0] !== id),
    );
  }
  /** Samples with more than one leader. */
  overlaps(): Sample[] {
    return this.samples.filter((s) => s.leaders.length > 1);
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

/** Reads the Lease every 50 ms; keeps every distinct spec seen, in order. */
export class LeasePoller {
  readonly specs: V1LeaseSpec[] = [];
  private readonly stopper = new AbortController();
  private readonly loop: Promise<void>;
  constructor(c: KubeClients, namespace: string, name: string) {
    this.loop = this.run(c, namespace, name);
  }
  /** The last renewTime (ms) written while `id` held the lease, or 0. */
  lastRenewOf(id: string): number {
    const times = this.specs
      .filter((s) => s.holderIdentity === id)
      .map((s) => Date.parse(String(s.renewTime)));
    return Math.max(0, ...times);
  }
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.loop;
  }
  private async run(c: KubeClients, namespace: string, name: string): Promise<void> {
    let last = '';
    while (!this.stopper.signal.aborted) {
      try {
        const lease = await c.coordination.readNamespacedLease({ name, namespace });
        const text = JSON.stringify(lease.spec);
        if (text !== last && lease.spec) this.specs.push(lease.spec);
        last = text;
      } catch {
        // not created yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
