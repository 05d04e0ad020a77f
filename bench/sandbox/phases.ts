// The benchmark's phases against a running sandbox: wait for Ready nodes, run a workload to all
// pods Ready (timed from the create request, per pod from the watch), delete it to no pods left.
import { performance } from 'node:perf_hooks';
import { expectStatus, type BenchClient, type WatchHandle } from '../apiserver/client.ts';
import { summarize, type LatencySummary } from '../apiserver/stats.ts';
import { countOutOfOrder, PodTracker } from './pod-tracker.ts';
import type { Manifest } from './workloads.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const round = (x: number): number => Math.round(x);

interface NodeList {
  items: { status?: { conditions?: { type?: string; status?: string }[] } }[];
}

/** Polls the node list until `n` nodes are Ready; returns performance.now() at that moment. */
export async function waitNodesReady(
  c: BenchClient,
  n: number,
  timeoutMs: number,
): Promise<number> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    const res = await c.request('GET', '/api/v1/nodes');
    if (res.status === 200) {
      const ready = (JSON.parse(res.body) as NodeList).items.filter((node) =>
        (node.status?.conditions ?? []).some((x) => x.type === 'Ready' && x.status === 'True'),
      ).length;
      if (ready >= n) return performance.now();
    }
    await sleep(25);
  }
  throw new Error(`${String(n)} nodes not Ready after ${String(timeoutMs)} ms`);
}

/** How long a workload took to get all its pods Ready. */
export interface WorkloadResult {
  pods: number;
  /** Create request sent → last pod seen Ready (ms). */
  allReadyMs: number;
  /** allReadyMs / pods. */
  perPodMs: number;
  /** Create request sent → first pod seen Ready (ms). */
  firstReadyMs: number;
  /** Per pod: first seen in the watch → bound to a node, and → first seen Ready (ms). */
  podCreateToScheduled: LatencySummary;
  podCreateToReady: LatencySummary;
  /** StatefulSets: pods created before their predecessor was Ready (0 for OrderedReady). */
  outOfOrder?: number;
  perNode: Record<string, number>;
}

/** A created workload with its open pod watch. */
export interface RunningWorkload {
  result: WorkloadResult;
  tracker: PodTracker;
  watch: WatchHandle;
  path: string;
}

/** Where a workload of `kind` lives. */
export const workloadPath = (ns: string, kind: 'statefulsets' | 'deployments'): string =>
  `/apis/apps/v1/namespaces/${ns}/${kind}`;

/** Creates `manifest` in `ns` and waits until `replicas` pods are Ready. */
export async function runWorkload(
  c: BenchClient,
  ns: string,
  w: { kind: 'statefulsets' | 'deployments'; manifest: Manifest; replicas: number },
  timeoutMs: number,
): Promise<RunningWorkload> {
  const tracker = new PodTracker();
  const app = (w.manifest.metadata as { name: string }).name;
  const watch = await c.watch(
    `/api/v1/namespaces/${ns}/pods?watch=true&labelSelector=app%3D${app}`,
    (line, at) => tracker.observe(line, at),
  );
  const base = workloadPath(ns, w.kind);
  const start = performance.now();
  try {
    expectStatus(`create ${app}`, await c.request('POST', base, JSON.stringify(w.manifest)), 201);
    await tracker.until(
      `${String(w.replicas)} Ready pods of ${app}`,
      () => tracker.readyCount() >= w.replicas,
      timeoutMs,
    );
  } catch (err) {
    watch.close();
    throw err;
  }
  const times = tracker.times();
  const readyAt = times.map((t) => t.ready ?? start);
  const allReady = Math.max(...readyAt) - start;
  const result: WorkloadResult = {
    pods: w.replicas,
    allReadyMs: round(allReady),
    perPodMs: round(allReady / Math.max(1, w.replicas)),
    firstReadyMs: round(Math.min(...readyAt) - start),
    podCreateToScheduled: summarize(times.map((t) => (t.scheduled ?? t.seen) - t.seen)),
    podCreateToReady: summarize(times.map((t) => (t.ready ?? t.seen) - t.seen)),
    perNode: tracker.perNode(),
    ...(w.kind === 'statefulsets' ? { outOfOrder: countOutOfOrder(app, tracker.entries()) } : {}),
  };
  return { result, tracker, watch, path: `${base}/${app}` };
}

/** Deletes a running workload (background propagation) and waits until its pods are gone (ms). */
export async function deleteWorkload(
  c: BenchClient,
  w: RunningWorkload,
  timeoutMs: number,
): Promise<number> {
  const start = performance.now();
  try {
    const body = JSON.stringify({ propagationPolicy: 'Background' });
    expectStatus(`delete ${w.path}`, await c.request('DELETE', w.path, body), 200, 202);
    await w.tracker.until('pods to be deleted', () => w.tracker.count() === 0, timeoutMs);
  } finally {
    w.watch.close();
  }
  return round(performance.now() - start);
}
