// Stopping a process by pid: SIGTERM, a grace period, then SIGKILL.
import type { Clock } from '../../lib/clock.ts';
import type { ProcessProbe } from './process-probe.ts';

/** Sends a signal to a pid (process.kill in production). */
export type Kill = (pid: number, signal: NodeJS.Signals) => void;

/** Dependencies of {@link stopProcess}. */
export interface StopDeps {
  probe: ProcessProbe;
  clock: Clock;
  kill: Kill;
}

/** How a process ended: it honoured SIGTERM, needed SIGKILL, or was already gone. */
export type StopOutcome = 'terminated' | 'killed' | 'gone';

/** Polling interval while waiting for a process to exit. */
export const STOP_POLL_MS = 100;

/** SIGTERMs `pid`, waits up to `graceMs` for it to exit, then SIGKILLs it and waits again. */
export async function stopProcess(
  pid: number,
  graceMs: number,
  deps: StopDeps,
): Promise<StopOutcome> {
  if (!signal(pid, 'SIGTERM', deps.kill)) return 'gone';
  if (await waitForExit(pid, graceMs, deps)) return 'terminated';
  signal(pid, 'SIGKILL', deps.kill);
  if (await waitForExit(pid, 5000, deps)) return 'killed';
  throw new Error(`process ${pid} is still alive after SIGKILL`);
}

/** True once `pid` is gone, false if it is still alive after `ms`. */
export async function waitForExit(pid: number, ms: number, deps: StopDeps): Promise<boolean> {
  const deadline = deps.clock.now() + ms;
  for (;;) {
    if (!(await deps.probe.isAlive(pid))) return true;
    if (deps.clock.now() >= deadline) return false;
    await deps.clock.sleep(STOP_POLL_MS);
  }
}

function signal(pid: number, sig: NodeJS.Signals, kill: Kill): boolean {
  try {
    kill(pid, sig);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}
