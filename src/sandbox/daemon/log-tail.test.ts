import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileSize, formatLogTail, lastLines, readLogTail } from './log-tail.ts';

void test('lastLines drops blank lines and keeps the last n', () => {
  assert.deepEqual(lastLines('a\n\nb  \nc\n', 2), ['b', 'c']);
  assert.equal(formatLogTail('/l', []), '/l is empty');
  assert.equal(formatLogTail('/l', ['x']), 'last lines of /l:\n  x');
});

void test('readLogTail reads only what was written after an offset', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'steward-log-'));
  try {
    const path = join(dir, 'log');
    assert.equal(await fileSize(path), 0);
    await appendFile(path, 'old run\n');
    const from = await fileSize(path);
    await appendFile(path, 'new 1\nnew 2\n');
    assert.deepEqual(await readLogTail(path, from, 10), ['new 1', 'new 2']);
    assert.deepEqual(await readLogTail(join(dir, 'none'), 0, 10), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
