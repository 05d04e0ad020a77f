// API server benchmark: runs the sandbox in a child process and measures create/get/list/watch/
// update latency and throughput and the server's memory, from this (load generator) process.
// Usage: node bench/apiserver/run.ts [--quick] [--objects N] [--pods N] [--concurrency N]
//   [--watchers N] [--fan-out-writes N] [--watch-writes N] [--out FILE] [--cpu-prof DIR]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BenchClient, expectStatus } from './client.ts';
import { buildNamespace } from './fixtures.ts';
import { createConfigMaps, createPods, getRandom, listConfigMaps, updateAll } from './phases.ts';
import { formatTable, verdict, type BenchResults, type MemorySample } from './report.ts';
import { startServerChild, type ServerChild } from './server-child.ts';
import { fanOut, watchLatency } from './watch-phase.ts';

const TARGET_P99_MS = 5;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    objects: { type: 'string' },
    pods: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    watchers: { type: 'string', default: '50' },
    'fan-out-writes': { type: 'string' },
    'watch-writes': { type: 'string' },
    out: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});

const int = (s: string | undefined, dflt: number): number => (s === undefined ? dflt : Number(s));
const objects = int(args.objects, args.quick ? 1_000 : 10_000);
const config = {
  objects,
  pods: int(args.pods, objects),
  concurrency: int(args.concurrency, 4),
  watchers: int(args.watchers, 50),
  fanOutWrites: int(args['fan-out-writes'], args.quick ? 200 : 1_000),
  watchWrites: int(args['watch-writes'], args.quick ? 100 : 500),
};
const outFile = args.out ?? join(import.meta.dirname, 'results.json');
const NS = {
  main: 'bench',
  warm: 'bench-warm',
  watch: 'bench-watch',
  fan: 'bench-fanout',
  pods: 'bench-pods',
};

async function memorySample(server: ServerChild): Promise<MemorySample> {
  const { heap, proc } = await server.memory();
  return { rssBytes: proc.rssBytes, hwmBytes: proc.hwmBytes, heapUsedBytes: heap.heapUsed };
}

async function measure(
  server: ServerChild,
  c: BenchClient,
): Promise<Omit<BenchResults, 'totalMs' | 'loadAvg'>> {
  const serverCpuMs: Record<string, number> = {};
  const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const before = server.proc().cpuMs;
    process.stderr.write(`… ${name}\n`);
    const out = await fn();
    serverCpuMs[name] = server.proc().cpuMs - before;
    return out;
  };
  const baseline = await memorySample(server);
  for (const ns of Object.values(NS))
    expectStatus(
      'create namespace',
      await c.request('POST', '/api/v1/namespaces', JSON.stringify(buildNamespace(ns))),
      201,
    );
  const warm = Math.min(200, config.objects);
  await createConfigMaps(c, NS.warm, 'warm', warm, config.concurrency);
  await getRandom(c, NS.warm, {
    prefix: 'warm',
    objects: warm,
    count: warm,
    concurrency: config.concurrency,
  });

  const { result: create, rvs } = await phase('create', () =>
    createConfigMaps(c, NS.main, 'cm', config.objects, config.concurrency),
  );
  const get = await phase('get', () =>
    getRandom(c, NS.main, {
      prefix: 'cm',
      objects: config.objects,
      count: config.objects,
      concurrency: config.concurrency,
    }),
  );
  const list = await phase('list', () => listConfigMaps(c, NS.main, 3));
  const latency = await phase('watch', () => watchLatency(c, NS.watch, config.watchWrites));
  const fan = await phase('fanOut', () =>
    fanOut(c, NS.fan, {
      watchers: config.watchers,
      writes: config.fanOutWrites,
      concurrency: config.concurrency,
      timeoutMs: 60_000,
    }),
  );
  const update = await phase('update', () =>
    updateAll(c, NS.main, { prefix: 'cm', rvs, concurrency: config.concurrency }),
  );
  const beforePods = await memorySample(server);
  const pods = await phase('pods', () => createPods(c, NS.pods, config.pods, config.concurrency));
  const afterPods = await memorySample(server);
  return {
    quick: args.quick,
    node: process.version,
    cpus: availableParallelism(),
    config,
    create,
    get,
    list,
    watch: { latency, fanOut: fan },
    update,
    pods,
    memory: {
      baseline,
      beforePods,
      afterPods,
      bytesPerPod: Math.round(
        (afterPods.rssBytes - beforePods.rssBytes) / Math.max(1, config.pods),
      ),
    },
    serverCpuMs,
    target: verdict(create, get, TARGET_P99_MS),
  };
}

async function main(): Promise<void> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
  const profDir = args['cpu-prof'] === undefined ? undefined : resolve(args['cpu-prof']);
  const server = await startServerChild(dir, profDir);
  const client = new BenchClient(server, config.concurrency);
  const load = (): number => loadavg()[0] ?? 0;
  const loadStart = load();
  let results: BenchResults;
  try {
    results = {
      ...(await measure(server, client)),
      loadAvg: { start: loadStart, end: 0 },
      totalMs: 0,
    };
  } finally {
    client.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  results.totalMs = Math.round(performance.now() - started);
  results.loadAvg.end = load();
  process.stdout.write(`${formatTable(results)}\n`);
  writeFileSync(outFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

await main();
