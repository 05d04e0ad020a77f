// Injectable process runner: short commands (initdb, pg_basebackup …) and the long-lived postmaster.
import { spawn, type StdioOptions } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { StewardError } from '../lib/errors.ts';

/** OS identity to run PostgreSQL programs as (PostgreSQL refuses to run as root). */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/** Options of a short command. */
export interface RunOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly runAs?: RunAs;
  readonly cwd?: string;
  /** Killed with SIGKILL after this long. */
  readonly timeoutMs?: number;
}

/** Outcome of a short command (a non-zero exit is a result, not an exception). */
export interface RunResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How a long-lived process ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** Where a long-lived process writes: our own stdout/stderr, or a file. Never a pipe we read:
 * a frozen agent must not be able to block PostgreSQL on a full pipe. */
export type ChildOutput = 'inherit' | { readonly file: string };

/** Options of a long-lived process. */
export interface SpawnOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly runAs?: RunAs;
  readonly cwd?: string;
  readonly output: ChildOutput;
}

/** A long-lived child, leader of its own process group (its PID is the group ID). */
export interface ChildHandle {
  readonly pid: number;
  /** Settles once the process has exited (never rejects). */
  readonly exited: Promise<ChildExit>;
  /** The exit once it happened, undefined while running. */
  exit(): ChildExit | undefined;
}

/** Runs processes; the real one spawns, tests may pass fakes. */
export interface ProcessRunner {
  run(file: string, args: readonly string[], opts?: RunOptions): Promise<RunResult>;
  spawn(file: string, args: readonly string[], opts: SpawnOptions): ChildHandle;
  /** Sends a signal to a process (or its whole group); false when it no longer exists. */
  signal(pid: number, signal: NodeJS.Signals, group?: boolean): boolean;
}

/** Dependencies of the real runner: the environment every child starts from. */
export interface NodeRunnerDeps {
  readonly baseEnv: Readonly<Record<string, string>>;
}

const MAX_OUTPUT = 1 << 20;

/** The real runner, over node:child_process. */
export function createNodeRunner(deps: NodeRunnerDeps): ProcessRunner {
  const common = (o: { env?: Readonly<Record<string, string>>; runAs?: RunAs; cwd?: string }) => ({
    env: { ...deps.baseEnv, ...o.env },
    cwd: o.cwd ?? '/',
    ...(o.runAs ? { uid: o.runAs.uid, gid: o.runAs.gid } : {}),
  });
  return {
    run: (file, args, opts = {}) => runCommand(file, args, { ...common(opts), opts }),
    spawn(file, args, opts) {
      const fd = typeof opts.output === 'object' ? openSync(opts.output.file, 'a', 0o600) : null;
      const stdio: StdioOptions =
        fd === null ? ['ignore', 'inherit', 'inherit'] : ['ignore', fd, fd];
      try {
        const child = spawn(file, [...args], { ...common(opts), stdio, detached: true });
        return handleOf(child, file);
      } finally {
        if (fd !== null) closeSync(fd);
      }
    },
    signal(pid, signal, group = false) {
      try {
        process.kill(group ? -pid : pid, signal);
        return true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
        throw err;
      }
    },
  };
}

function handleOf(child: ReturnType<typeof spawn>, file: string): ChildHandle {
  let result: ChildExit | undefined;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      result = { code, signal };
      resolve(result);
    });
    child.once('error', () => resolve((result ??= { code: null, signal: null })));
  });
  if (child.pid === undefined) throw new StewardError('SPAWN_FAILED', `could not start ${file}`);
  return { pid: child.pid, exited, exit: () => result };
}

function runCommand(
  file: string,
  args: readonly string[],
  o: { env: Record<string, string>; cwd: string; uid?: number; gid?: number; opts: RunOptions },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const { opts, ...spawnOpts } = o;
    const child = spawn(file, [...args], {
      ...spawnOpts,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.timeoutMs === undefined ? {} : { timeout: opts.timeoutMs, killSignal: 'SIGKILL' }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += d;
    });
    child.once('error', (err) =>
      reject(new StewardError('SPAWN_FAILED', `could not run ${file}`, { cause: err })),
    );
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
