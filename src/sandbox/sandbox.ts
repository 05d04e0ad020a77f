// The sandbox control plane: API server plus controllers, started in-process.
import http from 'node:http';

export interface SandboxOptions {
  /** State directory (database, tokens, logs). */
  dir: string;
  /** Loopback address to listen on. */
  host: string;
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Bearer token of the sandbox admin user. */
  adminToken: string;
}

export interface Sandbox {
  /** Base URL of the API server, e.g. http://127.0.0.1:6443. */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the sandbox in this process. (Placeholder until the API server lands.) */
export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const server = http.createServer((req, res) => {
    res.writeHead(req.url === '/healthz' || req.url === '/readyz' ? 200 : 404, {
      'content-type': 'text/plain',
    });
    res.end('ok');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    url: `http://${opts.host}:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
