// Sandbox cluster benchmark: runs the control plane (API server and controllers) in a child
// process that spawns one kubelet process per node, all with upstream timings, and measures the
// time to Ready nodes, StatefulSets of sleeping pods to all Ready (Parallel and OrderedReady) and
// the memory of the control plane, the kubelets and the containers idle and with many pods.
// Usage: node bench/sandbox/run.ts [--quick] [--nodes N] [--sts-pods N] [--pods N] [--out FILE]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BenchClient, expectStatus } from '../apiserver/client.ts';
import { buildNamespace } from '../apiserver/fixtures.ts';
import { startControlPlane, type ControlPlaneChild } from './child.ts';
import { deleteWorkload, runWorkload, waitNodesReady, type RunningWorkload } from './phases.ts';
import { containerPids, groupStats, kubeletPids, ProcessLedger, readProcStats } from './procs.ts';
import type { MemorySnapshot, PhaseCpu, SandboxBenchResults, WorkloadRun } from './report.ts';
import { formatTable } from './report.ts';
import { buildDeployment, buildStatefulSet } from './workloads.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    nodes: { type: 'string' },
    'sts-pods': { type: 'string' },
    pods: { type: 'string' },
    out: { type: 'string' },
  },
});
const int = (s: string | undefined, dflt: number): number => (s === undefined ? dflt : Number(s));
const config = {
  nodes: int(args.nodes, 3),
  statefulSetPods: int(args['sts-pods'], args.quick ? 5 : 30),
  manyPods: int(args.pods, args.quick ? 10 : 300),
};
const outFile = args.out ?? join(import.meta.dirname, 'results.json');
const SETTLE_MS = args.quick ? 500 : 3_000;
const NS = 'bench';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const log = (msg: string): boolean => process.stderr.write(`… ${msg}\n`);

/** Everything a phase needs: the child, its state directory, a client and a process ledger. */
interface Ctx {
  cp: ControlPlaneChild;
  dir: string;
  c: BenchClient;
  ledger: ProcessLedger;
  cpuMs: Record<string, PhaseCpu>;
}

function cpuNow(ctx: Ctx): PhaseCpu {
  const kubelets = kubeletPids(ctx.dir);
  ctx.ledger.record(kubelets);
  return {
    controlPlane: readProcStats(ctx.cp.pid)?.cpuMs ?? 0,
    kubelets: groupStats(kubelets).cpuMs,
  };
}

async function phase<T>(ctx: Ctx, name: string, fn: () => Promise<T>): Promise<T> {
  log(name);
  const before = cpuNow(ctx);
  const out = await fn();
  const after = cpuNow(ctx);
  ctx.cpuMs[name] = {
    controlPlane: after.controlPlane - before.controlPlane,
    kubelets: after.kubelets - before.kubelets,
  };
  return out;
}

async function snapshot(ctx: Ctx): Promise<MemorySnapshot> {
  await sleep(SETTLE_MS);
  const kubelets = kubeletPids(ctx.dir);
  const containers = containerPids(ctx.dir);
  ctx.ledger.record([...kubelets, ...containers]);
  const proc = readProcStats(ctx.cp.pid);
  const result = {
    controlPlane: {
      rssBytes: proc?.rssBytes ?? 0,
      hwmBytes: proc?.hwmBytes ?? 0,
      heapUsedBytes: 0,
    },
    kubelets: groupStats(kubelets),
    containers: groupStats(containers),
  };
  result.controlPlane.heapUsedBytes = (await ctx.cp.heap()).heapUsed;
  return result;
}

async function runAndDelete(
  ctx: Ctx,
  name: string,
  w: Parameters<typeof runWorkload>[2],
  between?: () => Promise<void>,
): Promise<WorkloadRun> {
  const running: RunningWorkload = await phase(ctx, name, () => runWorkload(ctx.c, NS, w, 600_000));
  ctx.ledger.record(containerPids(ctx.dir));
  await between?.();
  const deleteMs = await deleteWorkload(ctx.c, running, 300_000);
  return { ...running.result, deleteMs };
}

async function measure(
  ctx: Ctx,
): Promise<Omit<SandboxBenchResults, 'stop' | 'totalMs' | 'loadAvg'>> {
  const { cp, c } = ctx;
  log(`${String(config.nodes)} nodes to Ready`);
  const nodesReadyAt = await waitNodesReady(c, config.nodes, 180_000);
  const idle = await snapshot(ctx);
  const ns = JSON.stringify(buildNamespace(NS));
  expectStatus('create namespace', await c.request('POST', '/api/v1/namespaces', ns), 201);
  const sts = (name: string, policy: 'Parallel' | 'OrderedReady') => ({
    kind: 'statefulsets' as const,
    manifest: buildStatefulSet(name, config.statefulSetPods, policy, true),
    replicas: config.statefulSetPods,
  });
  const parallel = await runAndDelete(ctx, 'parallel', sts('par', 'Parallel'));
  const orderedReady = await runAndDelete(ctx, 'orderedReady', sts('ord', 'OrderedReady'));
  let withPods: MemorySnapshot | undefined;
  const manyPods = await runAndDelete(
    ctx,
    'manyPods',
    {
      kind: 'deployments',
      manifest: buildDeployment('many', config.manyPods),
      replicas: config.manyPods,
    },
    async () => void (withPods = await snapshot(ctx)),
  );
  if (!withPods) throw new Error('no memory snapshot with pods');
  const perPod = (a: number, b: number): number =>
    Math.round((a - b) / Math.max(1, config.manyPods));
  return {
    quick: args.quick,
    node: process.version,
    cpus: availableParallelism(),
    memTotalBytes: totalmem(),
    timings: 'upstream',
    config,
    startup: {
      spawnToListeningMs: Math.round(cp.listeningAt - cp.spawnedAt),
      listeningToNodesReadyMs: Math.round(nodesReadyAt - cp.listeningAt),
      upToNodesReadyMs: Math.round(nodesReadyAt - cp.spawnedAt),
    },
    statefulSets: { parallel, orderedReady },
    manyPods,
    memory: {
      idle,
      manyPods: withPods,
      bytesPerPod: {
        controlPlane: perPod(withPods.controlPlane.rssBytes, idle.controlPlane.rssBytes),
        kubelets: perPod(withPods.kubelets.rssBytes, idle.kubelets.rssBytes),
      },
    },
    cpuMs: ctx.cpuMs,
  };
}

/** Stops the sandbox, then kills (by PID and start time) any of its processes still alive. */
async function shutdown(ctx: Ctx): Promise<SandboxBenchResults['stop']> {
  ctx.c.close();
  ctx.ledger.record([...kubeletPids(ctx.dir), ...containerPids(ctx.dir)]);
  const closeMs = await ctx.cp.stop();
  await sleep(200);
  const left = ctx.ledger.alive();
  for (const pid of left) process.kill(pid, 'SIGKILL');
  return { closeMs, leftoverProcesses: left.length };
}

async function main(): Promise<void> {
  const started = performance.now();
  const load = (): number => loadavg()[0] ?? 0;
  const loadStart = load();
  const dir = mkdtempSync(join(tmpdir(), 'steward-bench-sandbox-'));
  const cp = await startControlPlane(dir, config.nodes);
  const ctx: Ctx = { cp, dir, c: new BenchClient(cp, 8), ledger: new ProcessLedger(), cpuMs: {} };
  let measured: Awaited<ReturnType<typeof measure>>;
  let stop: SandboxBenchResults['stop'];
  try {
    measured = await measure(ctx);
  } finally {
    stop = await shutdown(ctx);
    rmSync(dir, { recursive: true, force: true });
  }
  const results: SandboxBenchResults = {
    ...measured,
    loadAvg: { start: loadStart, end: load() },
    stop,
    totalMs: Math.round(performance.now() - started),
  };
  process.stdout.write(`${formatTable(results)}\n`);
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

await main();
