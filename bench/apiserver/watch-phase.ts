// Watch phases: write-to-event latency for one watcher, and fan-out of writes to many watchers.
import { performance } from 'node:perf_hooks';
import { expectStatus, runPool, type BenchClient, type WatchHandle } from './client.ts';
import { buildConfigMap } from './fixtures.ts';
import { round3, summarize, type LatencySummary } from './stats.ts';

/** Fan-out outcome: how many (watcher, event) deliveries arrived, how fast, in how long. */
export interface FanOutResult extends LatencySummary {
  watchers: number;
  writes: number;
  expected: number;
  delivered: number;
  totalMs: number;
}

const watchPath = (ns: string): string =>
  `/api/v1/namespaces/${ns}/configmaps?watch=true&allowWatchBookmarks=false`;

/** The index `i` of an ADDED event for object `<prefix>-<i>` in a watch line, or -1. */
export function addedIndex(line: string, prefix: string): number {
  if (!line.startsWith('{"type":"ADDED"')) return -1;
  const marker = `"name":"${prefix}-`;
  const at = line.indexOf(marker);
  if (at < 0) return -1;
  const n = Number.parseInt(line.slice(at + marker.length, at + marker.length + 12), 10);
  return Number.isNaN(n) ? -1 : n;
}

async function create(c: BenchClient, ns: string, prefix: string, i: number): Promise<void> {
  const body = JSON.stringify(buildConfigMap(ns, prefix, i));
  const res = await c.request('POST', `/api/v1/namespaces/${ns}/configmaps`, body);
  expectStatus('create configmap (watch)', res, 201);
}

/** One watcher; `writes` sequential creates; latency from sending a write to its event arriving. */
export async function watchLatency(
  c: BenchClient,
  ns: string,
  writes: number,
): Promise<LatencySummary> {
  const prefix = 'lat';
  const waiting = new Map<number, (at: number) => void>();
  const handle = await c.watch(watchPath(ns), (line, at) => {
    const i = addedIndex(line, prefix);
    waiting.get(i)?.(at);
    waiting.delete(i);
  });
  const latencies: number[] = [];
  try {
    for (let i = 0; i < writes; i++) {
      const arrived = new Promise<number>((resolve) => waiting.set(i, resolve));
      const sent = performance.now();
      await create(c, ns, prefix, i);
      latencies.push(
        (await withTimeout(arrived, 10_000, `event for ${prefix}-${String(i)}`)) - sent,
      );
    }
  } finally {
    handle.close();
  }
  return summarize(latencies);
}

/** `watchers` watchers on one namespace; `writes` creates with `concurrency` in flight. */
export async function fanOut(
  c: BenchClient,
  ns: string,
  opts: { watchers: number; writes: number; concurrency: number; timeoutMs: number },
): Promise<FanOutResult> {
  const prefix = 'fan';
  const sentAt = new Float64Array(opts.writes);
  const latencies: number[] = [];
  const expected = opts.watchers * opts.writes;
  let lastAt = 0;
  let done: () => void = () => undefined;
  const allDelivered = new Promise<void>((resolve) => (done = resolve));
  const handles: WatchHandle[] = [];
  for (let w = 0; w < opts.watchers; w++) {
    const seen = new Uint8Array(opts.writes);
    const onLine = (line: string, at: number): void => {
      const i = addedIndex(line, prefix);
      if (i < 0 || i >= opts.writes || seen[i] === 1) return;
      seen[i] = 1;
      latencies.push(at - (sentAt[i] ?? at));
      lastAt = Math.max(lastAt, at);
      if (latencies.length === expected) done();
    };
    handles.push(await c.watch(watchPath(ns), onLine));
  }
  const start = performance.now();
  try {
    await runPool(opts.writes, opts.concurrency, async (i) => {
      sentAt[i] = performance.now();
      await create(c, ns, prefix, i);
    });
    await withTimeout(allDelivered, opts.timeoutMs, 'fan-out').catch(() => undefined);
  } finally {
    for (const h of handles) h.close();
  }
  return {
    ...summarize(latencies),
    watchers: opts.watchers,
    writes: opts.writes,
    expected,
    delivered: latencies.length,
    totalMs: round3((latencies.length > 0 ? lastAt : performance.now()) - start),
  };
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
