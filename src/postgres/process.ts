// PostgreSQL process control: initdb, start (foreground child), stop, reload, wait until ready.
//
// The postmaster runs as our direct child in the foreground (`postgres -D …`), not through
// `pg_ctl start`: the agent is PID 1 and must learn the instant PostgreSQL dies (the child's exit
// event, no polling of a PID file), owns its PID without reading postmaster.pid, and can kill its
// whole process group (backends included) when a stop misses its deadline.
import { chown, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../lib/clock.ts';
import { StewardError } from '../lib/errors.ts';
import type {
  ChildExit,
  ChildHandle,
  ChildOutput,
  ProcessRunner,
  RunAs,
  RunResult,
} from './runner.ts';

/** Where the PostgreSQL programs are and which OS user runs them. */
export interface PgInstall {
  readonly binDir: string;
  readonly runAs?: RunAs;
}

/** What process control needs: a runner and a clock. */
export interface ProcessDeps {
  readonly runner: ProcessRunner;
  readonly clock: Clock;
}

/** A running postmaster, our child and its own process group leader. */
export interface PostgresProcess extends ChildHandle {
  readonly dataDir: string;
}

/** Shutdown modes, as pg_ctl names them (SIGTERM, SIGINT, SIGQUIT). */
export type StopMode = 'smart' | 'fast' | 'immediate';

/** Path of a program in the installation. */
export function pgProgram(pg: PgInstall, name: string): string {
  return join(pg.binDir, name);
}

/** Options passed to every PostgreSQL program run for `pg`. */
export function runOpts(pg: PgInstall, timeoutMs?: number, env?: Record<string, string>) {
  return {
    env: { LC_ALL: 'C', LANG: 'C', ...env },
    ...(pg.runAs ? { runAs: pg.runAs } : {}),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
}

/** Last lines of a command's output, for error messages. */
export function outputTail(r: RunResult, lines = 5): string {
  return `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-lines).join(' | ');
}

/** Version of the server binary (`postgres --version`). */
export async function postgresVersion(
  runner: ProcessRunner,
  pg: PgInstall,
): Promise<{ major: number; version: string }> {
  const r = await runner.run(pgProgram(pg, 'postgres'), ['--version'], runOpts(pg, 10_000));
  const m = /\(PostgreSQL\)\s+((\d+)(?:\.\d+)?)/.exec(r.stdout);
  if (r.code !== 0 || !m?.[1] || !m[2]) {
    throw new StewardError('PG_VERSION_UNKNOWN', `postgres --version failed: ${outputTail(r)}`);
  }
  return { major: Number(m[2]), version: m[1] };
}

/** Options of initdb. */
export interface InitdbOptions {
  readonly dataDir: string;
  readonly superuser: string;
  readonly superuserPassword: string;
  readonly locale?: string;
  readonly timeoutMs?: number;
}

/** Creates a cluster with data checksums and SCRAM; the password goes through a 0600 file. */
export async function initdb(
  runner: ProcessRunner,
  pg: PgInstall,
  o: InitdbOptions,
): Promise<void> {
  const pwfile = `${o.dataDir}.pwfile`;
  await writeFile(pwfile, `${o.superuserPassword}\n`, { mode: 0o600 });
  try {
    if (pg.runAs) await chown(pwfile, pg.runAs.uid, pg.runAs.gid);
    const args = [
      ['-D', o.dataDir],
      ['-U', o.superuser],
      [`--pwfile=${pwfile}`, '--auth=scram-sha-256', '--data-checksums', '--encoding=UTF8'],
      [`--locale=${o.locale ?? 'C.UTF-8'}`],
    ].flat();
    const r = await runner.run(pgProgram(pg, 'initdb'), args, runOpts(pg, o.timeoutMs ?? 120_000));
    if (r.code !== 0) throw new StewardError('INITDB_FAILED', `initdb failed: ${outputTail(r)}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

/** Options of a server start. */
export interface StartOptions {
  readonly dataDir: string;
  readonly output: ChildOutput;
  /** Extra `-c name=value` settings (rarely needed: steward.conf holds the managed ones). */
  readonly settings?: Readonly<Record<string, string>>;
}

/** Starts the postmaster in the foreground as our child; returns at once (see waitUntilReady). */
export function startPostgres(
  runner: ProcessRunner,
  pg: PgInstall,
  o: StartOptions,
): PostgresProcess {
  const args = ['-D', o.dataDir];
  for (const [k, v] of Object.entries(o.settings ?? {})) args.push('-c', `${k}=${v}`);
  const child = runner.spawn(pgProgram(pg, 'postgres'), args, {
    ...runOpts(pg),
    output: o.output,
  });
  return { ...child, dataDir: o.dataDir };
}

const STOP_SIGNAL: Record<StopMode, NodeJS.Signals> = {
  smart: 'SIGTERM',
  fast: 'SIGINT',
  immediate: 'SIGQUIT',
};

/** How a stop ended: the exit, and whether the process group had to be killed. */
export interface StopResult {
  readonly exit: ChildExit;
  readonly killed: boolean;
}

/**
 * Stops the postmaster with `mode`; if it has not exited within `timeoutMs`, SIGKILLs its whole
 * process group (backends too, so none outlives it holding shared memory or accepting queries).
 */
export async function stopPostgres(
  deps: ProcessDeps,
  proc: PostgresProcess,
  o: { mode: StopMode; timeoutMs: number },
): Promise<StopResult> {
  const done = proc.exit();
  if (done) return { exit: done, killed: false };
  deps.runner.signal(proc.pid, STOP_SIGNAL[o.mode]);
  const abort = new AbortController();
  const timedOut = deps.clock.sleep(o.timeoutMs, abort.signal).then(
    () => 'timeout' as const,
    () => 'aborted' as const,
  );
  const first = await Promise.race([proc.exited, timedOut]);
  abort.abort();
  if (first !== 'timeout' && first !== 'aborted') return { exit: first, killed: false };
  deps.runner.signal(proc.pid, 'SIGKILL', true);
  return { exit: await proc.exited, killed: true };
}

/** Kills the postmaster's whole process group at once (for fencing when nothing else will do). */
export function killPostgres(runner: ProcessRunner, proc: PostgresProcess): boolean {
  return runner.signal(proc.pid, 'SIGKILL', true);
}

/** Asks the postmaster to re-read its configuration files (SIGHUP). */
export function reloadPostgres(runner: ProcessRunner, proc: PostgresProcess): boolean {
  return runner.signal(proc.pid, 'SIGHUP');
}

/** Where and how long to wait for a server to accept connections. */
export interface ReadyOptions {
  /** Host name, IP address, or socket directory. */
  readonly host: string;
  readonly port: number;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Fail early if this process exits while we wait. */
  readonly process?: PostgresProcess;
}

/** Polls pg_isready until the server accepts connections; throws PG_NOT_READY or PG_EXITED. */
export async function waitUntilReady(
  deps: ProcessDeps,
  pg: PgInstall,
  o: ReadyOptions,
): Promise<void> {
  const deadline = deps.clock.now() + o.timeoutMs;
  const args = ['-q', '-h', o.host, '-p', String(o.port), '-t', '2'];
  for (;;) {
    const exit = o.process?.exit();
    if (exit) {
      throw new StewardError(
        'PG_EXITED',
        `postgres exited (code ${exit.code}, signal ${exit.signal}) before accepting connections`,
      );
    }
    const r = await deps.runner.run(pgProgram(pg, 'pg_isready'), args, runOpts(pg, 5_000));
    if (r.code === 0) return;
    if (deps.clock.now() >= deadline) {
      throw new StewardError(
        'PG_NOT_READY',
        `postgres on ${o.host}:${o.port} did not accept connections within ${o.timeoutMs} ms`,
      );
    }
    await deps.clock.sleep(o.intervalMs ?? 100);
  }
}
