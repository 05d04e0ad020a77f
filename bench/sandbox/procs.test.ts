import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  containerPids,
  groupStats,
  kubeletPids,
  parsePidList,
  processStartTicks,
  ProcessLedger,
  readProcStats,
} from './procs.ts';

test('parsePidList keeps integers of a JSON array only', () => {
  assert.deepEqual(parsePidList('[1, 2.5, "3", 4]'), [1, 4]);
  assert.deepEqual(parsePidList('{"a":1}'), []);
  assert.deepEqual(parsePidList(''), []);
});

test('kubelet and container PIDs are read from the node directories', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-procs-'));
  try {
    for (const [n, pid, pids] of [
      ['node-1', '101\n', '[1, 2]'],
      ['node-2', '', '[3]'],
    ] as const) {
      mkdirSync(join(dir, 'nodes', n), { recursive: true });
      writeFileSync(join(dir, 'nodes', n, 'kubelet.pid'), pid);
      writeFileSync(join(dir, 'nodes', n, 'pids.json'), pids);
    }
    assert.deepEqual(kubeletPids(dir), [101]);
    assert.deepEqual(containerPids(dir).sort(), [1, 2, 3]);
    assert.deepEqual(kubeletPids(join(dir, 'missing')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('this process is measured and recorded; a dead PID is not', () => {
  const me = readProcStats(process.pid);
  assert.ok(me && me.rssBytes > 0 && me.cpuMs >= 0);
  assert.equal(readProcStats(2 ** 30), undefined);
  assert.deepEqual(groupStats([process.pid, 2 ** 30]).count, 1);
  assert.ok((processStartTicks(process.pid) ?? -1) >= 0);
  const ledger = new ProcessLedger();
  ledger.record([process.pid, 2 ** 30]);
  assert.deepEqual(ledger.alive(), [process.pid]);
});
