// Readiness probe of the sandbox API server: GET /readyz must answer 200.
import http from 'node:http';
import https from 'node:https';

/** Outcome of one probe. */
export interface ReadyProbe {
  ready: boolean;
  /** Human-readable detail: "200 OK", "connection refused", … */
  detail: string;
}

/** Where and how to probe: base URL, admin token, and the CA PEM for https. */
export interface ProbeTarget {
  url: string;
  token: string;
  caCert?: string | undefined;
}

/** One GET `${url}/readyz` with a bearer token and a timeout (https verified against `caCert`). */
export function probeReady(target: ProbeTarget, timeoutMs: number): Promise<ReadyProbe> {
  const url = new URL('/readyz', target.url);
  const get = url.protocol === 'https:' ? https.get : http.get;
  const tls = target.caCert === undefined ? {} : { ca: target.caCert };
  return new Promise((resolve) => {
    const req = get(
      url,
      {
        headers: { authorization: `Bearer ${target.token}` },
        agent: false,
        timeout: timeoutMs,
        ...tls,
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve({ ready: status === 200, detail: `${status} ${res.statusMessage ?? ''}`.trim() });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) =>
      resolve({
        ready: false,
        detail: err.code === 'ECONNREFUSED' ? 'connection refused' : err.message,
      }),
    );
  });
}
