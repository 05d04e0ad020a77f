// Follows a pod watch stream and records, per pod, when it was first seen and when it first
// turned Ready (watch-receive times from performance.now()), and the node it runs on.

/** Watch-observed times of one pod (ms, performance.now() clock). */
export interface PodTimes {
  seen: number;
  /** First seen with spec.nodeName set. */
  scheduled?: number;
  ready?: number;
  node?: string;
}

interface WatchedPod {
  metadata?: { name?: string };
  spec?: { nodeName?: string };
  status?: { conditions?: { type?: string; status?: string }[] };
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: WatchedPod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Pod times keyed by pod name, fed with watch lines. */
export class PodTracker {
  private readonly pods = new Map<string, PodTimes>();
  private readonly listeners: (() => void)[] = [];

  /** Applies one watch event line received at `at`. */
  observe(line: string, at: number): void {
    let ev: { type?: string; object?: WatchedPod };
    try {
      ev = JSON.parse(line) as typeof ev;
    } catch {
      return;
    }
    const name = ev.object?.metadata?.name;
    if (name === undefined || ev.type === 'BOOKMARK' || ev.type === 'ERROR') return;
    if (ev.type === 'DELETED') this.pods.delete(name);
    else {
      const t = this.pods.get(name) ?? { seen: at };
      const node = ev.object?.spec?.nodeName;
      if (node) {
        t.node = node;
        t.scheduled ??= at;
      }
      if (t.ready === undefined && ev.object && isPodReady(ev.object)) t.ready = at;
      this.pods.set(name, t);
    }
    for (const l of this.listeners.splice(0)) l();
  }

  /** Pods present (not deleted). */
  count(): number {
    return this.pods.size;
  }

  /** Pods that have been Ready at least once. */
  readyCount(): number {
    let n = 0;
    for (const t of this.pods.values()) if (t.ready !== undefined) n++;
    return n;
  }

  /** All pods' times. */
  times(): PodTimes[] {
    return [...this.pods.values()];
  }

  /** Pod names with their times. */
  entries(): [string, PodTimes][] {
    return [...this.pods.entries()];
  }

  /** Pods per node name. */
  perNode(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.pods.values()) if (t.node) out[t.node] = (out[t.node] ?? 0) + 1;
    return out;
  }

  /** Resolves when `done()` holds after an event (or now); rejects after `timeoutMs`. */
  until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}`)),
        timeoutMs,
      );
      const check = (): void => {
        if (!done()) return void this.listeners.push(check);
        clearTimeout(timer);
        resolve();
      };
      check();
    });
  }
}

/** StatefulSet pods `<set>-<i>` (i ≥ 1) first seen before `<set>-<i-1>` was Ready (0 when ordered). */
export function countOutOfOrder(set: string, pods: readonly [string, PodTimes][]): number {
  const byName = new Map(pods);
  let n = 0;
  for (const [name, t] of pods) {
    const m = /^(.*)-(\d+)$/.exec(name);
    if (!m || m[1] !== set || m[2] === '0') continue;
    const before = byName.get(`${set}-${String(Number(m[2]) - 1)}`);
    if (before?.ready === undefined || t.seen < before.ready) n++;
  }
  return n;
}
