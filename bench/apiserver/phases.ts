// Request-response phases: create, get, list and update of ConfigMaps; pod creation.
import { performance } from 'node:perf_hooks';
import { expectStatus, runPool, type BenchClient } from './client.ts';
import { buildConfigMap, buildPod, GROUPS } from './fixtures.ts';
import { perSecond, round3, summarize, type LatencySummary } from './stats.ts';

/** Throughput and latency of a batch of writes or reads. */
export interface BatchResult extends LatencySummary {
  totalMs: number;
  opsPerSec: number;
}

/** One list call: time, response size and item count. */
export interface ListResult {
  ms: number;
  bytes: number;
  items: number;
}

const cmPath = (ns: string): string => `/api/v1/namespaces/${ns}/configmaps`;

/** A deterministic PRNG (mulberry32) so runs pick the same "random" objects. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `count` operations with `concurrency` in flight and summarizes their latencies. */
export async function timedBatch(
  count: number,
  concurrency: number,
  op: (i: number) => Promise<number>,
): Promise<BatchResult> {
  const latencies = new Array<number>(count);
  const start = performance.now();
  await runPool(count, concurrency, async (i) => {
    latencies[i] = await op(i);
  });
  const totalMs = performance.now() - start;
  return {
    ...summarize(latencies),
    totalMs: round3(totalMs),
    opsPerSec: perSecond(count, totalMs),
  };
}

const rvOf = (body: string): string => /"resourceVersion":"(\d+)"/.exec(body)?.[1] ?? '';

/** Creates ConfigMaps `<prefix>-0..count-1`; returns the timing and each object's resourceVersion. */
export async function createConfigMaps(
  c: BenchClient,
  ns: string,
  prefix: string,
  count: number,
  concurrency: number,
): Promise<{ result: BatchResult; rvs: string[] }> {
  const rvs = new Array<string>(count);
  const result = await timedBatch(count, concurrency, async (i) => {
    const res = await c.request('POST', cmPath(ns), JSON.stringify(buildConfigMap(ns, prefix, i)));
    expectStatus('create configmap', res, 201);
    rvs[i] = rvOf(res.body);
    return res.ms;
  });
  return { result, rvs };
}

/** GETs `count` randomly chosen ConfigMaps among `<prefix>-0..objects-1`. */
export function getRandom(
  c: BenchClient,
  ns: string,
  opts: { prefix: string; objects: number; count: number; concurrency: number },
): Promise<BatchResult> {
  const random = seededRandom(42);
  return timedBatch(opts.count, opts.concurrency, async () => {
    const name = `${opts.prefix}-${String(Math.floor(random() * opts.objects))}`;
    const res = await c.request('GET', `${cmPath(ns)}/${name}`);
    expectStatus('get configmap', res, 200);
    return res.ms;
  });
}

/** Updates every ConfigMap once with PUT, carrying the resourceVersion it was created with. */
export function updateAll(
  c: BenchClient,
  ns: string,
  opts: { prefix: string; rvs: string[]; concurrency: number },
): Promise<BatchResult> {
  return timedBatch(opts.rvs.length, opts.concurrency, async (i) => {
    const body = JSON.stringify(buildConfigMap(ns, opts.prefix, i, opts.rvs[i]));
    const res = await c.request('PUT', `${cmPath(ns)}/${opts.prefix}-${String(i)}`, body);
    expectStatus('update configmap', res, 200);
    return res.ms;
  });
}

async function listOnce(c: BenchClient, path: string): Promise<ListResult> {
  const res = await c.request('GET', path);
  expectStatus('list', res, 200);
  const items = (JSON.parse(res.body) as { items: unknown[] }).items.length;
  return { ms: round3(res.ms), bytes: Buffer.byteLength(res.body), items };
}

/** Lists a namespace's ConfigMaps `repeat` times (full and by label); keeps the median run. */
export async function listConfigMaps(
  c: BenchClient,
  ns: string,
  repeat: number,
): Promise<{ full: ListResult; labelled: ListResult & { selector: string } }> {
  const selector = `group=g${String(GROUPS - 1)}`;
  const median = async (path: string): Promise<ListResult> => {
    const runs: ListResult[] = [];
    for (let i = 0; i < repeat; i++) runs.push(await listOnce(c, path));
    runs.sort((a, b) => a.ms - b.ms);
    return runs[Math.floor(runs.length / 2)] ?? { ms: 0, bytes: 0, items: 0 };
  };
  const full = await median(cmPath(ns));
  const labelled = await median(`${cmPath(ns)}?labelSelector=${encodeURIComponent(selector)}`);
  return { full, labelled: { ...labelled, selector } };
}

/** Creates pods `pod-0..count-1`; also returns the stored size of the first one. */
export async function createPods(
  c: BenchClient,
  ns: string,
  count: number,
  concurrency: number,
): Promise<{ create: BatchResult; sentBytes: number; storedBytes: number }> {
  let storedBytes = 0;
  const create = await timedBatch(count, concurrency, async (i) => {
    const res = await c.request(
      'POST',
      `/api/v1/namespaces/${ns}/pods`,
      JSON.stringify(buildPod(ns, i)),
    );
    expectStatus('create pod', res, 201);
    if (i === 0) storedBytes = Buffer.byteLength(res.body);
    return res.ms;
  });
  return { create, sentBytes: Buffer.byteLength(JSON.stringify(buildPod(ns, 0))), storedBytes };
}
