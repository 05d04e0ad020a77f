// Test support: a loopback TCP relay that can silently drop all traffic (a network partition).
import { createServer, connect, type Server, type Socket } from 'node:net';

/** A relay to `target`; while partitioned, bytes are held back in both directions, no socket closes. */
export interface TcpRelay {
  readonly port: number;
  partition(on: boolean): void;
  close(): Promise<void>;
}

/** Starts a relay on 127.0.0.1 (free port) to targetHost:targetPort. */
export async function startTcpRelay(targetHost: string, targetPort: number): Promise<TcpRelay> {
  let cut = false;
  const pairs = new Set<[Socket, Socket]>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const pipe = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (!cut) to.write(chunk);
      });
    pipe(client, upstream);
    pipe(upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  const destroyAll = (): void => {
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    partition(on) {
      cut = on;
      // Connections made during the partition carry stale, dropped bytes: discard them on heal.
      if (!on) destroyAll();
    },
    close: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}
