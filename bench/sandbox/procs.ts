// Kernel view of the sandbox's processes: the control plane, its kubelets (one per node, PIDs in
// DIR/nodes/<node>/kubelet.pid) and their containers (DIR/nodes/<node>/pids.json), from /proc.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCpuMs, parseVmBytes, type ProcStats } from '../apiserver/server-child.ts';

/** Resident memory (RSS, and PSS: shared pages divided among sharers) and CPU time summed over a
 * group of processes. */
export interface GroupStats {
  count: number;
  rssBytes: number;
  pssBytes: number;
  cpuMs: number;
}

/** Proportional set size of a process (bytes), 0 when unreadable. */
export function readPssBytes(pid: number): number {
  try {
    return parseVmBytes(readFileSync(`/proc/${String(pid)}/smaps_rollup`, 'utf8'), 'Pss');
  } catch {
    return 0;
  }
}

/** /proc figures of one process, or undefined when it is gone. */
export function readProcStats(pid: number): ProcStats | undefined {
  try {
    const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
    return {
      rssBytes: parseVmBytes(status, 'VmRSS'),
      hwmBytes: parseVmBytes(status, 'VmHWM'),
      cpuMs: parseCpuMs(readFileSync(`/proc/${String(pid)}/stat`, 'utf8')),
    };
  } catch {
    return undefined;
  }
}

/** Sums the figures of the processes still alive among `pids`. */
export function groupStats(pids: readonly number[]): GroupStats {
  const out: GroupStats = { count: 0, rssBytes: 0, pssBytes: 0, cpuMs: 0 };
  for (const pid of pids) {
    const s = readProcStats(pid);
    if (!s) continue;
    out.count++;
    out.rssBytes += s.rssBytes;
    out.pssBytes += readPssBytes(pid);
    out.cpuMs += s.cpuMs;
  }
  return out;
}

/** Parses a pids.json (an array of PIDs); anything else yields no PIDs. */
export function parsePidList(text: string): number[] {
  try {
    const data = JSON.parse(text) as unknown;
    return Array.isArray(data) ? data.filter((p): p is number => Number.isInteger(p)) : [];
  } catch {
    return [];
  }
}

function nodeDirs(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'nodes')).map((n) => join(dir, 'nodes', n));
  } catch {
    return [];
  }
}

const readOr = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** PIDs of the kubelets the sandbox in `dir` started. */
export function kubeletPids(dir: string): number[] {
  return nodeDirs(dir)
    .map((d) => Number(readOr(join(d, 'kubelet.pid')).trim()))
    .filter((p) => Number.isInteger(p) && p > 0);
}

/** PIDs of the container processes the kubelets of `dir` recorded as running. */
export function containerPids(dir: string): number[] {
  return nodeDirs(dir).flatMap((d) => parsePidList(readOr(join(d, 'pids.json'))));
}

/** Start time of a live process (clock ticks since boot, field 22 of /proc/<pid>/stat);
 * undefined when it is gone or a zombie (exited, waiting to be reaped). */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : Number(fields[19]);
  } catch {
    return undefined;
  }
}

/** Remembers processes by PID and start time, so a reused PID is never mistaken for one of them. */
export class ProcessLedger {
  private readonly seen = new Map<number, number>();

  /** Records the processes among `pids` that are alive now. */
  record(pids: readonly number[]): void {
    for (const pid of pids) {
      const start = processStartTicks(pid);
      if (start !== undefined && !this.seen.has(pid)) this.seen.set(pid, start);
    }
  }

  /** Recorded processes still alive (same PID and start time). */
  alive(): number[] {
    return [...this.seen].filter(([pid, t]) => processStartTicks(pid) === t).map(([pid]) => pid);
  }
}
