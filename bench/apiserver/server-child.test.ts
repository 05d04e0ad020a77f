import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCpuMs, parseVmBytes } from './server-child.ts';

test('parseVmBytes reads kB fields of /proc/<pid>/status', () => {
  const status = 'Name:\tnode\nVmHWM:\t  2048 kB\nVmRSS:\t  1024 kB\n';
  assert.equal(parseVmBytes(status, 'VmRSS'), 1024 * 1024);
  assert.equal(parseVmBytes(status, 'VmHWM'), 2048 * 1024);
  assert.equal(parseVmBytes(status, 'VmSwap'), 0);
});

test('parseCpuMs adds utime and stime, even with spaces in the command name', () => {
  const stat = '123 (node main) S 1 123 123 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0';
  assert.equal(parseCpuMs(stat), 3000);
});
