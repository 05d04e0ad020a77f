// The sandbox's kube-proxy: a TCP listener on <clusterIP>:<port> for each Service port, forwarding
// every new connection to a ready endpoint. Established connections survive endpoint changes (as
// conntrack keeps them); a port without endpoints refuses connections (reset at once).
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Component, ControlPlaneContext } from '../cluster/context.ts';
import { R, type LocalClient } from '../controllers/local-client.ts';
import {
  LABEL_SERVICE_NAME,
  type EndpointSliceObject,
  type ServiceObject,
} from '../controllers/services/types.ts';
import {
  chooseBackend,
  newPickState,
  serviceBackends,
  type Backend,
  type PickState,
} from './backends.ts';
import { planListeners, type ListenerSpec } from './listeners.ts';

export interface ServiceProxyDeps {
  client: LocalClient;
  clock: Clock;
  log: Logger;
  /** Periodic re-sync (retries listeners that failed to bind). */
  resyncMs?: number;
}

interface Listener {
  spec: ListenerSpec;
  server: Server;
  state: PickState;
}

/** Proxies ClusterIP traffic to endpoints, following Services and EndpointSlices. */
export class ServiceProxy {
  private readonly deps: ServiceProxyDeps;
  private readonly listeners = new Map<string, Listener>();
  private readonly sockets = new Set<Socket>();
  private readonly unsubscribes: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pending = false;
  private stopped = false;

  constructor(deps: ServiceProxyDeps) {
    this.deps = deps;
  }

  /** Subscribes to Services and opens the listeners. */
  start(): void {
    this.unsubscribes.push(this.deps.client.watch(R.services, () => this.schedule()));
    this.timer = setInterval(() => this.schedule(), this.deps.resyncMs ?? 5_000);
    this.sync();
  }

  /** Closes every listener and every proxied connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const u of this.unsubscribes) u();
    clearInterval(this.timer);
    const closing = [...this.listeners.values()].map((l) => closeServer(l.server));
    this.listeners.clear();
    for (const s of this.sockets) s.destroy();
    await Promise.all(closing);
  }

  /** Keys (`ip:port`) of the open listeners. */
  openListeners(): string[] {
    return [...this.listeners.keys()].sort();
  }

  private schedule(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      if (!this.stopped) this.sync();
    });
  }

  /** Opens missing listeners, closes unwanted ones, refreshes specs of kept ones. */
  private sync(): void {
    const desired = planListeners(this.deps.client.list<ServiceObject>(R.services));
    for (const [key, l] of this.listeners) {
      const want = desired.get(key);
      if (!want) {
        this.listeners.delete(key);
        void closeServer(l.server);
      } else if (want.namespace !== l.spec.namespace || want.service !== l.spec.service) {
        l.spec = want;
        l.state = newPickState();
      } else l.spec = want;
    }
    for (const [key, spec] of desired) if (!this.listeners.has(key)) this.open(spec);
  }

  private open(spec: ListenerSpec): void {
    const server = createServer((socket) => this.accept(spec.key, socket));
    const listener: Listener = { spec, server, state: newPickState() };
    this.listeners.set(spec.key, listener);
    server.on('error', (err) => {
      this.deps.log.warn(`service proxy: cannot listen on ${spec.key}`, { error: err.message });
      if (this.listeners.get(spec.key) === listener) this.listeners.delete(spec.key);
    });
    server.listen({ host: spec.ip, port: spec.port, exclusive: true });
  }

  private backendsFor(spec: ListenerSpec): Backend[] {
    const slices = this.deps.client.list<EndpointSliceObject>(R.endpointslices, spec.namespace, {
      matchLabels: { [LABEL_SERVICE_NAME]: spec.service },
    });
    return serviceBackends(slices, spec.portName);
  }

  private accept(key: string, client: Socket): void {
    const l = this.listeners.get(key);
    const backend = l
      ? chooseBackend(
          this.backendsFor(l.spec),
          l.state,
          l.spec.affinity,
          client.remoteAddress ?? '',
          this.deps.clock.now(),
        )
      : undefined;
    if (!backend) {
      client.resetAndDestroy();
      return;
    }
    this.forward(client, backend);
  }

  private forward(client: Socket, backend: Backend): void {
    const upstream = connect({ host: backend.ip, port: backend.port });
    this.track(client);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    upstream.on('error', () => {
      if (!client.destroyed) client.resetAndDestroy();
    });
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}

/** Starts the service proxy component. */
export function startServiceProxy(ctx: ControlPlaneContext): Component {
  const proxy = new ServiceProxy({
    client: ctx.client('kube-proxy'),
    clock: ctx.clock,
    log: ctx.log,
  });
  proxy.start();
  return { stop: () => proxy.stop() };
}
