// Stops a container instance as the kubelet does: preStop hook within the grace period, SIGTERM
// to its process group, SIGKILL when the grace period runs out (at least 2 s after SIGTERM).
import type { Clock } from '../../lib/clock.ts';
import type { ExecTarget } from './exec.ts';
import { runHandler } from './prober.ts';
import { signalGroup } from './runtime.ts';
import type { Container } from './types.ts';

/** Upstream's minimum time between SIGTERM and SIGKILL. */
export const MIN_GRACE_MS = 2_000;

/** What stopping needs about the instance. */
export interface StopTarget {
  container: Container;
  exec: ExecTarget & { podIP: string };
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

/** Time left for SIGTERM after a preStop hook took `hookMs` of `graceMs`. */
export function termWindow(graceMs: number, hookMs: number): number {
  return Math.max(graceMs - hookMs, MIN_GRACE_MS);
}

function raceTimeout(p: Promise<void>, ms: number, clock: Clock): Promise<boolean> {
  return new Promise((resolve) => {
    const t = clock.setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clock.clearTimeout(t);
      resolve(true);
    });
  });
}

/** Runs the stop sequence; `onHookFailed` receives the preStop error text. */
export async function stopContainer(
  t: StopTarget,
  graceMs: number,
  clock: Clock,
  onHookFailed: (message: string) => void,
): Promise<void> {
  const began = clock.now();
  const hook = t.container.lifecycle?.preStop;
  if (hook && graceMs > 0) {
    const run = runHandler(hook, t.container, t.exec, graceMs).then((out) => {
      if (!out.ok) onHookFailed(out.output);
    });
    await raceTimeout(run, graceMs, clock);
  }
  signalGroup(t.exec.pid, 'SIGTERM');
  const window = graceMs === 0 ? 0 : termWindow(graceMs, clock.now() - began);
  if (!(await raceTimeout(t.exited, window, clock))) signalGroup(t.exec.pid, 'SIGKILL');
  await raceTimeout(t.exited, 5_000, clock);
}
