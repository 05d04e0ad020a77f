// Wiring of the `steward` command tree, and one run of it.
import { Command, CommanderError } from 'commander';
import { registerClusterCommands } from './cluster-commands.ts';
import type { CliContext, RunOutcome } from './context.ts';
import { describeFailure, EXIT_USAGE } from './errors.ts';
import { registerInstanceCommands } from './instance-commands.ts';
import { registerOperatorCommands } from './operator-commands.ts';
import { registerSandboxCommands } from './sandbox-commands.ts';
import { registerUpCommand } from './up-command.ts';

/** Builds the command tree; actions record non-error exit codes in `outcome`. */
export function buildProgram(ctx: CliContext, outcome: RunOutcome): Command {
  const program = new Command('steward')
    .description('Highly available PostgreSQL on Kubernetes, with a local sandbox')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => ctx.stdout(s.trimEnd()),
      writeErr: (s) => ctx.stderr(s.trimEnd()),
      outputError: (s, write) => write(`steward: ${s.replace(/^error: /, '')}`),
    });
  registerUpCommand(program, ctx);
  registerSandboxCommands(program, ctx, outcome);
  registerInstanceCommands(program, outcome);
  registerOperatorCommands(program, outcome);
  registerClusterCommands(program, ctx);
  return program;
}

/** Runs the CLI with user arguments (no node/script prefix); returns the exit code. */
export async function runCli(args: readonly string[], ctx: CliContext): Promise<number> {
  const outcome: RunOutcome = { exitCode: 0 };
  try {
    await buildProgram(ctx, outcome).parseAsync([...args], { from: 'user' });
    return outcome.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
    const failure = describeFailure(err);
    ctx.stderr(failure.message);
    return failure.exitCode;
  }
}
