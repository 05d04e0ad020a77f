import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTable, type SandboxBenchResults, type WorkloadRun } from './report.ts';

const run = (pods: number): WorkloadRun => ({
  pods,
  allReadyMs: 1000,
  perPodMs: Math.round(1000 / pods),
  firstReadyMs: 100,
  podCreateToScheduled: { n: pods, p50: 50, p99: 90, max: 95, mean: 42 },
  podCreateToReady: { n: pods, p50: 400, p99: 900, max: 950, mean: 420 },
  perNode: { 'node-2': pods - 1, 'node-1': 1 },
  deleteMs: 300,
});
const mem = (mb: number, pods: number) => ({
  controlPlane: { rssBytes: mb * 1048576, hwmBytes: mb * 1048576, heapUsedBytes: 40 * 1048576 },
  kubelets: { count: 3, rssBytes: 300 * 1048576, pssBytes: 290 * 1048576, cpuMs: 0 },
  containers: { count: pods, rssBytes: pods * 1048576, pssBytes: pods * 262144, cpuMs: 0 },
});

test('the table shows every workload, the memory rows and the stop line', () => {
  const r: SandboxBenchResults = {
    quick: false,
    node: 'v24',
    cpus: 2,
    memTotalBytes: 1024 * 1048576,
    loadAvg: { start: 0.5, end: 1 },
    timings: 'upstream',
    config: { nodes: 3, statefulSetPods: 30, manyPods: 300 },
    startup: { spawnToListeningMs: 900, listeningToNodesReadyMs: 1200, upToNodesReadyMs: 2100 },
    statefulSets: {
      parallel: { ...run(30), outOfOrder: 29 },
      orderedReady: { ...run(30), outOfOrder: 0 },
    },
    manyPods: run(300),
    memory: {
      idle: mem(180, 0),
      manyPods: mem(260, 300),
      bytesPerPod: { controlPlane: 2048, kubelets: 1024 },
    },
    cpuMs: { parallel: { controlPlane: 10, kubelets: 20 } },
    stop: { closeMs: 50, leftoverProcesses: 0 },
    totalMs: 60_000,
  };
  const table = formatTable(r);
  assert.match(table, /up → 3 nodes Ready: 2100 ms \(spawn → API listening 900 ms, then 1200 ms\)/);
  assert.match(table, /StatefulSet Parallel\s+30\s+1000\s+33\s+50\s+400\s+900\s+300\s+10\s+20/);
  assert.match(table, /Deployment\s+300\s+1000\s+3\s/);
  assert.match(table, /predecessor was Ready: Parallel 29, OrderedReady 0/);
  assert.match(table, /300 pods per node: node-1 1, node-2 299/);
  assert.match(
    table,
    /with 300 pods\s+260\.0 MB\s+40\.0 MB\s+300\.0 MB \(3\)\s+300\.0 MB \(300\)\s+75\.0 MB/,
  );
  assert.match(table, /per pod: control plane 2\.0 KB, kubelets 1\.0 KB/);
  assert.match(table, /stop: close 50 ms, 0 processes left over/);
});
