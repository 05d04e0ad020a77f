// Which process the data directory's postmaster.pid names, and whether it really is that postmaster.
import { basename, join } from 'node:path';
import type { ProcFs, ProcInfo } from './proc-fs.ts';

/** What postmaster.pid led to. Only a `verified` PID is ever signalled on the file's word. */
export type PostmasterCheck =
  | { readonly status: 'verified'; readonly pid: number }
  | { readonly status: 'no-pid-file' }
  | { readonly status: 'invalid-pid-file'; readonly reason: string }
  | { readonly status: 'not-running'; readonly pid: number }
  | { readonly status: 'refused'; readonly pid: number; readonly reason: string };

/** Executable names of the PostgreSQL server (`postmaster` is the old alias). */
const SERVER_NAMES = new Set(['postgres', 'postmaster']);

/** True when a process runs the PostgreSQL server binary (postmaster or any of its children). */
export function isServerProcess(p: ProcInfo): boolean {
  return SERVER_NAMES.has(p.comm);
}

/** True when a process has exited (gone, zombie, or dead). */
export function isGone(p: ProcInfo | undefined): boolean {
  return !p || p.state === 'Z' || p.state === 'X';
}

/** PID on the first line of postmaster.pid (a single-user backend writes it negated). */
export function parsePidFile(text: string): number | undefined {
  const first = text.split('\n', 1)[0]?.trim() ?? '';
  if (!/^-?\d+$/.test(first)) return undefined;
  const pid = Math.abs(Number(first));
  return pid > 0 ? pid : undefined;
}

/**
 * Reads `<dataDir>/postmaster.pid` and checks that its PID is a live PostgreSQL server whose
 * working directory is this data directory (the postmaster chdirs there at start). The check
 * guards against a stale file whose PID the kernel has since given to an unrelated process.
 * Where the working directory cannot be read (no ptrace access), `-D <dir>` on the command line
 * is accepted instead (absolute paths only).
 */
export function checkPostmaster(fs: ProcFs, dataDir: string, realDir: string): PostmasterCheck {
  const text = fs.readFile(join(dataDir, 'postmaster.pid'));
  if (text === undefined) return { status: 'no-pid-file' };
  const pid = parsePidFile(text);
  if (pid === undefined) return { status: 'invalid-pid-file', reason: 'first line is not a PID' };
  const info = fs.stat(pid);
  if (isGone(info)) return { status: 'not-running', pid };
  if (!isServerProcess(info!)) {
    return { status: 'refused', pid, reason: `process ${pid} is ${info!.comm}, not postgres` };
  }
  const dir = serverDataDir(fs, pid);
  if (dir === undefined) {
    return { status: 'refused', pid, reason: `cannot tell the data directory of process ${pid}` };
  }
  if (dir !== realDir) {
    return { status: 'refused', pid, reason: `process ${pid} serves ${dir}, not ${realDir}` };
  }
  return { status: 'verified', pid };
}

/** Data directory a server process works in: its cwd, else the resolved `-D` argument. */
export function serverDataDir(fs: ProcFs, pid: number): string | undefined {
  const cwd = fs.cwd(pid);
  if (cwd !== undefined) return cwd;
  const argv = fs.cmdline(pid) ?? [];
  if (!SERVER_NAMES.has(basename(argv[0] ?? ''))) return undefined;
  const i = argv.indexOf('-D');
  const arg = i >= 0 ? argv[i + 1] : undefined;
  // A relative -D is relative to the server's cwd, which we could not read.
  return arg?.startsWith('/') ? fs.realpath(arg) : undefined;
}
