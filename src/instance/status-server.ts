// The agent's HTTP status server (/healthz, /readyz, /status, /wake) and the client peers use.
import { createServer, request, type Server } from 'node:http';
import { INSTANCE_ROUTES, type MemberStatus } from '../api/instance.ts';
import { errorMessage, StewardError } from '../lib/errors.ts';

/** What the server asks the agent on each request. */
export interface StatusSource {
  status(): MemberStatus;
  /** Liveness: the decision loop ran recently. */
  healthy(): boolean;
  /** Readiness, with the reason when not ready. */
  ready(): { ready: boolean; reason: string };
  /** Run a cycle now. */
  wake(): void;
}

/** A listening status server; `close` stops it. */
export interface StatusServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on host:port (port 0 picks one). */
export async function startStatusServer(
  source: StatusSource,
  host: string,
  port: number,
): Promise<StatusServer> {
  const server: Server = createServer((req, res) => {
    const send = (code: number, body: unknown): void => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(code, {
        'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
      });
      res.end(text);
    };
    try {
      route(source, req.method, (req.url ?? '/').split('?')[0], send);
    } catch (err) {
      // This runs in PID 1: a throwing source must cost one request, never the process.
      send(500, `${errorMessage(err)}\n`);
    }
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      // Later errors (EMFILE on accept) are transient; unhandled they would end PID 1.
      server.on('error', () => undefined);
      resolve();
    });
  });
  const addr = server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return {
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function route(
  source: StatusSource,
  method: string | undefined,
  path: string | undefined,
  send: (code: number, body: unknown) => void,
): void {
  if (path === INSTANCE_ROUTES.healthz) {
    const ok = source.healthy();
    return send(ok ? 200 : 503, ok ? 'ok\n' : 'stalled\n');
  }
  if (path === INSTANCE_ROUTES.readyz) {
    const r = source.ready();
    return send(r.ready ? 200 : 503, `${r.reason}\n`);
  }
  if (path === INSTANCE_ROUTES.status) return send(200, source.status());
  if (path === INSTANCE_ROUTES.wake && method === 'POST') {
    source.wake();
    return send(202, 'ok\n');
  }
  send(404, 'not found\n');
}

/** GETs a peer's /status within `timeoutMs`; throws on any failure. */
export function fetchMemberStatus(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<MemberStatus> {
  return call(host, port, 'GET', INSTANCE_ROUTES.status, timeoutMs).then((body) => {
    const st = JSON.parse(body) as Partial<MemberStatus> | null;
    if (typeof st?.name !== 'string' || typeof st.role !== 'string') {
      throw new StewardError('STATUS_INVALID', `${host}:${port}: not a member status`);
    }
    return st as MemberStatus;
  });
}

/** Asks a peer to run a decision cycle now (best effort). */
export async function wakeMember(host: string, port: number, timeoutMs: number): Promise<void> {
  await call(host, port, 'POST', INSTANCE_ROUTES.wake, timeoutMs).catch(() => undefined);
}

function call(
  host: string,
  port: number,
  method: string,
  path: string,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    // One deadline for the whole exchange: a socket timeout is only an idle timeout, which a
    // peer trickling bytes would keep resetting.
    const timer = setTimeout(() => {
      const err = new StewardError('STATUS_TIMEOUT', `${host}:${port}${path} timed out`);
      reject(err);
      req.destroy(err);
    }, timeoutMs);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      reject(err);
    };
    const req = request({ host, port, method, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        const body = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) >= 300)
          reject(new StewardError('STATUS_HTTP', `${path}: HTTP ${res.statusCode}`));
        else resolve(body);
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}
