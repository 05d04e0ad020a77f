// Runs a container's startup, readiness and liveness probes on their schedules; the startup
// probe holds the others back until it succeeds.
import type { Clock, TimerHandle } from '../../lib/clock.ts';
import type { ExecTarget } from './exec.ts';
import {
  initialProbeState,
  nextProbeDelay,
  probeTiming,
  recordProbe,
  type ProbeKind,
  type ProbeState,
} from './probe-state.ts';
import { runHandler } from './prober.ts';
import type { Container, Probe } from './types.ts';

/** What the probe loop reports to its pod worker. */
export interface ProbeHost {
  /** The running instance to probe, or undefined when it is gone. */
  target(): (ExecTarget & { podIP: string }) | undefined;
  /** A probe's result changed (after its thresholds). */
  onResult(kind: ProbeKind, result: boolean, output: string): void;
  /** One probe attempt failed (the Unhealthy event). */
  onAttemptFailed(kind: ProbeKind, output: string): void;
}

const KINDS: ProbeKind[] = ['startup', 'readiness', 'liveness'];

const probeOf = (c: Container, kind: ProbeKind): Probe | undefined =>
  kind === 'startup' ? c.startupProbe : kind === 'readiness' ? c.readinessProbe : c.livenessProbe;

/** The probes of one container instance. */
export class ContainerProbes {
  private readonly c: Container;
  private readonly host: ProbeHost;
  private readonly clock: Clock;
  private readonly timers = new Map<ProbeKind, TimerHandle>();
  private readonly states = new Map<ProbeKind, ProbeState>();
  private stopped = false;
  private started: boolean;

  constructor(c: Container, host: ProbeHost, clock: Clock) {
    this.c = c;
    this.host = host;
    this.clock = clock;
    this.started = !c.startupProbe;
  }

  /** Schedules the first run of each probe (initial delay from now). */
  start(): void {
    for (const kind of KINDS) {
      const p = probeOf(this.c, kind);
      if (!p) continue;
      this.states.set(kind, initialProbeState(kind));
      this.schedule(kind, nextProbeDelay(probeTiming(p), 0, true));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) this.clock.clearTimeout(t);
    this.timers.clear();
  }

  private schedule(kind: ProbeKind, ms: number): void {
    if (this.stopped) return;
    this.timers.set(
      kind,
      this.clock.setTimeout(() => void this.tick(kind), ms),
    );
  }

  private async tick(kind: ProbeKind): Promise<void> {
    const p = probeOf(this.c, kind);
    const target = this.host.target();
    if (!p || !target || this.stopped) return;
    const t = probeTiming(p);
    if (kind !== 'startup' && !this.started) return this.schedule(kind, t.periodMs);
    const out = await runHandler(p, this.c, target, t.timeoutMs);
    if (this.stopped) return;
    const prev = this.states.get(kind) ?? initialProbeState(kind);
    const next = recordProbe(prev, out.ok, t);
    this.states.set(kind, next);
    if (!out.ok) this.host.onAttemptFailed(kind, out.output);
    // A startup probe starts "failed": it fails for good only after failureThreshold misses in a row.
    const startupGaveUp = kind === 'startup' && !out.ok && next.run >= t.failureThreshold;
    const changed =
      next.result !== prev.result ||
      (kind === 'readiness' && prev.lastOk === undefined) ||
      startupGaveUp;
    if (changed) this.host.onResult(kind, next.result, out.output);
    if (kind === 'startup' && next.result) {
      this.started = true;
      return;
    }
    if (startupGaveUp || (kind === 'liveness' && !next.result)) return;
    this.schedule(kind, t.periodMs);
  }
}
