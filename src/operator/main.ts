// Entry point of `steward operator run`: leader election, the controller, /healthz and /metrics.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { realClock } from '../lib/clock.ts';
import { errorMessage } from '../lib/errors.ts';
import { jsonLogger } from '../lib/logger.ts';
import { loadKubeConfig, makeClients } from '../kube/config.ts';
import { LeaderElector } from '../kube/leader-elector.ts';
import { KubeLeaseLock } from '../kube/lease-lock-kube.ts';
import { kubeOperatorClient } from './client.ts';
import { runController, type ControllerStats } from './controller.ts';

/** Name of the operator's own Lease. */
export const OPERATOR_LEASE = 'steward-operator';

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

/** The Prometheus registry with the controller's figures. */
function metrics(stats: ControllerStats, leading: () => boolean): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Counter({
    name: 'steward_reconciles_total',
    help: 'Reconciles of PostgresClusters.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(stats.reconciles);
    },
  });
  new Counter({
    name: 'steward_reconcile_errors_total',
    help: 'Reconciles that failed and were retried.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(stats.errors);
    },
  });
  new Gauge({
    name: 'steward_reconcile_last_duration_seconds',
    help: 'Duration of the last reconcile.',
    registers: [registry],
    collect() {
      this.set(stats.lastDurationMs / 1000);
    },
  });
  new Gauge({
    name: 'steward_leader',
    help: '1 while this replica leads.',
    registers: [registry],
    collect() {
      this.set(leading() ? 1 : 0);
    },
  });
  return registry;
}

/** Runs the operator until SIGTERM/SIGINT; returns the exit code. */
export async function runOperator(
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const logger = jsonLogger((l) => process.stderr.write(`${l}\n`));
  const kc = loadKubeConfig(
    env['STEWARD_KUBECONFIG'] ? { kubeconfigPath: env['STEWARD_KUBECONFIG'] } : { inCluster: true },
  );
  const clients = makeClients(kc);
  const namespace = env['POD_NAMESPACE'] ?? 'steward-system';
  const identity = env['POD_NAME'] ?? `${hostname()}-${process.pid}`;
  const host = env['STEWARD_LISTEN'] ?? env['POD_IP'] ?? '127.0.0.1';
  const stats: ControllerStats = {
    reconciles: 0,
    errors: 0,
    lastDurationMs: 0,
    totalDurationMs: 0,
  };
  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort());
  process.once('SIGINT', () => stop.abort());
  const elector = new LeaderElector({
    lock: new KubeLeaseLock(clients.coordination, namespace, OPERATOR_LEASE),
    identity,
    clock: realClock,
    releaseOnCancel: true,
    logger,
    callbacks: {
      onStartedLeading: (lead) => {
        logger.info('leading: starting the controller', { identity });
        const deps = {
          client: kubeOperatorClient(clients),
          clock: realClock,
          random: (n: number) => randomBytes(n),
          logger,
        };
        runController(clients, deps, AbortSignal.any([lead, stop.signal]), stats).catch(
          (err: unknown) => logger.error(`controller failed: ${errorMessage(err)}`),
        );
      },
      onStoppedLeading: () => logger.info('stopped leading', { identity }),
    },
  });
  const registry = metrics(stats, () => elector.isLeader());
  const health = createServer((req, res) => {
    const ok = req.url === '/healthz' || req.url === '/readyz';
    res.writeHead(ok ? 200 : 404).end(ok ? 'ok\n' : 'not found\n');
  });
  const metricsServer = createServer((_req, res) => {
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await listen(health, Number(env['STEWARD_HEALTH_PORT'] ?? 8081), host);
  await listen(metricsServer, Number(env['STEWARD_METRICS_PORT'] ?? 8080), host);
  try {
    while (!stop.signal.aborted) {
      await elector.run(stop.signal);
      if (!stop.signal.aborted) await realClock.sleep(2_000, stop.signal).catch(() => undefined);
    }
    return 0;
  } finally {
    health.close();
    metricsServer.close();
  }
}
