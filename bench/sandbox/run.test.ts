import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

test('a --quick run prints a table and a JSON line, writes the results file and stops everything', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sandbox-test-'));
  const out = join(dir, 'results.json');
  try {
    const script = join(import.meta.dirname, 'run.ts');
    const { stdout } = await run(process.execPath, [script, '--quick', '--out', out], {
      timeout: 30_000,
    });
    const lines = stdout.trim().split('\n');
    const last = JSON.parse(lines[lines.length - 1] ?? '{}');
    assert.match(stdout, /StatefulSet OrderedReady/);
    assert.equal(last.quick, true);
    assert.deepEqual(last.config, { nodes: 3, statefulSetPods: 5, manyPods: 10 });
    assert.ok(last.startup.upToNodesReadyMs > 0);
    for (const w of [last.statefulSets.parallel, last.statefulSets.orderedReady, last.manyPods]) {
      assert.equal(w.podCreateToReady.n, w.pods);
      assert.ok(w.allReadyMs > 0 && w.deleteMs >= 0);
    }
    const spread: number[] = Object.values(last.manyPods.perNode);
    assert.equal(
      spread.reduce((a, b) => a + b, 0),
      10,
    );
    assert.equal(last.memory.idle.kubelets.count, 3);
    assert.equal(last.memory.idle.containers.count, 0);
    assert.equal(last.memory.manyPods.containers.count, 10);
    assert.ok(last.memory.manyPods.controlPlane.rssBytes > 0);
    assert.equal(last.statefulSets.orderedReady.outOfOrder, 0);
    assert.equal(last.stop.leftoverProcesses, 0);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), last);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
