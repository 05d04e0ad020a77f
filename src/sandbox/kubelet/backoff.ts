// Pure restart back-off as the kubelet does it (client-go flowcontrol.Backoff): the first
// restart is immediate, later ones wait initial, 2×, 4× ... up to max; an entry unused for
// `resetMs` expires.

/** Back-off configuration. */
export interface BackoffConfig {
  initialMs: number;
  maxMs: number;
  resetMs: number;
}

/** Per-container back-off entry. */
export interface BackoffEntry {
  backoffMs: number;
  lastUpdate: number;
}

/** Outcome of asking whether a container may (re)start now. */
export type RestartDecision =
  { start: true; entry: BackoffEntry } | { start: false; waitMs: number; backoffMs: number };

const expired = (eventTime: number, entry: BackoffEntry, cfg: BackoffConfig): boolean =>
  eventTime - entry.lastUpdate > cfg.resetMs;

/** Decides a restart after a container finished at `finishedAt` (upstream doBackOff). */
export function decideRestart(
  entry: BackoffEntry | undefined,
  finishedAt: number,
  now: number,
  cfg: BackoffConfig,
): RestartDecision {
  if (entry && !expired(finishedAt, entry, cfg) && now - finishedAt < entry.backoffMs) {
    return { start: false, waitMs: finishedAt + entry.backoffMs - now, backoffMs: entry.backoffMs };
  }
  const fresh = !entry || expired(now, entry, cfg);
  const backoffMs = fresh ? cfg.initialMs : Math.min(entry.backoffMs * 2, cfg.maxMs);
  return { start: true, entry: { backoffMs, lastUpdate: now } };
}

/** Formats a duration as Go's time.Duration.String does (10s, 1m20s, 5m0s, 500ms). */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${String(ms)}ms`;
  const totalS = ms / 1000;
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = Number((totalS % 60).toFixed(3));
  if (h > 0) return `${String(h)}h${String(m)}m${String(s)}s`;
  if (m > 0) return `${String(m)}m${String(s)}s`;
  return `${String(s)}s`;
}

/** The CrashLoopBackOff message (`back-off 10s restarting failed container=c pod=p_ns(uid)`). */
export function crashLoopMessage(
  backoffMs: number,
  container: string,
  pod: { name: string; namespace: string; uid: string },
): string {
  return `back-off ${goDuration(backoffMs)} restarting failed container=${container} pod=${pod.name}_${pod.namespace}(${pod.uid})`;
}
