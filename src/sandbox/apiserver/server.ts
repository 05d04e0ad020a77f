// The sandbox API server: HTTP routing, authentication, discovery, and the resource handlers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { ApiCore } from './api-core.ts';
import type { Authenticator } from './auth.ts';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  SERVER_VERSION,
} from './discovery.ts';
import { pathNotFound, unauthorized } from './errors.ts';
import {
  handleResource,
  type HandlerDeps,
  type SubresourceHandler,
  type TableRenderer,
} from './handlers.ts';
import type { PatchEngines } from './hooks.ts';
import { sendError, sendJson } from './http-util.ts';
import type { ResourceRegistry } from './registry.ts';
import { parseResourcePath } from './request-info.ts';
import type { WatchTiming } from './watch.ts';

/** Takes over an HTTP upgrade (e.g. exec over WebSocket); returns false when it does not. */
export type UpgradeHandler = (
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  url: URL,
) => boolean;

/** Serves extra non-resource paths (e.g. /openapi/v3); returns false when it does not. */
export type PathHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
) => boolean | Promise<boolean>;

export interface ApiServerOptions {
  host: string;
  port: number;
  core: ApiCore;
  registry: ResourceRegistry;
  auth: Authenticator;
  patch: PatchEngines;
  table: TableRenderer;
  watchTiming: WatchTiming;
  subresources: Record<string, SubresourceHandler>;
  extraPaths: PathHandler[];
  upgrades?: UpgradeHandler[];
  nowMs: () => number;
  /** Serving certificate and key (PEM). */
  tls: { cert: string; key: string };
  log: (msg: string, err?: unknown) => void;
}

const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

/** An HTTP server speaking the Kubernetes API for the registry's resources. */
export class ApiServer {
  private readonly opts: ApiServerOptions;
  private readonly server: https.Server;
  private readonly streams = new Set<() => void>();
  private readonly deps: HandlerDeps;

  constructor(opts: ApiServerOptions) {
    this.opts = opts;
    this.deps = {
      core: opts.core,
      patch: opts.patch,
      table: opts.table,
      watchTiming: opts.watchTiming,
      subresources: opts.subresources,
      trackStream: (stop) => {
        this.streams.add(stop);
        return () => this.streams.delete(stop);
      },
    };
    this.server = https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, (req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!(err instanceof Error && 'status' in err))
          this.opts.log(`${req.method ?? ''} ${req.url ?? ''} failed`, err);
        sendError(res, err);
      });
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(req, socket, head),
    );
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 70_000;
  }

  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops accepting requests and ends open watches. */
  async close(): Promise<void> {
    for (const stop of [...this.streams]) stop();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (
      PUBLIC_PATHS.has(path) ||
      path.startsWith('/healthz/') ||
      path.startsWith('/readyz/') ||
      path.startsWith('/livez/')
    ) {
      if (path === '/version') sendJson(res, 200, SERVER_VERSION);
      else {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('ok');
      }
      return;
    }
    const user = this.opts.auth.authenticate(req.headers.authorization, this.opts.nowMs());
    if (!user) throw unauthorized();
    if (this.discovery(req, res, path)) return;
    for (const h of this.opts.extraPaths) if (await h(req, res, url)) return;
    const info = parseResourcePath(path);
    if (!info) throw pathNotFound();
    const served = this.opts.registry.lookup(info.group, info.version, info.resource);
    if (!served) throw pathNotFound();
    await handleResource({
      req,
      res,
      url,
      served,
      info,
      deps: this.deps,
      user: user.username,
      groups: user.groups,
    });
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (!this.opts.auth.authenticate(req.headers.authorization, this.opts.nowMs())) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    for (const h of this.opts.upgrades ?? []) if (h(req, socket, head, url)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  }

  private discovery(req: IncomingMessage, res: ServerResponse, path: string): boolean {
    if (req.method !== 'GET') return false;
    const reg = this.opts.registry;
    let body: object | undefined;
    const parts = path.split('/').filter((p) => p !== '');
    if (path === '/api') body = apiVersions(`${this.opts.host}:${String(this.opts.port)}`);
    else if (path === '/apis') body = apiGroupList(reg);
    else if (parts[0] === 'api' && parts.length === 2)
      body = apiResourceList(reg, '', parts[1] ?? '');
    else if (parts[0] === 'apis' && parts.length === 2) body = apiGroup(reg, parts[1] ?? '');
    else if (parts[0] === 'apis' && parts.length === 3)
      body = apiResourceList(reg, parts[1] ?? '', parts[2] ?? '');
    else return false;
    if (!body) throw pathNotFound();
    sendJson(res, 200, body);
    return true;
  }
}
