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
import { sandboxStrategies } from './apiserver/strategy-table.ts';
import { renderTable } from './apiserver/table-renderer.ts';
import { validateObjectMeta } from './apiserver/strategies/object-meta.ts';
import { openApiPaths } from './apiserver/openapi-paths.ts';
import { unknownBuiltinFields } from './apiserver/unknown-fields.ts';
import { ensurePki } from './pki.ts';
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
}

export interface Sandbox {
  /** Base URL of the API server, e.g. https://127.0.0.1:6443. */
  readonly url: string;
  /** PEM of the CA that signed the API server's certificate. */
  readonly caCert: string;
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

/** Starts the sandbox in this process. */
export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  mkdirSync(opts.dir, { recursive: true });
  const log = opts.log ?? defaultLog;
  const store = new ObjectStore({
    path: join(opts.dir, 'state.db'),
    ...(opts.watchHistorySize !== undefined ? { historySize: opts.watchHistorySize } : {}),
  });
  const registry = new ResourceRegistry();
  const now = (): Date => new Date();
  const core = new ApiCore({
    store,
    registry,
    strategies: sandboxStrategies(),
    schema: schemaHooks(unknownBuiltinFields),
    now,
    validateMeta: (obj, nameRule, namespaced) => validateObjectMeta(obj, { nameRule, namespaced }),
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
  const pki = ensurePki(opts.dir, [opts.host], now());
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
      bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 60_000,
      defaultTimeoutMs: () => (1800 + Math.random() * 1800) * 1000,
    },
    subresources: builtinSubresources({
      '/serviceaccounts/token': tokenRequestHandler(auth, Date.now),
    }),
    extraPaths: [openApiPaths(registry)],
    nowMs: Date.now,
    log,
  });
  const gc = new GarbageCollector(core, { debounceMs: 20, resyncMs: 5_000, log });
  const namespaces = new NamespaceController(core, { debounceMs: 20, resyncMs: 2_000, log });
  let port: number;
  try {
    port = await server.listen();
  } catch (err) {
    crds.stop();
    store.close();
    throw err;
  }
  gc.start();
  namespaces.start();
  return {
    url: `https://${opts.host}:${String(port)}`,
    caCert: pki.caCert,
    core,
    async close() {
      gc.stop();
      namespaces.stop();
      crds.stop();
      await server.close();
      store.close();
    },
  };
}
