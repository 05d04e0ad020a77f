import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { StewardError } from '../../lib/errors.ts';
import {
  ensureLoopbackHost,
  ensurePortFree,
  ensureWritableDir,
  isLoopbackHost,
} from './preflight.ts';

void test('isLoopbackHost', () => {
  for (const h of ['127.0.0.1', '127.3.4.5', '::1', 'localhost'])
    assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['0.0.0.0', '10.0.0.1', '::', 'example.com', '1270.0.0.1'])
    assert.equal(isLoopbackHost(h), false, h);
  assert.throws(() => ensureLoopbackHost('0.0.0.0'), { code: 'HOST_NOT_LOOPBACK' });
});

void test('ensurePortFree fails with PORT_IN_USE for a bound port', async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  try {
    await assert.rejects(ensurePortFree('127.0.0.1', port), (err: unknown) => {
      assert.ok(err instanceof StewardError);
      assert.equal(err.code, 'PORT_IN_USE');
      assert.match(err.message, new RegExp(`^port ${port} on 127.0.0.1 is already in use`));
      return true;
    });
  } finally {
    server.close();
  }
  await ensurePortFree('127.0.0.1', 0);
});

void test('ensureWritableDir creates the directory or says why it cannot', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'steward-pre-'));
  try {
    await ensureWritableDir(join(dir, 'a', 'b'));
    await writeFile(join(dir, 'file'), '');
    await assert.rejects(ensureWritableDir(join(dir, 'file', 'x')), {
      code: 'DIR_NOT_WRITABLE',
      message: `cannot use ${join(dir, 'file', 'x')} as the sandbox directory: it or a parent path is not a directory`,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
