import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

test('a small --quick run prints a table and a JSON line and writes the results file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-apiserver-test-'));
  const out = join(dir, 'results.json');
  try {
    const args = ['--quick', '--objects', '120', '--pods', '60', '--watchers', '5'];
    args.push('--fan-out-writes', '40', '--watch-writes', '20', '--out', out);
    const script = join(import.meta.dirname, 'run.ts');
    const { stdout } = await run(process.execPath, [script, ...args], { timeout: 60_000 });
    const lines = stdout.trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1] ?? '{}');
    assert.match(stdout, /create configmap/);
    assert.match(stdout, /→ (PASS|FAIL)/);
    assert.equal(last.quick, true);
    assert.deepEqual(
      [last.create.n, last.get.n, last.update.n, last.pods.create.n],
      [120, 120, 120, 60],
    );
    assert.equal(last.list.full.items, 120);
    assert.equal(last.list.labelled.items, 12);
    assert.equal(last.watch.latency.n, 20);
    assert.equal(last.watch.fanOut.delivered, 5 * 40);
    for (const k of ['p50', 'p99', 'max', 'opsPerSec'])
      assert.equal(typeof last.create[k], 'number');
    assert.ok(last.memory.afterPods.rssBytes > 0);
    assert.equal(typeof last.target.pass, 'boolean');
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), last);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
