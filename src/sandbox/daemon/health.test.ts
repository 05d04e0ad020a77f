import assert from 'node:assert/strict';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { buildPki } from '../pki.ts';
import { probeReady } from './health.ts';

void test('probeReady: 200 is ready, anything else is not, with a reason', async () => {
  let status = 503;
  let auth: string | undefined;
  const server = http.createServer((req, res) => {
    auth = req.headers.authorization;
    res.writeHead(req.url === '/readyz' ? status : 404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.deepEqual(await probeReady({ url, token: 'tok' }, 1000), {
      ready: false,
      detail: '503 Service Unavailable',
    });
    assert.equal(auth, 'Bearer tok');
    status = 200;
    assert.deepEqual(await probeReady({ url, token: 'tok' }, 1000), {
      ready: true,
      detail: '200 OK',
    });
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
  assert.deepEqual(await probeReady({ url, token: 'tok' }, 1000), {
    ready: false,
    detail: 'connection refused',
  });
});

void test('probeReady verifies https against the given CA', async () => {
  const pki = buildPki(['127.0.0.1'], new Date());
  const server = https.createServer({ cert: pki.serverCert, key: pki.serverKey }, (_req, res) =>
    res.writeHead(200).end('ok'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const ok = await probeReady({ url, token: 't', caCert: pki.caCert }, 2000);
    assert.deepEqual(ok, { ready: true, detail: '200 OK' });
    const untrusted = await probeReady({ url, token: 't' }, 2000);
    assert.equal(untrusted.ready, false);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
