// `steward sandbox up|down|status|kubeconfig`.
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { startDaemon, stopDaemon, type StartedSandbox } from '../sandbox/daemon/daemon.ts';
import { runForeground } from '../sandbox/daemon/foreground.ts';
import {
  DEFAULT_SANDBOX_DIR,
  DEFAULT_SANDBOX_HOST,
  DEFAULT_SANDBOX_PORT,
  sandboxPaths,
} from '../sandbox/daemon/paths.ts';
import { sandboxStatus } from '../sandbox/daemon/status.ts';
import type { CliContext, RunOutcome } from './context.ts';
import { CliError, EXIT_FAILURE, EXIT_NOT_RUNNING, EXIT_USAGE } from './errors.ts';
import { exportLine, parsePort, parseSeconds } from './options.ts';
import { registerNodeCommands } from './node-commands.ts';
import { registerScenarioCommands } from './scenario-commands.ts';

/** Options of `sandbox up` (and `steward up`). */
export interface UpOptions {
  dir: string;
  port: number;
  host: string;
  foreground?: boolean;
  timeout: number;
  nodes: number;
  timings: 'upstream' | 'compressed';
}

/** Seconds `down` waits after SIGTERM before SIGKILL. */
const DOWN_GRACE_SECONDS = 20;
/** Seconds `up` waits for /readyz. */
const UP_TIMEOUT_SECONDS = 60;

/** Adds --dir/--port/--host/--timeout to a command that starts the sandbox. */
export function withUpOptions(cmd: Command): Command {
  return withDir(cmd)
    .option(
      '--port <port>',
      'API server port (0 picks a free one)',
      parsePort,
      DEFAULT_SANDBOX_PORT,
    )
    .option('--host <host>', 'loopback address to listen on', DEFAULT_SANDBOX_HOST)
    .option(
      '--timeout <seconds>',
      'how long to wait for the API server to be ready',
      parseSeconds,
      UP_TIMEOUT_SECONDS,
    )
    .option(
      '--nodes <n>',
      'number of nodes, each with a kubelet (0: API server only)',
      parseNodes,
      3,
    )
    .option(
      '--timings <preset>',
      "timing constants: 'upstream' (real defaults) or 'compressed' (for rehearsals)",
      parseTimings,
      'upstream',
    );
}

function parseNodes(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 32)
    throw new CliError(`--nodes must be a whole number from 0 to 32, not "${v}"`, EXIT_USAGE);
  return n;
}

function parseTimings(v: string): 'upstream' | 'compressed' {
  if (v !== 'upstream' && v !== 'compressed')
    throw new CliError(`--timings must be "upstream" or "compressed", not "${v}"`, EXIT_USAGE);
  return v;
}

function withDir(cmd: Command): Command {
  return cmd.option('--dir <dir>', 'sandbox state directory', DEFAULT_SANDBOX_DIR);
}

/** Registers the `sandbox` command group. */
export function registerSandboxCommands(
  program: Command,
  ctx: CliContext,
  outcome: RunOutcome,
): void {
  const sandbox = program
    .command('sandbox')
    .description('run the local Kubernetes-compatible control plane');
  withUpOptions(
    sandbox.command('up').description('start the sandbox (in the background unless --foreground)'),
  )
    .option('--foreground', 'run in this process until SIGTERM/SIGINT')
    .action((opts: UpOptions) =>
      opts.foreground ? foreground(opts, ctx) : upAndReport(opts, ctx).then(() => undefined),
    );
  withDir(sandbox.command('down').description('stop the sandbox'))
    .option('--timeout <seconds>', 'grace period before SIGKILL', parseSeconds, DOWN_GRACE_SECONDS)
    .action((opts: { dir: string; timeout: number }) => down(opts, ctx));
  withDir(
    sandbox.command('status').description('show whether the sandbox runs and answers /readyz'),
  ).action((opts: { dir: string }) => status(opts, ctx, outcome));
  withDir(sandbox.command('kubeconfig').description('print the path of the sandbox kubeconfig'))
    .option('--print', 'print its contents instead')
    .action((opts: { dir: string; print?: boolean }) => kubeconfig(opts, ctx));
  registerNodeCommands(sandbox, ctx);
  registerScenarioCommands(sandbox, ctx);
}

/** Starts the sandbox in the background and prints where it is. */
export async function upAndReport(opts: UpOptions, ctx: CliContext): Promise<StartedSandbox> {
  const started = await startDaemon(
    {
      dir: opts.dir,
      cwd: ctx.cwd,
      host: opts.host,
      port: opts.port,
      launcher: ctx.launcher,
      readyTimeoutMs: opts.timeout * 1000,
      cluster: { nodes: opts.nodes, timings: opts.timings },
    },
    { ...ctx, report: ctx.stderr },
  );
  ctx.stdout(`sandbox is running at ${started.url} (pid ${started.pid})`);
  ctx.stdout(`kubeconfig: ${started.paths.kubeconfig}`);
  ctx.stdout(`log: ${started.paths.logFile}`);
  ctx.stdout(exportLine(started.paths.kubeconfig));
  return started;
}

async function foreground(opts: UpOptions, ctx: CliContext): Promise<void> {
  const stopRequested = ctx.stopSignal();
  await runForeground(
    {
      dir: opts.dir,
      cwd: ctx.cwd,
      host: opts.host,
      port: opts.port,
      cluster: { nodes: opts.nodes, timings: opts.timings },
    },
    { ...ctx, stopRequested, report: ctx.stdout },
  );
}

async function down(opts: { dir: string; timeout: number }, ctx: CliContext): Promise<void> {
  const result = await stopDaemon(
    { dir: opts.dir, cwd: ctx.cwd, graceMs: opts.timeout * 1000 },
    { ...ctx, report: ctx.stderr },
  );
  switch (result.kind) {
    case 'not-running':
      ctx.stdout('sandbox is not running');
      return;
    case 'stopped':
      ctx.stdout(
        result.how === 'killed'
          ? `sandbox (pid ${result.pid}) did not stop within ${opts.timeout}s; killed it`
          : `sandbox stopped (pid ${result.pid})`,
      );
  }
}

async function status(opts: { dir: string }, ctx: CliContext, outcome: RunOutcome): Promise<void> {
  const st = await sandboxStatus({ dir: opts.dir, cwd: ctx.cwd }, ctx);
  if (!st.running) {
    ctx.stdout(`sandbox is not running (directory ${st.paths.dir})`);
    if (st.stale) ctx.stdout(`stale pid file: ${st.stale}`);
    outcome.exitCode = EXIT_NOT_RUNNING;
    return;
  }
  ctx.stdout(`sandbox is running (pid ${st.pid})`);
  ctx.stdout(`url: ${st.url ?? 'unknown'}`);
  ctx.stdout(`kubeconfig: ${st.paths.kubeconfig}`);
  ctx.stdout(`readyz: ${st.ready.ready ? 'ok' : `not ready (${st.ready.detail})`}`);
  if (!st.ready.ready) outcome.exitCode = EXIT_FAILURE;
}

async function kubeconfig(opts: { dir: string; print?: boolean }, ctx: CliContext): Promise<void> {
  const path = sandboxPaths(opts.dir, ctx.cwd).kubeconfig;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CliError(`no kubeconfig at ${path}; start the sandbox with "steward sandbox up"`);
  }
  ctx.stdout(opts.print ? text.trimEnd() : path);
}
