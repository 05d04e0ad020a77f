// `steward promote CLUSTER [INSTANCE]` and `steward status CLUSTER` (also as `kubectl steward …`).
import type { Command } from 'commander';
import type { PostgresCluster } from '../api/postgres-cluster.ts';
import type { Clock } from '../lib/clock.ts';
import { StewardError, errorMessage } from '../lib/errors.ts';
import { loadKubeConfig, makeClients } from '../kube/config.ts';
import { kubeClusterApi, type ClusterApi } from './cluster-api.ts';
import { buildMemberViews } from './cluster-members.ts';
import { formatClusterView } from './cluster-view.ts';
import type { CliContext } from './context.ts';
import { CliError } from './errors.ts';
import { parseSeconds } from './options.ts';
import { planPromote, type PromotePlan } from './promote-plan.ts';

/** Where to find the cluster: kubeconfig, context, namespace. */
export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

/** An API to talk to, and the namespace the commands work in. */
export interface Connection {
  api: ClusterApi;
  namespace: string;
  /** The API server's URL, for error messages. */
  server: string;
}

/** What the cluster commands use. */
export interface ClusterDeps {
  api: ClusterApi;
  namespace: string;
  clock: Clock;
  stdout: (line: string) => void;
}

/** Options of `promote`. */
export interface PromoteOptions {
  wait: boolean;
  timeout: number;
}

/** Seconds `promote` waits for the new primary by default. */
export const PROMOTE_TIMEOUT_SECONDS = 60;
/** How often `promote` re-reads the cluster while it waits. */
const POLL_MS = 250;
/** Attempts to set the target when the cluster changes under us (409). */
const PATCH_ATTEMPTS = 3;

/** Connects with the kubeconfig from --kubeconfig, or the default chain (KUBECONFIG, ~/.kube/config). */
export function connectKube(opts: ConnectOptions): Connection {
  const kc = loadKubeConfig({
    ...(opts.kubeconfig !== undefined ? { kubeconfigPath: opts.kubeconfig } : {}),
    ...(opts.context !== undefined ? { context: opts.context } : {}),
  });
  const fromContext = kc.getContextObject(kc.getCurrentContext())?.namespace;
  return {
    api: kubeClusterApi(makeClients(kc)),
    namespace: opts.namespace ?? (fromContext || 'default'),
    server: kc.getCurrentCluster()?.server ?? 'unknown',
  };
}

async function readCluster(d: ClusterDeps, name: string): Promise<PostgresCluster> {
  const cluster = await d.api.getCluster(d.namespace, name);
  if (!cluster)
    throw new CliError(`postgrescluster "${name}" not found in namespace "${d.namespace}"`);
  return cluster;
}

async function plan(d: ClusterDeps, name: string, instance: string | undefined) {
  const cluster = await readCluster(d, name);
  const pods = await d.api.listPods(d.namespace, name);
  const facts = {
    cluster: name,
    paused: cluster.spec.pause === true,
    currentPrimary: cluster.status?.currentPrimary || null,
    targetPrimary: cluster.status?.targetPrimary || null,
    members: buildMemberViews(cluster, pods),
  };
  return { cluster, plan: planPromote(facts, instance) };
}

/** Sets the target (re-planning when the cluster changed meanwhile); returns the plan carried out. */
async function requestSwitchover(
  d: ClusterDeps,
  name: string,
  instance: string | undefined,
): Promise<Exclude<PromotePlan, { kind: 'refuse' }>> {
  for (let attempt = 1; attempt <= PATCH_ATTEMPTS; attempt++) {
    const { cluster, plan: p } = await plan(d, name, instance);
    if (p.kind === 'refuse') throw new CliError(`cannot promote: ${p.message}`);
    if (p.kind === 'already-requested') return p;
    const rv = cluster.metadata.resourceVersion ?? '';
    if ((await d.api.setTargetPrimary(cluster, p.to, rv)) === 'ok') return p;
  }
  throw new CliError(`${name} kept changing while setting the target; try again`);
}

/** Waits until `to` is the current primary; throws on timeout or when another primary wins. */
async function waitForPrimary(d: ClusterDeps, name: string, to: string, timeoutS: number) {
  const start = d.clock.now();
  for (;;) {
    const status = (await readCluster(d, name)).status;
    const current = status?.currentPrimary ?? null;
    if (current === to) return { timeline: status?.timeline ?? null, ms: d.clock.now() - start };
    const target = status?.targetPrimary ?? null;
    if (target !== to)
      throw new CliError(
        `the switchover to ${to} was superseded: currentPrimary is ${current ?? 'unset'}, targetPrimary ${target ?? 'unset'}`,
      );
    if (d.clock.now() - start >= timeoutS * 1000)
      throw new CliError(
        `${to} did not become the primary within ${timeoutS}s (currentPrimary is still ${current ?? 'unset'}); ` +
          `the request stays in status.targetPrimary, see "steward status ${name}"`,
      );
    await d.clock.sleep(POLL_MS);
  }
}

/** `promote`: sets status.targetPrimary, then (unless --no-wait) waits for the agents to switch over. */
export async function promote(
  d: ClusterDeps,
  target: { cluster: string; instance?: string },
  opts: PromoteOptions,
): Promise<void> {
  const p = await requestSwitchover(d, target.cluster, target.instance);
  d.stdout(`${target.cluster}: ${p.sentence}`);
  if (!opts.wait) {
    d.stdout(`target set; the agents perform it (watch with "steward status ${target.cluster}")`);
    return;
  }
  const done = await waitForPrimary(d, target.cluster, p.to, opts.timeout);
  const timeline = done.timeline === null ? '' : ` on timeline ${done.timeline}`;
  d.stdout(`${p.to} is the primary${timeline} after ${(done.ms / 1000).toFixed(1)}s`);
}

/** `status`: the readable view of one cluster. */
export async function showStatus(d: ClusterDeps, name: string): Promise<void> {
  const cluster = await readCluster(d, name);
  const [pods, lease, events] = await Promise.all([
    d.api.listPods(d.namespace, name),
    d.api.getLease(d.namespace, name),
    d.api.listEvents(d.namespace, name),
  ]);
  const members = buildMemberViews(cluster, pods);
  for (const line of formatClusterView({ cluster, members, lease, events }, d.clock.now()))
    d.stdout(line);
}

function withKubeOptions(cmd: Command): Command {
  return cmd
    .option('--kubeconfig <path>', 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('-n, --namespace <namespace>', "namespace (default: the context's, or default)");
}

/** A message with its causes (`fetch failed: connect ECONNREFUSED …`). */
function withCauses(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e !== undefined && parts.length < 4;) {
    parts.push(errorMessage(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(': ');
}

function connectOrExplain(connect: (o: ConnectOptions) => Connection, opts: ConnectOptions) {
  try {
    return connect(opts);
  } catch (err) {
    throw new CliError(withCauses(err), undefined, { cause: err });
  }
}

/** Runs a command against the API; unexpected API failures name the server. */
async function run(
  ctx: CliContext,
  connect: (o: ConnectOptions) => Connection,
  opts: ConnectOptions,
  body: (d: ClusterDeps) => Promise<void>,
): Promise<void> {
  const conn = connectOrExplain(connect, opts);
  const deps = { api: conn.api, namespace: conn.namespace, clock: ctx.clock, stdout: ctx.stdout };
  try {
    await body(deps);
  } catch (err) {
    if (err instanceof CliError || err instanceof StewardError) throw err;
    throw new CliError(`while talking to ${conn.server}: ${withCauses(err)}`, undefined, {
      cause: err,
    });
  }
}

/** Registers `promote` and `status`. */
export function registerClusterCommands(
  program: Command,
  ctx: CliContext,
  connect: (o: ConnectOptions) => Connection = connectKube,
): void {
  withKubeOptions(
    program
      .command('promote')
      .description(
        'switch over: make INSTANCE (default: the ready streaming replica with the least lag) the primary',
      )
      .argument('<cluster>', 'PostgresCluster name')
      .argument('[instance]', 'instance (pod name) to promote'),
  )
    .option('--no-wait', 'return once the target is set, without waiting for the agents')
    .option(
      '--timeout <seconds>',
      'how long to wait for the new primary',
      parseSeconds,
      PROMOTE_TIMEOUT_SECONDS,
    )
    .action(
      (cluster: string, instance: string | undefined, opts: ConnectOptions & PromoteOptions) =>
        run(ctx, connect, opts, (d) =>
          promote(d, { cluster, ...(instance !== undefined ? { instance } : {}) }, opts),
        ),
    );
  withKubeOptions(
    program
      .command('status')
      .description(
        'show a cluster: instances, roles, lag, timeline, lease holder, conditions, events',
      )
      .argument('<cluster>', 'PostgresCluster name'),
  ).action((cluster: string, opts: ConnectOptions) =>
    run(ctx, connect, opts, (d) => showStatus(d, cluster)),
  );
}
