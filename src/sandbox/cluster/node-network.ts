// Per-node path to the API server: a TCP relay on the node's API address (127.1.<i>.254) that
// forwards to the real API server. Partitioning a node stops the relay from moving bytes in either
// direction and leaves new connections unanswered, as a network black hole would; healing resumes.
import net from 'node:net';

interface Pair {
  client: net.Socket;
  upstream: net.Socket | undefined;
}

/** The relay of one node. */
export class NodeRelay {
  private readonly server: net.Server;
  private readonly pairs = new Set<Pair>();
  private partitioned = false;
  private readonly target: { host: string; port: number };
  readonly address: string;
  private port = 0;

  constructor(address: string, target: { host: string; port: number }) {
    this.address = address;
    this.target = target;
    this.server = net.createServer((client) => this.accept(client));
  }

  /** Listens on `address:port` (the API server's port, so URLs differ only by host). */
  listen(port: number): Promise<void> {
    this.port = port;
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.address, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  get url(): string {
    return `https://${this.address}:${String(this.port)}`;
  }

  get isPartitioned(): boolean {
    return this.partitioned;
  }

  private accept(client: net.Socket): void {
    const pair: Pair = { client, upstream: undefined };
    this.pairs.add(pair);
    client.on('error', () => this.drop(pair));
    client.on('close', () => this.drop(pair));
    if (this.partitioned) client.pause();
    else this.connect(pair);
  }

  private connect(pair: Pair): void {
    const upstream = net.connect(this.target.port, this.target.host);
    pair.upstream = upstream;
    upstream.on('error', () => this.drop(pair));
    upstream.on('close', () => this.drop(pair));
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream?.destroy();
  }

  /** Stops all traffic of this node to and from the API server, without closing anything. */
  partition(): void {
    if (this.partitioned) return;
    this.partitioned = true;
    for (const p of this.pairs) {
      p.client.unpipe();
      p.upstream?.unpipe();
      p.client.pause();
      p.upstream?.pause();
    }
  }

  /** Lets traffic flow again; connections accepted meanwhile are connected now. */
  heal(): void {
    if (!this.partitioned) return;
    this.partitioned = false;
    for (const p of this.pairs) {
      if (!p.upstream) {
        this.connect(p);
        p.client.resume();
        continue;
      }
      p.client.pipe(p.upstream);
      p.upstream.pipe(p.client);
      p.client.resume();
      p.upstream.resume();
    }
  }

  async close(): Promise<void> {
    for (const p of [...this.pairs]) this.drop(p);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
