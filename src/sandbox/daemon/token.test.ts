import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ensureAdminToken } from './token.ts';

void test('ensureAdminToken creates a 0600 token once and then keeps it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'steward-token-'));
  try {
    const path = join(dir, 'admin-token');
    let calls = 0;
    const random = (n: number): Uint8Array => (calls++, new Uint8Array(n).fill(7));
    const first = await ensureAdminToken(path, random);
    assert.equal(first, Buffer.alloc(32, 7).toString('base64url'));
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal(await ensureAdminToken(path, random), first);
    assert.equal(calls, 1);
    await writeFile(path, '\n');
    const replaced = await ensureAdminToken(path, random);
    assert.equal(replaced, first);
    assert.equal((await readFile(path, 'utf8')).trim(), first);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
