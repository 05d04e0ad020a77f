// The kubelet's HTTP endpoints on <nodeAddress>:10250 (loopback, bearer = the admin token):
//   GET  /containerLogs/<ns>/<pod>/<container>?follow=&previous=&tailLines=&limitBytes=
//   POST /exec/<ns>/<pod>/<container>?command=a&command=b  (request body = stdin)
// The exec answer is a stream of frames: 1 byte channel (1 stdout, 2 stderr, 3 status JSON
// `{"exitCode":n}`), a 4-byte big-endian length, then the payload.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execInContainer } from './exec.ts';
import type { Kubelet } from './kubelet.ts';
import type { PodWorker } from './pod-worker.ts';
import { isRunning, type ContainerRecord } from './records.ts';
import { followLog, readLog } from './log-reader.ts';

/** One exec frame (channel, payload). */
export function frame(channel: 1 | 2 | 3, payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(channel, 0);
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

/** Splits a buffer of complete frames (for clients and tests). */
export function parseFrames(buf: Buffer): { channel: number; payload: Buffer }[] {
  const out: { channel: number; payload: Buffer }[] = [];
  let off = 0;
  while (off + 5 <= buf.length) {
    const len = buf.readUInt32BE(off + 1);
    out.push({ channel: buf.readUInt8(off), payload: buf.subarray(off + 5, off + 5 + len) });
    off += 5 + len;
  }
  return out;
}

function fail(res: ServerResponse, code: number, message: string): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code }));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Serves logs and exec for a kubelet. */
export function startKubeletServer(
  kubelet: Kubelet,
  opts: { host: string; port: number; token: string },
): Promise<Server> {
  const server = createServer((req, res) => {
    void handle(kubelet, opts.token, req, res).catch((err: unknown) => {
      if (!res.headersSent) fail(res, 500, err instanceof Error ? err.message : String(err));
      else res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}

async function handle(
  kubelet: Kubelet,
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.headers.authorization !== `Bearer ${token}`) return fail(res, 401, 'Unauthorized');
  const url = new URL(req.url ?? '/', 'http://kubelet');
  const [, kind, ns = '', podName = '', container = ''] = url.pathname
    .split('/')
    .map(decodeURIComponent);
  const worker = kubelet.find(ns, podName);
  if (!worker) return fail(res, 404, `pods "${podName}" not found`);
  const rec = worker.records.get(container);
  if (!rec) return fail(res, 400, `container ${container} is not valid for pod ${podName}`);
  const target = { worker, rec, podName, container };
  if (kind === 'containerLogs' && req.method === 'GET')
    return serveLogs(target, url.searchParams, res);
  if (kind === 'exec' && req.method === 'POST')
    return serveExec(target, url.searchParams, req, res);
  fail(res, 404, 'not found');
}

interface Target {
  worker: PodWorker;
  rec: ContainerRecord;
  podName: string;
  container: string;
}

/** Which log file (instance number) a logs request reads, or undefined when there is none. */
export function logInstance(rec: ContainerRecord, previous: boolean): number | undefined {
  const crashed = rec.terminated !== undefined && rec.waiting !== undefined;
  if (!previous) return rec.restartCount;
  if (crashed) return rec.restartCount;
  return rec.lastTerminated ? rec.restartCount - 1 : undefined;
}

function serveLogs(t: Target, q: URLSearchParams, res: ServerResponse): void {
  const previous = q.get('previous') === 'true';
  const n = logInstance(t.rec, previous);
  if (n === undefined)
    return fail(
      res,
      400,
      `previous terminated container "${t.container}" in pod "${t.podName}" not found`,
    );
  const file = join(t.worker.podDir, t.container, `${String(n)}.log`);
  if (!existsSync(file)) {
    const why = t.rec.waiting?.reason ?? 'ContainerCreating';
    return fail(
      res,
      400,
      `container "${t.container}" in pod "${t.podName}" is waiting to start: ${why}`,
    );
  }
  const tail = q.get('tailLines');
  const limit = q.get('limitBytes');
  const opts = {
    ...(tail ? { tailLines: Number(tail) } : {}),
    ...(limit ? { limitBytes: Number(limit) } : {}),
  };
  res.writeHead(200, { 'content-type': 'text/plain' });
  if (q.get('follow') !== 'true' || previous) return void res.end(readLog(file, opts));
  const { rec } = t;
  const pid = rec.pid;
  followLog(file, opts, res, () => !isRunning(rec) || rec.pid !== pid);
}

async function serveExec(
  t: Target,
  q: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const argv = q.getAll('command');
  if (argv.length === 0)
    return fail(res, 400, 'you must specify at least one command for the container');
  if (!isRunning(t.rec)) return fail(res, 400, `container ${t.container} is not running`);
  const stdin = await readBody(req);
  res.writeHead(200, { 'content-type': 'application/vnd.steward.exec-stream' });
  const r = await execInContainer(t.worker.containers.execTarget(t.rec), argv, {
    timeoutMs: 0,
    stdin,
    onStdout: (b) => res.write(frame(1, b)),
    onStderr: (b) => res.write(frame(2, b)),
  });
  res.end(frame(3, Buffer.from(JSON.stringify({ exitCode: r.exitCode }))));
}
