// Entry point of the `steward` CLI: builds the real context and runs the command line.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { realClock } from '../lib/clock.ts';
import { procProbe } from '../sandbox/daemon/process-probe.ts';
import { spawnDetached } from '../sandbox/daemon/spawn.ts';
import { startSandbox } from '../sandbox/sandbox.ts';
import type { CliContext } from './context.ts';
import { runCli } from './program.ts';

/** The context of a real run: this process, its clock, its signals. */
function realContext(): CliContext {
  return {
    cwd: process.cwd(),
    pid: process.pid,
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    clock: realClock,
    probe: procProbe,
    kill: (pid, signal) => process.kill(pid, signal),
    randomBytes: (size) => randomBytes(size),
    spawn: spawnDetached,
    launcher: {
      file: process.execPath,
      args: [...process.execArgv, fileURLToPath(import.meta.url)],
    },
    startSandbox,
    stopSignal: () =>
      new Promise((resolve) => {
        const onSignal = (sig: NodeJS.Signals): void => {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          resolve(sig);
        };
        process.on('SIGTERM', onSignal);
        process.on('SIGINT', onSignal);
      }),
  };
}

const code = await runCli(process.argv.slice(2), realContext());
// Exit explicitly: a stopped sandbox may leave idle handles that would keep the process alive.
process.exit(code);
