// pods/<name>/exec over WebSocket (the remote-command protocol kubectl 1.32 speaks:
// v5.channel.k8s.io / v4.channel.k8s.io): runs the command through the pod's kubelet and relays
// stdout, stderr and the exit status.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiCore } from './api-core.ts';
import { ApiError } from './errors.ts';
import { kubeletRequest, kubeletTarget } from './kubelet-client.ts';

const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const STDIN = 0;
const ERROR = 3;
const CLOSE = 255;

/** The Status written on the error channel when the command ends. */
export function exitStatus(argv: string[], exitCode: number): object {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${String(exitCode)}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** Splits the kubelet's framed exec stream (1-byte channel, 4-byte length, payload). */
function* frames(buf: { data: Buffer }): Generator<{ channel: number; payload: Buffer }> {
  while (buf.data.length >= 5) {
    const len = buf.data.readUInt32BE(1);
    if (buf.data.length < 5 + len) return;
    yield { channel: buf.data.readUInt8(0), payload: buf.data.subarray(5, 5 + len) };
    buf.data = buf.data.subarray(5 + len);
  }
}

/** Handles WebSocket upgrades of exec requests; returns false for other paths. */
export function execUpgradeHandler(core: ApiCore, kubeletToken: string) {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false,
  });
  return (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): boolean => {
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(url.pathname);
    if (!m) return false;
    const q = url.searchParams;
    let target;
    try {
      target = kubeletTarget(
        core,
        decodeURIComponent(m[1] ?? ''),
        decodeURIComponent(m[2] ?? ''),
        q.get('container'),
      );
    } catch (err) {
      const status = err instanceof ApiError ? err.status : { code: 500, message: String(err) };
      socket.end(
        `HTTP/1.1 ${String(status.code)} Error\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${JSON.stringify(status)}`,
      );
      return true;
    }
    const argv = q.getAll('command');
    const wantStdin = q.get('stdin') === 'true' || q.get('stdin') === '1';
    wss.handleUpgrade(req, socket, head, (ws) => {
      void relay(ws, { target, argv, wantStdin, token: kubeletToken });
    });
    return true;
  };
}

async function collectStdin(ws: WebSocket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    const done = (): void => resolve(Buffer.concat(chunks));
    ws.on('message', (data: Buffer) => {
      if (data[0] === STDIN) chunks.push(data.subarray(1));
      if (data[0] === CLOSE && data[1] === STDIN) done();
    });
    ws.on('close', done);
  });
}

async function relay(
  ws: WebSocket,
  o: {
    target: ReturnType<typeof kubeletTarget>;
    argv: string[];
    wantStdin: boolean;
    token: string;
  },
): Promise<void> {
  const send = (channel: number, payload: Buffer): void => {
    if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), payload]));
  };
  try {
    const stdin =
      o.wantStdin && ws.protocol === 'v5.channel.k8s.io' ? await collectStdin(ws) : Buffer.alloc(0);
    const params = new URLSearchParams();
    for (const a of o.argv) params.append('command', a);
    const ns = encodeURIComponent(o.target.pod.metadata.namespace ?? '');
    const pod = encodeURIComponent(o.target.pod.metadata.name ?? '');
    const res = await kubeletRequest(
      o.target,
      'POST',
      `/exec/${ns}/${pod}/${encodeURIComponent(o.target.container)}?${params.toString()}`,
      o.token,
      stdin,
    );
    if ((res.statusCode ?? 500) >= 400) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        message?: string;
      };
      send(
        ERROR,
        Buffer.from(
          JSON.stringify({
            metadata: {},
            status: 'Failure',
            message: body.message ?? 'exec failed',
            reason: 'InternalError',
          }),
        ),
      );
      return;
    }
    const buf = { data: Buffer.alloc(0) };
    for await (const chunk of res) {
      buf.data = Buffer.concat([buf.data, chunk as Buffer]);
      for (const f of frames(buf)) {
        if (f.channel === 3) {
          const { exitCode } = JSON.parse(f.payload.toString('utf8')) as { exitCode: number };
          send(ERROR, Buffer.from(JSON.stringify(exitStatus(o.argv, exitCode))));
        } else send(f.channel, f.payload);
      }
    }
  } catch (err) {
    send(
      ERROR,
      Buffer.from(
        JSON.stringify({
          metadata: {},
          status: 'Failure',
          message: err instanceof Error ? err.message : String(err),
        }),
      ),
    );
  } finally {
    ws.close(1000);
  }
}
