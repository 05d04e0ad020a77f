// A small HTTPS client for the sandbox API server (bearer token + CA), used by the kubelet
// process: JSON requests and line-delimited watch streams.
import { Agent, request as httpsRequest } from 'node:https';
import { request as httpRequest, type IncomingMessage } from 'node:http';

/** A non-2xx answer of the API server, with its Status body when there is one. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly reason: string;
  readonly body: unknown;
  constructor(status: number, body: unknown) {
    const st = body as { message?: string; reason?: string } | undefined;
    super(`HTTP ${String(status)}: ${st?.message ?? String(JSON.stringify(body))}`);
    this.status = status;
    this.reason = st?.reason ?? '';
    this.body = body;
  }
}

/** Whether an error is an API error with the given HTTP status. */
export const isStatus = (err: unknown, status: number): boolean =>
  err instanceof ApiRequestError && err.status === status;

/** Connection settings of the client. */
export interface ApiClientOptions {
  url: string;
  token: string;
  ca: string;
  /** Per-request timeout (not applied to watches). */
  timeoutMs?: number;
}

/** One watch event as streamed by the API server. */
export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** JSON-over-HTTPS client with bearer authentication. */
export class ApiClient {
  private readonly base: URL;
  private readonly opts: ApiClientOptions;
  private readonly agent: Agent;

  constructor(opts: ApiClientOptions) {
    this.opts = opts;
    this.base = new URL(opts.url);
    this.agent = new Agent({ ca: opts.ca, keepAlive: true, maxSockets: 32 });
  }

  /** Host and port of the API server (for KUBERNETES_SERVICE_HOST/PORT). */
  get endpoint(): { host: string; port: string } {
    const port = this.base.port || (this.base.protocol === 'https:' ? '443' : '80');
    return { host: this.base.hostname, port };
  }

  /** Sends a request and parses the JSON answer; throws ApiRequestError on non-2xx. */
  async request<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.send({ method, path, body, contentType }, this.opts.timeoutMs ?? 15_000);
    const text = await readAll(res);
    const parsed: unknown = text ? safeJson(text) : undefined;
    const status = res.statusCode ?? 0;
    if (status < 200 || status >= 300)
      throw new ApiRequestError(status, parsed ?? `${method} ${path}`);
    return parsed as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }
  create<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }
  replace<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
  /** JSON merge patch. */
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body, 'application/merge-patch+json');
  }
  delete<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('DELETE', path, body);
  }

  /**
   * Opens a watch; calls `onEvent` for each event until the stream ends, `signal` aborts, or no
   * byte arrives for `idleMs` (bookmarks keep a healthy watch busy; a cut-off one is dropped).
   */
  async watch<T>(
    path: string,
    onEvent: (ev: WatchEvent<T>) => void,
    signal: AbortSignal,
    idleMs = 0,
  ): Promise<void> {
    const res = await this.send({ method: 'GET', path }, idleMs, signal);
    const status = res.statusCode ?? 0;
    if (status !== 200) throw new ApiRequestError(status, safeJson(await readAll(res)));
    let buf = '';
    res.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      res.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) onEvent(JSON.parse(line) as WatchEvent<T>);
        }
      });
      res.on('end', resolve);
      res.on('close', resolve);
      res.on('error', (err) => (signal.aborted ? resolve() : reject(err)));
    });
  }

  /** Closes idle connections. */
  close(): void {
    this.agent.destroy();
  }

  private send(
    r: { method: string; path: string; body?: unknown; contentType?: string | undefined },
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<IncomingMessage> {
    const { method, path, body, contentType } = r;
    const url = new URL(path, this.base);
    const data = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.opts.token}`,
      accept: 'application/json',
    };
    if (data !== undefined) {
      headers['content-type'] = contentType ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(data));
    }
    const https = url.protocol === 'https:';
    const doRequest = https ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = doRequest(url, {
        method,
        headers,
        ...(https ? { agent: this.agent } : {}),
        ...(signal ? { signal } : {}),
      });
      if (timeoutMs > 0) req.setTimeout(timeoutMs, () => req.destroy(new Error('request timeout')));
      req.on('response', resolve);
      req.on('error', reject);
      req.end(data);
    });
  }
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
