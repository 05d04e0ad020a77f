// The sandbox control plane: the API server and its in-process controllers, started together.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiCore } from './apiserver/api-core.ts';
import { Authenticator } from './apiserver/auth.ts';
import { bootstrapCluster } from './apiserver/bootstrap.ts';
import { CrdRegistrar } from './apiserver/crd-registrar.ts';
import { patchEngines, schemaHooks } from './apiserver/wiring.ts';
import { ResourceRegistry } from './apiserver/registry.ts';
import { ApiServer } from './apiserver/server.ts';
import { ObjectStore } from './apiserver/store.ts';
import { builtinSubresources } from './apiserver/subresources.ts';
import { tokenRequestHandler } from './apiserver/token-request.ts';
import { podLogHandler } from './apiserver/pod-logs.ts';
import { execUpgradeHandler } from './apiserver/pod-exec.ts';
import { sandboxStrategies } from './apiserver/strategy-table.ts';
import { renderTable } from './apiserver/table-renderer.ts';
import { validateObjectMeta } from './apiserver/strategies/object-meta.ts';
import { openApiPaths } from './apiserver/openapi-paths.ts';
import { pruneUnknownBuiltinFields } from './apiserver/schema/builtin-fields.ts';
import { ensurePki, networkHosts } from './pki.ts';
import { claimNetwork } from './cluster/network-claim.ts';
import {
  defaultCluster,
  UPSTREAM_TIMINGS,
  type ClusterConfig,
  type SandboxTimings,
} from './config.ts';
import { controlPlaneContext, type Component } from './cluster/context.ts';
import { CLUSTER_COMPONENTS } from './cluster/components.ts';
import { InstanceStore } from './cluster/instances.ts';
import { NodeSupervisor, type NodeFault } from './cluster/node-supervisor.ts';
import { adminPaths } from './cluster/admin-api.ts';
import { realClock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { GarbageCollector } from './controllers/garbage-collector.ts';
import { NamespaceController } from './controllers/namespace-controller.ts';

export interface SandboxOptions {
  /** State directory (database, signing key, logs). */
  dir: string;
  /** Loopback address to listen on. */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Bearer token of the sandbox admin user. */
  adminToken: string;
  /** Watch bookmark interval (upstream ≈ 60 s). */
  bookmarkIntervalMs?: number;
  /** Watch history kept per resource. */
  watchHistorySize?: number;
  /** Where diagnostics go (default: stderr). */
  log?: (msg: string, err?: unknown) => void;
  /** Number of nodes (each with a kubelet); 0 runs the API server and API-level controllers only. */
  nodes?: number;
  /** Timing constants (default: upstream's). */
  timings?: SandboxTimings;
  /** Loopback network (second octet) to use on first start; default: any free one (recorded in DIR). */
  network?: number;
}

export interface Sandbox {
  /** Base URL of the API server, e.g. https://127.0.0.1:6443. */
  readonly url: string;
  /** PEM of the CA that signed the API server's certificate. */
  readonly caCert: string;
  /** The cluster's shape: nodes and loopback network. */
  readonly cluster: ClusterConfig;
  /** Injects a node fault (kill, freeze, thaw, partition, heal, terminate, start). */
  fault(node: string, fault: NodeFault): string;
  /** The in-process registry (for tests and the sandbox's own controllers). */
  readonly core: ApiCore;
  close(): Promise<void>;
}

function signingKey(dir: string): Buffer {
  const path = join(dir, 'sa-signing.key');
  if (existsSync(path)) return readFileSync(path);
  const key = randomBytes(32);
  writeFileSync(path, key, { mode: 0o600 });
  return key;
}

const defaultLog = (msg: string, err?: unknown): void => {
  const detail =
    err instanceof Error
      ? `: ${err.stack ?? err.message}`
      : err === undefined
        ? ''
        : `: ${JSON.stringify(err)}`;
  process.stderr.write(`${new Date().toISOString()} ${msg}${detail}\n`);
};

/** Adapts the sandbox's `log(msg, err)` to the structured Logger controllers use. */
function toLogger(log: (msg: string, err?: unknown) => void): Logger {
  const line = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    log(`${level} ${msg}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return { debug: () => undefined, info: line('info'), warn: line('warn'), error: line('error') };
}

/** Starts the sandbox in this process. */
export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  mkdirSync(opts.dir, { recursive: true });
  // Kubelets read their credentials from the state directory.
  const tokenFile = join(opts.dir, 'admin-token');
  if (!existsSync(tokenFile) || readFileSync(tokenFile, 'utf8').trim() !== opts.adminToken) {
    writeFileSync(tokenFile, `${opts.adminToken}\n`, { mode: 0o600 });
  }
  const log = opts.log ?? defaultLog;
  const store = new ObjectStore({
    path: join(opts.dir, 'state.db'),
    ...(opts.watchHistorySize !== undefined ? { historySize: opts.watchHistorySize } : {}),
  });
  const registry = new ResourceRegistry();
  const claim = await claimNetwork(opts.dir, opts.network);
  const cluster = defaultCluster(opts.nodes ?? 0, claim.network);
  const timings = opts.timings ?? UPSTREAM_TIMINGS;
  const now = (): Date => new Date();
  const core = new ApiCore({
    store,
    registry,
    strategies: sandboxStrategies({ defaultTolerationSeconds: timings.defaultTolerationSeconds }),
    schema: schemaHooks(pruneUnknownBuiltinFields),
    now,
    validateMeta: (obj, nameRule, namespaced) => validateObjectMeta(obj, { nameRule, namespaced }),
    serviceCidrBase: cluster.serviceCidrBase,
    recordUpdate: (old, updated, manager, at) =>
      patchEngines.recordUpdate(old, updated, manager, at),
  });
  const auth = new Authenticator({
    adminToken: opts.adminToken,
    signingKey: signingKey(opts.dir),
    store,
  });
  const crds = new CrdRegistrar(core, log);
  crds.start();
  bootstrapCluster(core);
  let supervisor: NodeSupervisor | undefined;
  const pki = ensurePki(opts.dir, [opts.host, ...networkHosts(claim.network)], now());
  const server = new ApiServer({
    tls: { cert: pki.serverCert, key: pki.serverKey },
    host: opts.host,
    port: opts.port,
    core,
    registry,
    auth,
    patch: patchEngines,
    table: renderTable(now),
    watchTiming: {
      bookmarkIntervalMs: opts.bookmarkIntervalMs ?? timings.bookmarkIntervalMs,
      defaultTimeoutMs: () => (1800 + Math.random() * 1800) * 1000,
    },
    subresources: builtinSubresources({
      '/serviceaccounts/token': tokenRequestHandler(auth, Date.now),
      '/pods/log': podLogHandler(opts.adminToken),
    }),
    upgrades: [execUpgradeHandler(core, opts.adminToken)],
    extraPaths: [
      openApiPaths(registry),
      adminPaths(
        () => supervisor,
        () => cluster.nodes.map((n) => n.name),
      ),
    ],
    nowMs: Date.now,
    log,
  });
  const gc = new GarbageCollector(core, { debounceMs: 20, resyncMs: 60_000, log });
  const namespaces = new NamespaceController(core, { debounceMs: 20, resyncMs: 2_000, log });
  let port: number;
  try {
    port = await server.listen();
  } catch (err) {
    crds.stop();
    store.close();
    await claim.release();
    throw err;
  }
  gc.start();
  namespaces.start();
  const url = `https://${opts.host}:${String(port)}`;
  const components: Component[] = [];
  if (cluster.nodes.length > 0) {
    const logger = toLogger(log);
    const instances = new InstanceStore(opts.dir);
    const ctx = controlPlaneContext({
      core,
      clock: realClock,
      log: logger,
      timings,
      cluster,
      instances,
      dir: opts.dir,
      apiUrl: () => url,
    });
    for (const c of CLUSTER_COMPONENTS) components.push(await c.create(ctx));
    supervisor = new NodeSupervisor({
      cluster,
      timings,
      dir: opts.dir,
      instances,
      log: logger,
      api: { host: opts.host, port },
    });
    await supervisor.start();
  }
  return {
    url: `https://${opts.host}:${String(port)}`,
    caCert: pki.caCert,
    cluster,
    fault(node, fault) {
      if (!supervisor) throw new Error('the sandbox has no nodes');
      return supervisor.fault(node, fault);
    },
    core,
    async close() {
      await supervisor?.stop();
      for (const c of components.reverse()) await c.stop();
      gc.stop();
      namespaces.stop();
      crds.stop();
      await server.close();
      store.close();
      await claim.release();
    },
  };
}
