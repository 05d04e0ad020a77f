import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parsePid, readPidFile, removePidFileIfOwned, writePidFile } from './pidfile.ts';

void test('parsePid accepts only positive decimal integers', () => {
  assert.equal(parsePid('1234\n'), 1234);
  assert.equal(parsePid(' 7 '), 7);
  for (const bad of ['', '0', '-1', '12a', '1.5', '0x10', '99999999999']) {
    assert.equal(parsePid(bad), undefined, bad);
  }
});

void test('pid file round trip; removal only by its owner', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'steward-pid-'));
  try {
    const path = join(dir, 'sandbox.pid');
    assert.deepEqual(await readPidFile(path), { kind: 'absent' });
    assert.deepEqual(await readPidFile(join(dir, 'missing', 'x.pid')), { kind: 'absent' });
    await writePidFile(path, 42);
    assert.deepEqual(await readPidFile(path), { kind: 'pid', pid: 42 });
    await removePidFileIfOwned(path, 43);
    assert.deepEqual(await readPidFile(path), { kind: 'pid', pid: 42 });
    await removePidFileIfOwned(path, 42);
    assert.deepEqual(await readPidFile(path), { kind: 'absent' });
    await writeFile(path, 'garbage');
    assert.deepEqual(await readPidFile(path), { kind: 'invalid', text: 'garbage' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
