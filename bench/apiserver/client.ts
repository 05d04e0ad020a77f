// Load-generator side HTTPS client: keep-alive requests and line-oriented watch streams.
import https from 'node:https';
import { performance } from 'node:perf_hooks';

/** One response with its body as text and the client-observed latency. */
export interface BenchResponse {
  status: number;
  body: string;
  ms: number;
}

/** An open watch stream; `close` ends it. */
export interface WatchHandle {
  close(): void;
}

/** Where the server is and how to authenticate. */
export interface Endpoint {
  url: string;
  caCert: string;
  token: string;
}

/** A keep-alive HTTPS client with a bounded socket pool, plus a separate pool for watches. */
export class BenchClient {
  private readonly base: URL;
  private readonly ep: Endpoint;
  private readonly agent: https.Agent;
  private readonly watchAgent: https.Agent;

  constructor(ep: Endpoint, maxSockets: number) {
    this.ep = ep;
    this.base = new URL(ep.url);
    this.agent = new https.Agent({ ca: ep.caCert, keepAlive: true, maxSockets });
    this.watchAgent = new https.Agent({ ca: ep.caCert, keepAlive: false });
  }

  private options(method: string, path: string, agent: https.Agent): https.RequestOptions {
    return {
      host: this.base.hostname,
      port: this.base.port,
      method,
      path,
      agent,
      headers: { Authorization: `Bearer ${this.ep.token}`, Accept: 'application/json' },
    };
  }

  /** Sends one request (JSON body if given) and reads the whole response. */
  request(method: string, path: string, body?: string): Promise<BenchResponse> {
    return new Promise((resolve, reject) => {
      const start = performance.now();
      const req = https.request(this.options(method, path, this.agent), (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - start;
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), ms });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (body !== undefined) {
        req.setHeader('Content-Type', 'application/json');
        req.setHeader('Content-Length', Buffer.byteLength(body));
        req.end(body);
      } else req.end();
    });
  }

  /** Opens a watch; resolves once the server has answered (the watch is registered then). */
  watch(path: string, onLine: (line: string, at: number) => void): Promise<WatchHandle> {
    return new Promise((resolve, reject) => {
      const req = https.request(this.options('GET', path, this.watchAgent), (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`watch ${path}: HTTP ${String(res.statusCode)}`));
          res.resume();
          return;
        }
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buf += chunk;
          let i;
          while ((i = buf.indexOf('\n')) >= 0) {
            onLine(buf.slice(0, i), at);
            buf = buf.slice(i + 1);
          }
        });
        res.on('error', () => undefined);
        resolve({ close: () => req.destroy() });
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
    this.watchAgent.destroy();
  }
}

/** Runs `fn(0..count-1)` with at most `concurrency` calls in flight. */
export async function runPool(
  count: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Throws with the response body when the status is not the expected one. */
export function expectStatus(what: string, res: BenchResponse, ...ok: number[]): void {
  if (!ok.includes(res.status))
    throw new Error(`${what}: HTTP ${String(res.status)}: ${res.body.slice(0, 400)}`);
}
