// Runs one probe or lifecycle handler (exec, httpGet, tcpSocket) against a container.
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { execInContainer, type ExecTarget } from './exec.ts';
import type { Container, ProbeHandler } from './types.ts';

/** Outcome of a probe: success and the text upstream puts in the Unhealthy event. */
export interface ProbeOutcome {
  ok: boolean;
  output: string;
}

/** Resolves a numeric or named port of a container. */
export function resolvePort(c: Container, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort;
}

/** Runs a handler; `podIP` is the default host of httpGet and tcpSocket. */
export async function runHandler(
  h: ProbeHandler,
  c: Container,
  target: ExecTarget & { podIP: string },
  timeoutMs: number,
): Promise<ProbeOutcome> {
  if (h.exec) {
    const r = await execInContainer(target, h.exec.command ?? [], { timeoutMs });
    const output = Buffer.concat([r.stdout, r.stderr]).toString('utf8').trim();
    if (r.timedOut)
      return { ok: false, output: `command timed out after ${String(timeoutMs / 1000)}s` };
    return { ok: r.exitCode === 0, output };
  }
  if (h.httpGet) {
    const port = resolvePort(c, h.httpGet.port);
    if (port === undefined) return { ok: false, output: `invalid port: ${String(h.httpGet.port)}` };
    const url = probeUrl(
      h.httpGet.scheme === 'HTTPS',
      h.httpGet.host || target.podIP,
      port,
      h.httpGet.path ?? '/',
    );
    return httpProbe(url, h.httpGet.httpHeaders ?? [], timeoutMs);
  }
  if (h.tcpSocket) {
    const port = resolvePort(c, h.tcpSocket.port);
    if (port === undefined)
      return { ok: false, output: `invalid port: ${String(h.tcpSocket.port)}` };
    return tcpProbe(h.tcpSocket.host || target.podIP, port, timeoutMs);
  }
  return { ok: false, output: 'missing probe handler' };
}

/** The URL an httpGet probe requests. */
export function probeUrl(https: boolean, host: string, port: number, path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  return `${https ? 'https' : 'http'}://${host}:${String(port)}${p}`;
}

function httpProbe(
  url: string,
  headers: { name: string; value: string }[],
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const { hostname: host, port: portText } = new URL(url);
  const port = Number(portText);
  const https = url.startsWith('https:');
  const hdrs: Record<string, string> = { 'user-agent': 'kube-probe/1.32', accept: '*/*' };
  for (const h of headers) hdrs[h.name.toLowerCase()] = h.value;
  return new Promise((resolve) => {
    const req = (https ? httpsRequest : request)(url, {
      headers: hdrs,
      rejectUnauthorized: false,
      agent: false,
    });
    req.setTimeout(timeoutMs, () =>
      req.destroy(
        new Error(`context deadline exceeded (Client.Timeout exceeded while awaiting headers)`),
      ),
    );
    req.on('response', (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      if (code >= 200 && code < 400) resolve({ ok: true, output: '' });
      else resolve({ ok: false, output: `HTTP probe failed with statuscode: ${String(code)}` });
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ ok: false, output: `Get "${url}": ${dialError(e, host, port)}` }),
    );
    req.end();
  });
}

function dialError(e: NodeJS.ErrnoException, host: string, port: number): string {
  if (e.code === 'ECONNREFUSED')
    return `dial tcp ${host}:${String(port)}: connect: connection refused`;
  return e.message;
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    sock.setTimeout(timeoutMs, () => {
      sock.destroy();
      resolve({ ok: false, output: `dial tcp ${host}:${String(port)}: i/o timeout` });
    });
    sock.on('connect', () => {
      sock.destroy();
      resolve({ ok: true, output: '' });
    });
    sock.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ ok: false, output: dialError(e, host, port) }),
    );
  });
}
