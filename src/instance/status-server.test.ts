import { test, suite, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import type { MemberStatus } from '../api/instance.ts';
import { StewardError } from '../lib/errors.ts';
import {
  fetchMemberStatus,
  startStatusServer,
  wakeMember,
  type StatusServer,
  type StatusSource,
} from './status-server.ts';

const HOST = '127.0.0.1';

const status: MemberStatus = {
  name: 'pg-0',
  address: HOST,
  postgresPort: 5432,
  statusPort: 8008,
  role: 'primary',
  postgresRunning: true,
  hasData: true,
  systemIdentifier: '7300',
  timeline: 1,
  lsn: '0/3000060',
  replayedLsn: null,
  streaming: false,
  following: null,
  lagBytes: 0,
  lagSeconds: null,
  leaseHolder: 'pg-0',
  leaseExpiresInMs: 12_000,
  sync: null,
  postgresVersion: '17.2',
  pendingRestart: false,
  message: 'no action: I am the primary and hold the lease',
  time: '2025-01-01T00:00:00.000Z',
};

/** A source whose answers the tests change. */
function fakeSource() {
  const s = {
    healthy: true,
    ready: { ready: true, reason: 'primary holding the lease' },
    wakes: 0,
    fail: false,
  };
  const source: StatusSource = {
    status: () => {
      if (s.fail) throw new Error('observation broke');
      return status;
    },
    healthy: () => s.healthy,
    ready: () => s.ready,
    wake: () => void s.wakes++,
  };
  return { s, source };
}

const errCode = (code: string) => (e: unknown) => e instanceof StewardError && e.code === code;

async function get(port: number, path: string, method = 'GET') {
  const r = await fetch(`http://${HOST}:${port}${path}`, { method });
  return { code: r.status, type: r.headers.get('content-type'), body: await r.text() };
}

suite('status server', () => {
  const { s, source } = fakeSource();
  let server: StatusServer;
  before(async () => {
    server = await startStatusServer(source, HOST, 0);
  });
  after(() => server.close());

  test('listens on a chosen port', () => {
    assert.ok(server.port > 0);
  });

  test('/healthz says whether the loop runs', async () => {
    s.healthy = true;
    assert.deepEqual(await get(server.port, '/healthz'), {
      code: 200,
      type: 'text/plain',
      body: 'ok\n',
    });
    s.healthy = false;
    assert.deepEqual(await get(server.port, '/healthz'), {
      code: 503,
      type: 'text/plain',
      body: 'stalled\n',
    });
    s.healthy = true;
  });

  test('/readyz gives the reason', async () => {
    assert.deepEqual(await get(server.port, '/readyz?verbose'), {
      code: 200,
      type: 'text/plain',
      body: 'primary holding the lease\n',
    });
    s.ready = { ready: false, reason: 'primary without the lease' };
    assert.equal((await get(server.port, '/readyz')).code, 503);
    assert.equal((await get(server.port, '/readyz')).body, 'primary without the lease\n');
  });

  test('/status serves the member status as JSON', async () => {
    const r = await get(server.port, '/status');
    assert.equal(r.code, 200);
    assert.equal(r.type, 'application/json');
    assert.deepEqual(JSON.parse(r.body), status);
    assert.deepEqual(await fetchMemberStatus(HOST, server.port, 1_000), status);
  });

  test('POST /wake runs a cycle; GET /wake and unknown paths are 404', async () => {
    const before = s.wakes;
    assert.deepEqual(await get(server.port, '/wake', 'POST'), {
      code: 202,
      type: 'text/plain',
      body: 'ok\n',
    });
    await wakeMember(HOST, server.port, 1_000);
    assert.equal(s.wakes, before + 2);
    assert.equal((await get(server.port, '/wake')).code, 404);
    assert.deepEqual(await get(server.port, '/nope'), {
      code: 404,
      type: 'text/plain',
      body: 'not found\n',
    });
    assert.equal(s.wakes, before + 2);
  });

  test('a throwing source costs one request (500), not the process', async () => {
    s.fail = true;
    assert.deepEqual(await get(server.port, '/status'), {
      code: 500,
      type: 'text/plain',
      body: 'observation broke\n',
    });
    await assert.rejects(fetchMemberStatus(HOST, server.port, 1_000), errCode('STATUS_HTTP'));
    s.fail = false;
    assert.equal((await get(server.port, '/status')).code, 200);
  });

  test('a port in use is an error', async () => {
    await assert.rejects(startStatusServer(source, HOST, server.port), /EADDRINUSE/);
  });
});

/** Starts a bare server; returns its port and a closer that also ends open sockets. */
async function rawServer(
  srv: Server | NetServer,
): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  srv.on('connection', (c: Socket) => sockets.add(c));
  await new Promise<void>((resolve) => srv.listen(0, HOST, resolve));
  return {
    port: (srv.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of sockets) c.destroy();
        srv.close(() => resolve());
      }),
  };
}

suite('fetchMemberStatus', () => {
  test('gives up on a peer that accepts but never answers, within the timeout', async () => {
    const srv = await rawServer(createNetServer());
    try {
      const t0 = performance.now();
      await assert.rejects(fetchMemberStatus(HOST, srv.port, 200), errCode('STATUS_TIMEOUT'));
      const took = performance.now() - t0;
      assert.ok(took >= 150 && took < 1_500, `took ${took} ms`);
    } finally {
      await srv.close();
    }
  });

  test('gives up on a peer that trickles its answer, within the timeout', async () => {
    const timers: NodeJS.Timeout[] = [];
    const http = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      timers.push(setInterval(() => res.write(' '), 50));
    });
    const srv = await rawServer(http);
    try {
      const t0 = performance.now();
      await assert.rejects(fetchMemberStatus(HOST, srv.port, 300), errCode('STATUS_TIMEOUT'));
      const took = performance.now() - t0;
      assert.ok(took < 1_500, `took ${took} ms`);
    } finally {
      for (const t of timers) clearInterval(t);
      await srv.close();
    }
  });

  test('refuses an answer that is not a member status', async () => {
    const http = createHttpServer((_req, res) => res.end('{"hello":"world"}'));
    const srv = await rawServer(http);
    try {
      await assert.rejects(fetchMemberStatus(HOST, srv.port, 1_000), errCode('STATUS_INVALID'));
    } finally {
      await srv.close();
    }
  });

  test('fails fast on a closed port; waking it is best effort', async () => {
    const srv = await rawServer(createNetServer());
    const port = srv.port;
    await srv.close();
    await assert.rejects(fetchMemberStatus(HOST, port, 1_000), /ECONNREFUSED/);
    await wakeMember(HOST, port, 1_000);
  });
});
