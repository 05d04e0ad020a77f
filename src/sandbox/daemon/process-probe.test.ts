import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { isSandboxCommandLine, procProbe } from './process-probe.ts';

const node = '/any/node';

void test('isSandboxCommandLine needs "sandbox", "--foreground" and the same directory', () => {
  const fg = [node, 'main.ts', 'sandbox', 'up', '--foreground'];
  assert.equal(isSandboxCommandLine([...fg, '--dir', '/d/s'], '/x', '/d/s'), true);
  assert.equal(isSandboxCommandLine([...fg, '--dir=/d/s'], '/x', '/d/s'), true);
  assert.equal(isSandboxCommandLine([...fg, '--dir', 's'], '/d', '/d/s'), true);
  assert.equal(isSandboxCommandLine(fg, '/w', '/w/.steward/sandbox'), true);
  assert.equal(isSandboxCommandLine([...fg, '--dir', '/other'], '/x', '/d/s'), false);
  assert.equal(
    isSandboxCommandLine([node, 'main.ts', 'sandbox', 'up', '--dir', '/d/s'], '/', '/d/s'),
    false,
  );
  assert.equal(isSandboxCommandLine([node, '-e', 'x', '--foreground'], '/', '/d/s'), false);
});

void test('procProbe: this process is alive and described; an exited one is not alive', async () => {
  assert.equal(await procProbe.isAlive(process.pid), true);
  const me = await procProbe.describe(process.pid);
  assert.ok(me);
  assert.equal(me.cwd, process.cwd());
  assert.ok(me.argv.length > 0);
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  assert.equal(await procProbe.isAlive(child.pid!), false);
  assert.equal(await procProbe.describe(child.pid!), undefined);
});
