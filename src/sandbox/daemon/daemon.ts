// Background lifecycle of the sandbox: start a detached foreground process, stop it, ask how it is.
import { rm } from 'node:fs/promises';
import type { Clock } from '../../lib/clock.ts';
import { StewardError } from '../../lib/errors.ts';
import { probeReady, type ProbeTarget } from './health.ts';
import { inspectSandbox, readStateFile } from './inspect.ts';
import { fileSize, formatLogTail, readLogTail } from './log-tail.ts';
import { sandboxPaths, type SandboxPaths } from './paths.ts';
import { removePidFile, writePidFile } from './pidfile.ts';
import { ensureLoopbackHost, ensurePortFree, ensureWritableDir } from './preflight.ts';
import type { ProcessProbe } from './process-probe.ts';
import type { ChildExit, DaemonChild, Launcher } from './spawn.ts';
import { stopProcess, type Kill, type StopOutcome } from './stop.ts';
import { ensureAdminToken, type RandomBytes } from './token.ts';

/** Everything the daemon touches outside memory; injected so tests can fake it. */
export interface DaemonDeps {
  probe: ProcessProbe;
  clock: Clock;
  kill: Kill;
  randomBytes: RandomBytes;
  spawn: (launcher: Launcher, args: readonly string[], logFile: string) => DaemonChild;
  /** Receives notices for the user ("removed stale pid file …"). */
  report: (line: string) => void;
}

/** Options of {@link startDaemon}. */
export interface StartOptions {
  dir: string;
  cwd: string;
  host: string;
  port: number;
  /** How to run this CLI again (the child runs `sandbox up --foreground`). */
  launcher: Launcher;
  /** How long to wait for GET /readyz to answer 200. */
  readyTimeoutMs: number;
  /** Cluster shape and timing preset passed on to the foreground process. */
  cluster?: ClusterOptions;
}

/** Number of nodes and the timing preset of a sandbox. */
export interface ClusterOptions {
  nodes: number;
  timings: 'upstream' | 'compressed';
}

/** A sandbox running in the background. */
export interface StartedSandbox {
  pid: number;
  url: string;
  paths: SandboxPaths;
}

const READY_POLL_MS = 100;
const TAIL_LINES = 15;

/** Starts the sandbox as a detached process and waits until it is ready. */
export async function startDaemon(opts: StartOptions, deps: DaemonDeps): Promise<StartedSandbox> {
  const paths = sandboxPaths(opts.dir, opts.cwd);
  ensureLoopbackHost(opts.host);
  await ensureWritableDir(paths.dir);
  await ensureNotRunning(paths, deps);
  await ensurePortFree(opts.host, opts.port);
  const token = await ensureAdminToken(paths.adminToken, deps.randomBytes);
  const logStart = await fileSize(paths.logFile);
  const args = foregroundArgs(paths.dir, opts.host, opts.port, opts.cluster);
  const child = deps.spawn(opts.launcher, args, paths.logFile);
  await writePidFile(paths.pidFile, child.pid);
  try {
    const url = await waitForReady(child, { paths, token, logStart, ...opts }, deps);
    child.release();
    return { pid: child.pid, url, paths };
  } catch (err) {
    if (!child.exit()) await stopProcess(child.pid, 5000, deps);
    child.release();
    await cleanupFiles(paths);
    throw err;
  }
}

/** Arguments that make the CLI run the sandbox in the foreground. */
export function foregroundArgs(
  dir: string,
  host: string,
  port: number,
  cluster?: ClusterOptions,
): string[] {
  const args = [
    'sandbox',
    'up',
    '--foreground',
    '--dir',
    dir,
    '--host',
    host,
    '--port',
    String(port),
  ];
  if (cluster) args.push('--nodes', String(cluster.nodes), '--timings', cluster.timings);
  return args;
}

/** Fails with ALREADY_RUNNING for a live sandbox; removes a stale pid file (and says so). */
export async function ensureNotRunning(
  paths: SandboxPaths,
  deps: Pick<DaemonDeps, 'probe' | 'report'>,
  self?: number,
): Promise<void> {
  const state = await inspectSandbox(paths, deps.probe);
  if (state.kind === 'running' && state.pid !== self) {
    const where = state.url ? ` at ${state.url}` : '';
    throw new StewardError(
      'ALREADY_RUNNING',
      `sandbox is already running (pid ${state.pid}${where}); stop it with "steward sandbox down --dir ${paths.dir}"`,
    );
  }
  if (state.kind === 'stale') {
    deps.report(`removing stale pid file: ${state.reason}`);
    await cleanupFiles(paths);
  }
}

interface WaitContext {
  paths: SandboxPaths;
  token: string;
  logStart: number;
  readyTimeoutMs: number;
}

async function waitForReady(
  child: DaemonChild,
  ctx: WaitContext,
  deps: DaemonDeps,
): Promise<string> {
  const deadline = deps.clock.now() + ctx.readyTimeoutMs;
  let target: ProbeTarget | undefined;
  let last = 'the sandbox has not reported its address yet';
  for (;;) {
    const ended = child.exit();
    if (ended)
      throw await startupFailure(
        ctx,
        `the sandbox process ${describeExit(ended)} before it was ready`,
      );
    const state = target === undefined ? await readStateFile(ctx.paths.stateFile) : undefined;
    if (state?.pid === child.pid)
      target = { url: state.url, token: ctx.token, caCert: state.caCert };
    if (target !== undefined) {
      const probe = await probeReady(target, 2000);
      if (probe.ready) return target.url;
      last = `GET ${target.url}/readyz: ${probe.detail}`;
    }
    if (deps.clock.now() >= deadline) {
      const secs = ctx.readyTimeoutMs / 1000;
      throw await startupFailure(
        ctx,
        `the sandbox was not ready within ${secs}s (${last}); stopped it`,
      );
    }
    await deps.clock.sleep(READY_POLL_MS);
  }
}

async function startupFailure(ctx: WaitContext, what: string): Promise<StewardError> {
  const tail = await readLogTail(ctx.paths.logFile, ctx.logStart, TAIL_LINES);
  return new StewardError('START_FAILED', `${what}; ${formatLogTail(ctx.paths.logFile, tail)}`);
}

function describeExit(e: ChildExit): string {
  if (e.signal) return `was killed by ${e.signal}`;
  return e.code === null ? 'could not be started' : `exited with code ${e.code}`;
}

/** Removes the pid and state files. */
export async function cleanupFiles(paths: SandboxPaths): Promise<void> {
  await removePidFile(paths.pidFile);
  await rm(paths.stateFile, { force: true });
}

/** Result of {@link stopDaemon}. */
export type StopResult =
  { kind: 'not-running' } | { kind: 'stopped'; pid: number; how: StopOutcome };

/** Stops the sandbox of a directory by the pid in its pid file; idempotent. */
export async function stopDaemon(
  opts: { dir: string; cwd: string; graceMs: number },
  deps: Pick<DaemonDeps, 'probe' | 'clock' | 'kill' | 'report'>,
): Promise<StopResult> {
  const paths = sandboxPaths(opts.dir, opts.cwd);
  const state = await inspectSandbox(paths, deps.probe);
  switch (state.kind) {
    case 'stopped':
      return { kind: 'not-running' };
    case 'stale':
      deps.report(`removing stale pid file: ${state.reason}`);
      await cleanupFiles(paths);
      return { kind: 'not-running' };
    case 'running': {
      const how = await stopProcess(state.pid, opts.graceMs, deps);
      await cleanupFiles(paths);
      return { kind: 'stopped', pid: state.pid, how };
    }
  }
}
