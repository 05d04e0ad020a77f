// `steward sandbox scenario stuck-volume`: rehearses the stuck-volume trap on a running sandbox.
import type { Command } from 'commander';
import { realClock } from '../lib/clock.ts';
import { loadKubeConfig, makeClients } from '../kube/config.ts';
import { adminRequest } from '../sandbox/daemon/admin-client.ts';
import { DEFAULT_SANDBOX_DIR, sandboxPaths } from '../sandbox/daemon/paths.ts';
import { runStuckVolumeScenario } from './scenarios/stuck-volume.ts';
import type { CliContext } from './context.ts';

/** Registers `sandbox scenario …`. */
export function registerScenarioCommands(sandbox: Command, ctx: CliContext): void {
  const scenario = sandbox
    .command('scenario')
    .description('rehearse a failure on a running sandbox');
  scenario
    .command('stuck-volume')
    .description(
      'kill the node of a StatefulSet pod with a ReadWriteOnce volume and print the timeline until the pod runs elsewhere with the same data',
    )
    .option('--dir <dir>', 'sandbox state directory', DEFAULT_SANDBOX_DIR)
    .option('--namespace <ns>', 'namespace to use', 'default')
    .option('--name <name>', 'name of the StatefulSet to create', 'stuck-volume')
    .option('--out-of-service', 'remediate with the out-of-service taint instead of a force delete')
    .option('--timeout <minutes>', 'give up after this many minutes', '20')
    .action(
      async (opts: {
        dir: string;
        namespace: string;
        name: string;
        outOfService?: boolean;
        timeout: string;
      }) => {
        const paths = sandboxPaths(opts.dir, ctx.cwd);
        const clients = makeClients(loadKubeConfig({ kubeconfigPath: paths.kubeconfig }));
        const result = await runStuckVolumeScenario(
          {
            namespace: opts.namespace,
            name: opts.name,
            outOfService: opts.outOfService ?? false,
            timeoutMs: Number(opts.timeout) * 60_000,
            pollMs: 250,
          },
          {
            clients,
            clock: realClock,
            print: ctx.stdout,
            killNode: async (node) => {
              await adminRequest(
                paths,
                ctx.probe,
                'POST',
                `/sandbox/v1/nodes/${encodeURIComponent(node)}/kill`,
              );
            },
          },
        );
        ctx.stdout(result.sameData ? 'result: same data on the new node' : 'result: DATA DIFFERS');
      },
    );
}
