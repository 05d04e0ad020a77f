// `steward up`: start the sandbox with defaults and say what to do next.
import type { Command } from 'commander';
import { DEFAULT_SANDBOX_DIR } from '../sandbox/daemon/paths.ts';
import type { CliContext } from './context.ts';
import { shellQuote } from './options.ts';
import { upAndReport, withUpOptions, type UpOptions } from './sandbox-commands.ts';

/** Registers `steward up`. */
export function registerUpCommand(program: Command, ctx: CliContext): void {
  withUpOptions(
    program.command('up').description('start the local sandbox and print the next steps'),
  ).action(async (opts: UpOptions) => {
    await upAndReport(opts, ctx);
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
