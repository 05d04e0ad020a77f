// What a command may use from the outside world; main.ts builds the real one, tests may fake it.
import type { Clock } from '../lib/clock.ts';
import type { DaemonChild, Launcher } from '../sandbox/daemon/spawn.ts';
import type { ProcessProbe } from '../sandbox/daemon/process-probe.ts';
import type { Sandbox, SandboxOptions } from '../sandbox/sandbox.ts';

/** The CLI's view of the world. */
export interface CliContext {
  cwd: string;
  pid: number;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  clock: Clock;
  probe: ProcessProbe;
  kill: (pid: number, signal: NodeJS.Signals) => void;
  randomBytes: (size: number) => Uint8Array;
  spawn: (launcher: Launcher, args: readonly string[], logFile: string) => DaemonChild;
  /** How to run this CLI again in a child process. */
  launcher: Launcher;
  startSandbox: (opts: SandboxOptions) => Promise<Sandbox>;
  /** Starts listening for SIGTERM/SIGINT; resolves with the first one's name. */
  stopSignal: () => Promise<string>;
}

/** Mutable outcome of one CLI run (commands that exit non-zero without an error set it). */
export interface RunOutcome {
  exitCode: number;
}
