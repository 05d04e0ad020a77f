// Pure probe bookkeeping: upstream defaults and the success/failure thresholds of a prober worker.
import type { Probe } from './types.ts';

/** A probe's timing with upstream defaults applied, in milliseconds. */
export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** The three kinds of probes. */
export type ProbeKind = 'startup' | 'readiness' | 'liveness';

/** Upstream defaults: delay 0, timeout 1 s, period 10 s, success 1, failure 3. */
export function probeTiming(p: Probe): ProbeTiming {
  return {
    initialDelayMs: (p.initialDelaySeconds ?? 0) * 1000,
    periodMs: (p.periodSeconds ?? 10) * 1000,
    timeoutMs: (p.timeoutSeconds ?? 1) * 1000,
    successThreshold: p.successThreshold ?? 1,
    failureThreshold: p.failureThreshold ?? 3,
  };
}

/** A prober worker's state: the last reported result and the current run of equal outcomes. */
export interface ProbeState {
  result: boolean;
  run: number;
  lastOk: boolean | undefined;
}

/** The initial result: readiness and startup start failed, liveness starts passing. */
export function initialProbeState(kind: ProbeKind): ProbeState {
  return { result: kind === 'liveness', run: 0, lastOk: undefined };
}

/** Records one probe outcome; the result flips only after `successThreshold`/`failureThreshold` in a row. */
export function recordProbe(s: ProbeState, ok: boolean, t: ProbeTiming): ProbeState {
  const run = s.lastOk === ok ? s.run + 1 : 1;
  const threshold = ok ? t.successThreshold : t.failureThreshold;
  const result = run >= threshold ? ok : s.result;
  return { result, run, lastOk: ok };
}

/** Delay before the next probe: the initial delay at first, then the period. */
export function nextProbeDelay(t: ProbeTiming, sinceStartMs: number, first: boolean): number {
  if (first) return Math.max(0, t.initialDelayMs - sinceStartMs);
  return t.periodMs;
}

/** The Unhealthy event message (`Liveness probe failed: ...`). */
export function unhealthyMessage(kind: ProbeKind, output: string): string {
  const name = kind[0]?.toUpperCase() + kind.slice(1);
  return `${name} probe failed: ${output}`;
}
