// The container runtime: a container is a process (own process group) started through
// `unshare --mount` so its volumes can be bind-mounted at their mountPath in a private mount
// namespace; without root it runs directly and finds its volumes through STEWARD_VOLUME_* vars.
// A namespaced container counts as started only once its setup script is about to exec the
// command (a byte on READY_FD), so exec and probes never see a half-built namespace.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  existingAncestor,
  planMounts,
  READY_FD,
  type HostFs,
  type MountSpec,
} from './mount-plan.ts';

export type { MountSpec } from './mount-plan.ts';

/** Everything needed to start a container process. */
export interface LaunchSpec {
  argv: string[];
  env: Record<string, string>;
  workingDir: string | undefined;
  mounts: MountSpec[];
  /** Use a private mount namespace (root only). */
  namespace: boolean;
  /** A host directory of the kubelet for the namespace's tmpfs mounts (see mount-plan.ts). */
  scratch: string;
  /** Where PVCs are mounted on the host: other volumes' mounts there are released in the namespace. */
  volumesRoot?: string;
}

/** Docker's default PATH, used when neither the image nor the container sets one. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** How to start a container; `ready`: the process reports the end of its setup on READY_FD. */
export interface Launch {
  file: string;
  args: string[];
  cwd?: string;
  ready: boolean;
}

/** The program and arguments that start a container (pure; `fs` tells about host paths). */
export function buildLaunch(spec: LaunchSpec, fs: HostFs): Launch {
  const [cmd, ...rest] = spec.argv;
  if (cmd === undefined) throw new Error('container has no command');
  if (!spec.namespace)
    return {
      file: cmd,
      args: rest,
      ...(spec.workingDir ? { cwd: spec.workingDir } : {}),
      ready: false,
    };
  const plan = planMounts(spec.mounts, spec.workingDir, spec.scratch, fs, spec.volumesRoot);
  return {
    ready: true,
    file: 'unshare',
    args: [
      '--mount',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      plan.script,
      'sh',
      cmd,
      ...rest,
    ],
  };
}

/** The real host filesystem. */
export const HOST_FS: HostFs = {
  exists: existsSync,
  canonical(p) {
    const base = existingAncestor(p, existsSync);
    return join(realpathSync(base), relative(base, p));
  },
};

/** How a process ended: an exit code, or the signal that killed it (exit code 128 + n). */
export interface ExitInfo {
  exitCode: number;
  signal?: number;
}

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGTERM: 15,
};

/** Exit info from a child's exit event. */
export function exitInfo(code: number | null, signal: NodeJS.Signals | null): ExitInfo {
  if (signal) {
    const n = SIGNALS[signal] ?? 1;
    return { exitCode: 128 + n, signal: n };
  }
  return { exitCode: code ?? 255 };
}

/** A started process: its PID and start time (see processStartTime). */
export interface Started {
  pid: number;
  procStart: string | undefined;
}

/** Resolves on the first byte or the end of the readiness pipe (EOF: the setup failed and exits). */
function setupFinished(pipe: Readable): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      pipe.destroy();
      resolve();
    };
    pipe.once('data', done);
    pipe.once('end', done);
    pipe.once('error', done);
  });
}

/**
 * Starts a container process with stdout/stderr appended to `logPath`; resolves once its setup
 * is done (or failed). `onExit` may fire before the promise settles.
 */
export async function startProcess(
  spec: LaunchSpec,
  logPath: string,
  onExit: (info: ExitInfo) => void,
): Promise<Started> {
  mkdirSync(spec.scratch, { recursive: true });
  const launch = buildLaunch(spec, HOST_FS);
  mkdirSync(dirname(logPath), { recursive: true });
  const fd = openSync(logPath, 'a');
  const env = { PATH: DEFAULT_PATH, ...spec.env };
  const child = spawn(launch.file, launch.args, {
    env,
    detached: true,
    stdio: ['ignore', fd, fd, ...(launch.ready ? (['pipe'] as const) : [])],
    ...(launch.cwd ? { cwd: launch.cwd } : {}),
  });
  closeSync(fd);
  const pipe = child.stdio[READY_FD] as Readable | null | undefined;
  const ready = pipe ? setupFinished(pipe) : Promise.resolve();
  child.once('exit', (code, signal) => onExit(exitInfo(code, signal)));
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', resolve);
  });
  // Read at once: the process exists (at worst a zombie not yet reaped), so this cannot miss.
  const started = { pid: child.pid ?? 0, procStart: processStartTime(child.pid ?? 0) };
  await ready;
  return started;
}

/** Sends a signal to a container's process group (ignores a group already gone). */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Start time of a process in clock ticks since boot (/proc/<pid>/stat field 22), or undefined. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

/** Whether `pid` is still the process that was started at `startTime` (PIDs are reused). */
export const isSameProcess = (pid: number, startTime: string | undefined): boolean =>
  startTime !== undefined && processStartTime(pid) === startTime;
