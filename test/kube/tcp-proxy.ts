// A loopback TCP proxy a test can cut: it forwards bytes (TLS passes through untouched) until told
// to drop every connection and refuse new ones, which looks to a client like a dead network.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A controllable TCP forwarder on 127.0.0.1. */
export class TcpProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private mode: 'forward' | 'reset' | 'stall' = 'forward';
  private readonly targetPort: number;
  /** Number of client connections accepted (blocked ones included). */
  connections = 0;

  private constructor(targetPort: number) {
    this.targetPort = targetPort;
    this.server = createServer((client) => this.accept(client));
  }

  /** Starts a proxy to `127.0.0.1:targetPort` on a free loopback port. */
  static async start(targetPort: number): Promise<TcpProxy> {
    const p = new TcpProxy(targetPort);
    await new Promise<void>((resolve, reject) => {
      p.server.once('error', reject);
      p.server.listen(0, '127.0.0.1', () => resolve());
    });
    return p;
  }

  /** The proxy's own port. */
  get port(): number {
    const addr = this.server.address();
    if (addr === null || typeof addr === 'string') throw new Error('proxy is not listening');
    return addr.port;
  }

  /** The proxy's URL for a kubeconfig. */
  get url(): string {
    return `https://127.0.0.1:${String(this.port)}`;
  }

  /** Drops every open connection and resets every new one until `unblock()`. */
  block(): void {
    this.mode = 'reset';
    this.dropAll();
  }

  /** Drops every open connection; new ones are accepted but never answered (a black hole). */
  stall(): void {
    this.mode = 'stall';
    this.dropAll();
  }

  /** Lets connections through again (stalled ones stay stalled). */
  unblock(): void {
    this.mode = 'forward';
  }

  /** Closes the proxy and every connection. */
  async close(): Promise<void> {
    this.block();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private dropAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  private accept(client: Socket): void {
    this.connections++;
    if (this.mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (this.mode === 'stall') {
      this.sockets.add(client);
      client.on('error', () => undefined);
      client.on('close', () => this.sockets.delete(client));
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
