// The sandbox running in this process: pid file, state file, kubeconfig, clean stop on a signal.
import { rm, writeFile } from 'node:fs/promises';
import { StewardError } from '../../lib/errors.ts';
import type { Sandbox, SandboxOptions } from '../sandbox.ts';
import { ensureNotRunning, type ClusterOptions } from './daemon.ts';
import { COMPRESSED_TIMINGS, UPSTREAM_TIMINGS } from '../config.ts';
import type { SandboxStateFile } from './inspect.ts';
import { buildKubeconfig, writeKubeconfig } from './kubeconfig.ts';
import { sandboxPaths, type SandboxPaths } from './paths.ts';
import { removePidFileIfOwned, writePidFile } from './pidfile.ts';
import { ensureLoopbackHost, ensureWritableDir, errnoCode, portError } from './preflight.ts';
import type { ProcessProbe } from './process-probe.ts';
import { ensureAdminToken, type RandomBytes } from './token.ts';

/** The part of a started sandbox that the daemon uses. */
export type RunningSandbox = Pick<Sandbox, 'url' | 'caCert' | 'close'>;

/** Dependencies of {@link runForeground}. */
export interface ForegroundDeps {
  probe: ProcessProbe;
  randomBytes: RandomBytes;
  startSandbox: (opts: SandboxOptions) => Promise<RunningSandbox>;
  /** This process's pid (written to the pid file). */
  pid: number;
  /** Resolves with the signal name when the process is asked to stop. */
  stopRequested: Promise<string>;
  report: (line: string) => void;
}

/** Options of {@link runForeground}. */
export interface ForegroundOptions {
  dir: string;
  cwd: string;
  host: string;
  port: number;
  cluster?: ClusterOptions;
}

/** Runs the sandbox until `stopRequested` resolves, then closes it and removes its files. */
export async function runForeground(opts: ForegroundOptions, deps: ForegroundDeps): Promise<void> {
  const paths = sandboxPaths(opts.dir, opts.cwd);
  ensureLoopbackHost(opts.host);
  await ensureWritableDir(paths.dir);
  await ensureNotRunning(paths, deps, deps.pid);
  const adminToken = await ensureAdminToken(paths.adminToken, deps.randomBytes);
  await writePidFile(paths.pidFile, deps.pid);
  let sandbox: RunningSandbox;
  try {
    sandbox = await deps.startSandbox({
      dir: paths.dir,
      host: opts.host,
      port: opts.port,
      adminToken,
      // The user's sandbox prefers loopback network 1 (127.1.x.x nodes); tests take others.
      network: 1,
      ...(opts.cluster
        ? {
            nodes: opts.cluster.nodes,
            timings: opts.cluster.timings === 'compressed' ? COMPRESSED_TIMINGS : UPSTREAM_TIMINGS,
          }
        : {}),
    });
  } catch (err) {
    await removePidFileIfOwned(paths.pidFile, deps.pid);
    throw startError(opts, err);
  }
  try {
    await publish(paths, sandbox, adminToken, deps.pid);
    deps.report(`sandbox listening on ${sandbox.url} (pid ${deps.pid})`);
    deps.report(`kubeconfig: ${paths.kubeconfig}`);
    const sig = await deps.stopRequested;
    deps.report(`received ${sig}, stopping the sandbox`);
  } finally {
    await sandbox.close();
    await rm(paths.stateFile, { force: true });
    await removePidFileIfOwned(paths.pidFile, deps.pid);
  }
  deps.report('sandbox stopped');
}

async function publish(
  paths: SandboxPaths,
  sandbox: RunningSandbox,
  token: string,
  pid: number,
): Promise<void> {
  const { url, caCert } = sandbox;
  await writeKubeconfig(paths.kubeconfig, buildKubeconfig({ server: url, token, caCert }));
  const state: SandboxStateFile = { pid, url, caCert };
  await writeFile(paths.stateFile, `${JSON.stringify(state)}\n`, { mode: 0o644 });
}

function startError(opts: ForegroundOptions, err: unknown): StewardError {
  const code = errnoCode(err);
  if (code === 'EADDRINUSE' || code === 'EACCES') return portError(opts.host, opts.port, err);
  if (err instanceof StewardError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new StewardError('START_FAILED', `the sandbox failed to start: ${msg}`, { cause: err });
}
