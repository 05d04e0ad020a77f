// `steward sandbox node kill|freeze|thaw|partition|heal|terminate|start NODE` and `node list`.
import type { Command } from 'commander';
import { adminRequest } from '../sandbox/daemon/admin-client.ts';
import { DEFAULT_SANDBOX_DIR, sandboxPaths } from '../sandbox/daemon/paths.ts';
import type { CliContext } from './context.ts';

const ACTIONS: Record<string, string> = {
  kill: 'power the node off: its kubelet and containers die, heartbeats stop, volumes stay attached',
  freeze: 'stop every process of the node (SIGSTOP) without closing a socket: the silent failure',
  thaw: 'resume a frozen node',
  partition: "cut the node's kubelet and pods off from the API server",
  heal: 'end a partition',
  terminate: 'delete the instance for good (the cloud provider reports it gone)',
  start: 'power a stopped node on again',
};

/** Registers `sandbox node …` under the sandbox command group. */
export function registerNodeCommands(sandbox: Command, ctx: CliContext): void {
  const node = sandbox.command('node').description('inject node faults into a running sandbox');
  for (const [action, description] of Object.entries(ACTIONS)) {
    node
      .command(`${action} <node>`)
      .description(description)
      .option('--dir <dir>', 'sandbox state directory', DEFAULT_SANDBOX_DIR)
      .action(async (name: string, opts: { dir: string }) => {
        const paths = sandboxPaths(opts.dir, ctx.cwd);
        const res = (await adminRequest(
          paths,
          ctx.probe,
          'POST',
          `/sandbox/v1/nodes/${encodeURIComponent(name)}/${action}`,
        )) as { message: string };
        ctx.stdout(res.message);
      });
  }
  node
    .command('list')
    .description('show the instance state of every node')
    .option('--dir <dir>', 'sandbox state directory', DEFAULT_SANDBOX_DIR)
    .action(async (opts: { dir: string }) => {
      const res = (await adminRequest(
        sandboxPaths(opts.dir, ctx.cwd),
        ctx.probe,
        'GET',
        '/sandbox/v1/nodes',
      )) as { nodes: { name: string; instance: string }[] };
      ctx.stdout('NODE\tINSTANCE');
      for (const n of res.nodes) ctx.stdout(`${n.name}\t${n.instance}`);
    });
}
