// `steward instance run`: the agent that is PID 1 of every database pod.
import type { Command } from 'commander';
import { runInstance } from '../instance/main.ts';
import type { RunOutcome } from './context.ts';

/** Registers `instance run`. */
export function registerInstanceCommands(program: Command, outcome: RunOutcome): void {
  const instance = program
    .command('instance')
    .description('The PostgreSQL instance agent (runs inside database pods)');
  instance
    .command('run')
    .description(
      'Run PostgreSQL with high availability: election, fencing, replication (reads POD_NAME, POD_NAMESPACE, CLUSTER_NAME, POD_IP, PGDATA)',
    )
    .action(async () => {
      outcome.exitCode = await runInstance(process.env);
    });
}
