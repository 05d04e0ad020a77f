// What fencing reads from /proc and the kernel, behind an interface so tests can fake it.
import { readFileSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

/** One process as /proc/<pid>/stat describes it. */
export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  /** Executable name (`postgres` for the postmaster and every backend). */
  readonly comm: string;
  /** R, S, D, T (stopped), Z (zombie), X (dead) … */
  readonly state: string;
  /** Start time in clock ticks since boot: tells a reused PID from the process we saw. */
  readonly startTime: string;
}

/** Synchronous process-table access; every read returns undefined when the process is gone. */
export interface ProcFs {
  listPids(): number[];
  stat(pid: number): ProcInfo | undefined;
  /** Working directory (the postmaster and its children chdir to the data directory). */
  cwd(pid: number): string | undefined;
  /** Command-line arguments (readable even where cwd is not). */
  cmdline(pid: number): string[] | undefined;
  readFile(path: string): string | undefined;
  realpath(path: string): string | undefined;
  /** Sends a signal; false when the process no longer exists. */
  kill(pid: number, signal: NodeJS.Signals): boolean;
}

/** Parses a /proc/<pid>/stat line; the comm field may itself hold spaces and parentheses. */
export function parseStat(line: string): ProcInfo | undefined {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(line.slice(0, open).trim());
  // Fields after comm start at field 3 (state); ppid is field 4, starttime field 22.
  const rest = line.slice(close + 2).split(' ');
  const [state, ppid, startTime] = [rest[0], rest[1], rest[19]];
  if (!Number.isInteger(pid) || !state || !ppid || !startTime) return undefined;
  return { pid, ppid: Number(ppid), comm: line.slice(open + 1, close), state, startTime };
}

function orUndefined<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** The real process table of this host (or of this container's PID namespace). */
export const realProcFs: ProcFs = {
  listPids: () =>
    readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number),
  stat: (pid) =>
    orUndefined(() => parseStat(readFileSync(join('/proc', String(pid), 'stat'), 'utf8'))),
  cwd: (pid) => orUndefined(() => readlinkSync(join('/proc', String(pid), 'cwd'))),
  cmdline: (pid) =>
    orUndefined(() =>
      readFileSync(join('/proc', String(pid), 'cmdline'), 'utf8')
        .split('\0')
        .slice(0, -1),
    ),
  readFile: (path) => orUndefined(() => readFileSync(path, 'utf8')),
  realpath: (path) => orUndefined(() => realpathSync(path)),
  kill(pid, signal) {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  },
};
