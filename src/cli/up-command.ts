// `steward up`: start the sandbox with defaults and say what to do next.
import type { Command } from 'commander';
import { DEFAULT_SANDBOX_DIR } from '../sandbox/daemon/paths.ts';
import { fileURLToPath } from 'node:url';
import type { CliContext } from './context.ts';
import { runMainJob } from './main-job.ts';
import { shellQuote } from './options.ts';
import { upAndReport, withUpOptions, type UpOptions } from './sandbox-commands.ts';

/** The project's root directory (where deploy/ is). */
const PROJECT_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** Registers `steward up`. */
export function registerUpCommand(program: Command, ctx: CliContext): void {
  withUpOptions(
    program
      .command('up')
      .description(
        'start the local sandbox, install the operator, create a 3-instance PostgreSQL cluster and print how to use it',
      ),
  )
    .option('--no-postgres', 'only start the sandbox (no operator, no PostgreSQL cluster)')
    .action(async (opts: UpOptions & { postgres: boolean }) => {
      const started = await upAndReport(opts, ctx);
      if (opts.postgres && opts.nodes > 0) {
        const lines = await runMainJob({
          kubeconfig: started.paths.kubeconfig,
          projectDir: PROJECT_DIR,
          clock: ctx.clock,
          report: ctx.stderr,
          timeoutMs: 600_000,
        });
        for (const line of lines) ctx.stdout(line);
      }
      for (const line of nextSteps(opts.dir)) ctx.stdout(line);
    });
}

/** The "next steps" text printed after `steward up`. */
export function nextSteps(dir: string): string[] {
  const dirArg = dir === DEFAULT_SANDBOX_DIR ? '' : ` --dir ${shellQuote(dir)}`;
  return [
    '',
    'Next steps:',
    '  1. paste the export line above, then try: kubectl get namespaces',
    `  2. steward sandbox status${dirArg}    # is the control plane healthy?`,
    `  3. steward sandbox down${dirArg}      # stop it; its state stays in the directory`,
  ];
}
