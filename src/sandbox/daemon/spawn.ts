// Starting the foreground sandbox as a detached child whose output goes to the log file.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/** How a child ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A started background process, as the daemon sees it. */
export interface DaemonChild {
  readonly pid: number;
  /** How it ended, once it has. */
  exit(): ChildExit | undefined;
  /** Lets this process exit while the child runs on. */
  release(): void;
}

/** Command that runs the CLI: executable plus the leading arguments (script path). */
export interface Launcher {
  file: string;
  args: readonly string[];
}

/** Spawns a detached process group with stdin ignored and stdout/stderr appended to `logFile`. */
export function spawnDetached(
  launcher: Launcher,
  args: readonly string[],
  logFile: string,
): DaemonChild {
  const fd = openSync(logFile, 'a', 0o644);
  try {
    const child = spawn(launcher.file, [...launcher.args, ...args], {
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    let ended: ChildExit | undefined;
    child.on('exit', (code, signal) => (ended = { code, signal }));
    child.on('error', () => (ended ??= { code: null, signal: null }));
    if (child.pid === undefined) throw new Error(`could not start ${launcher.file}`);
    return {
      pid: child.pid,
      exit: () => ended,
      release: () => child.unref(),
    };
  } finally {
    closeSync(fd);
  }
}
