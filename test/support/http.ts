// Test support: raw HTTPS calls to an API server (status codes and bodies exactly as sent).
import https from 'node:https';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RawClient {
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<RawResponse>;
  /** Opens a watch and collects events until `until` returns true or the timeout passes. */
  watch(
    path: string,
    until: (events: WatchEvent[]) => boolean,
    timeoutMs?: number,
  ): Promise<WatchEvent[]>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WatchEvent = { type: string; object: any };

/** A client for one API server URL, CA and bearer token. */
export function rawClient(url: string, caCert: string, token: string): RawClient {
  const base = new URL(url);
  const agent = new https.Agent({ ca: caCert, keepAlive: true });
  const request: RawClient['request'] = (method, path, body, headers = {}) =>
    new Promise((resolve, reject) => {
      const payload =
        body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const req = https.request(
        {
          host: base.hostname,
          port: base.port,
          path,
          method,
          agent,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(payload !== undefined
              ? {
                  'Content-Type': 'application/json',
                  'Content-Length': String(Buffer.byteLength(payload)),
                }
              : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  const watch: RawClient['watch'] = (path, until, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const events: WatchEvent[] = [];
      let buf = '';
      const req = https.request(
        {
          host: base.hostname,
          port: base.port,
          path,
          method: 'GET',
          agent,
          headers: { Authorization: `Bearer ${token}` },
        },
        (res) => {
          res.on('data', (c: Buffer) => {
            buf += c.toString('utf8');
            let i;
            while ((i = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, i);
              buf = buf.slice(i + 1);
              if (line.trim()) events.push(JSON.parse(line) as WatchEvent);
            }
            if (until(events)) finish();
          });
          res.on('end', finish);
        },
      );
      const timer = setTimeout(finish, timeoutMs);
      function finish(): void {
        clearTimeout(timer);
        req.destroy();
        resolve(events);
      }
      req.on('error', (err) => (events.length > 0 ? resolve(events) : reject(err)));
      req.end();
    });
  return { request, watch };
}
