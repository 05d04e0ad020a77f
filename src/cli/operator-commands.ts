// `steward operator run`: the PostgresCluster operator.
import type { Command } from 'commander';
import { runOperator } from '../operator/main.ts';
import type { RunOutcome } from './context.ts';

/** Registers `operator run`. */
export function registerOperatorCommands(program: Command, outcome: RunOutcome): void {
  program
    .command('operator')
    .description('The PostgresCluster operator')
    .command('run')
    .description('Reconcile PostgresClusters (in-cluster, or STEWARD_KUBECONFIG); leader-elected')
    .action(async () => {
      outcome.exitCode = await runOperator(process.env);
    });
}
