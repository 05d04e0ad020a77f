// The measured phases: apply → Ready of a 3-instance cluster, many clusters to Ready, a burst of
// spec changes and single spec changes, each timed from what the cluster watch saw.
import { kubectl } from '../../test/support/kubectl.ts';
import { knobPatch, readyCluster, smallCluster, toYaml } from './manifests.ts';
import { peakIn, promValue, type RssSampler } from './memory.ts';
import type { BenchSandbox, ClusterWatch } from './sandbox.ts';
import { latencyOf } from './stats.ts';
import type { ReadyRep, ReconcileResult, ScaleResult } from './report.ts';

/** What every phase works with; `now` is the benchmark's monotonic clock (ms). */
export interface Ctx {
  s: BenchSandbox;
  watch: ClusterWatch;
  sampler: RssSampler;
  timeoutMs: number;
  now: () => number;
  log: (msg: string) => void;
}

export const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `kubectl ARGS` bounded by the benchmark's timeout; throws with stderr on failure. */
async function k(ctx: Ctx, args: string[], input?: string): Promise<string> {
  const opts = { timeoutMs: ctx.timeoutMs, ...(input === undefined ? {} : { input }) };
  const r = await kubectl(ctx.s.t.kubeconfig, args, opts);
  if (r.code !== 0) throw new Error(`kubectl ${args[0] ?? ''} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

const applyAll = (ctx: Ctx, objects: object[]): Promise<string> =>
  k(ctx, ['apply', '-f', '-'], toYaml(objects));

/** Deletes a cluster and waits until its pods are gone (so the next repetition starts clean). */
async function deleteCluster(ctx: Ctx, name: string): Promise<void> {
  const deadline = ctx.now() + ctx.timeoutMs;
  await k(ctx, ['delete', 'pgc', name, '--ignore-not-found', '--wait=true']);
  const selector = `steward.dev/cluster=${name}`;
  while ((await k(ctx, ['get', 'pods', '-l', selector, '-o', 'name'])).trim() !== '') {
    if (ctx.now() > deadline) throw new Error(`the pods of ${name} were not deleted in time`);
    await sleep(1_000);
  }
  ctx.watch.timeline.forget(name);
}

/** One `kubectl apply` of a 3-instance cluster, timed until the watch sees it Ready. */
export async function applyToReady(ctx: Ctx, rep: number): Promise<ReadyRep> {
  const name = `ready-${rep}`;
  const t0 = ctx.now();
  const out: ReadyRep = { rep, name, ms: null, applyMs: null, error: null };
  try {
    await applyAll(ctx, [readyCluster(name)]);
    out.applyMs = Math.round(ctx.now() - t0);
    const readyAt = await ctx.watch.until(
      `${name} to be Ready`,
      () => ctx.watch.timeline.readyAt(name),
      ctx.timeoutMs,
    );
    out.ms = Math.round(readyAt - t0);
  } catch (err) {
    out.error = message(err);
  }
  await deleteCluster(ctx, name).catch((err: unknown) => {
    out.error ??= `while deleting: ${message(err)}`;
  });
  return out;
}

/** Logs how many of `names` satisfy `ok` every 15 s until stopped. */
function progress(ctx: Ctx, what: string, names: string[], ok: (n: string) => boolean) {
  const t = setInterval(() => {
    ctx.log(`${names.filter(ok).length}/${names.length} ${what}`);
  }, 15_000);
  return () => clearInterval(t);
}

/** One `kubectl apply` of every single-instance cluster, timed until all are Ready. */
export async function createMany(ctx: Ctx, names: string[]): Promise<ScaleResult> {
  const tl = ctx.watch.timeline;
  const t0 = ctx.now();
  const out: ScaleResult = {
    clusters: names.length,
    ready: 0,
    applyMs: null,
    allReadyMs: null,
    readyMs: null,
    error: null,
  };
  const stop = progress(ctx, 'Ready', names, (n) => tl.readyAt(n) !== null);
  try {
    await applyAll(
      ctx,
      names.map((n) => smallCluster(n)),
    );
    out.applyMs = Math.round(ctx.now() - t0);
    const all = () => (names.every((n) => tl.readyAt(n) !== null) ? true : null);
    await ctx.watch.until(`${names.length} clusters to be Ready`, all, ctx.timeoutMs);
  } catch (err) {
    out.error = message(err);
  } finally {
    stop();
  }
  const times = names.flatMap((n) => {
    const at = tl.readyAt(n);
    return at === null ? [] : [Math.round(at - t0)];
  });
  out.ready = times.length;
  out.readyMs = latencyOf(times);
  if (out.error === null) out.allReadyMs = Math.max(...times);
  return out;
}

/** Reconciles counted by the operator (null when /metrics does not answer). */
async function reconcileCounts(ctx: Ctx): Promise<{ total: number; errors: number } | null> {
  try {
    const text = await ctx.s.metrics();
    const total = promValue(text, 'steward_reconciles_total');
    const errors = promValue(text, 'steward_reconcile_errors_total');
    return total === null || errors === null ? null : { total, errors };
  } catch {
    return null;
  }
}

/** Per cluster: new generation seen → observedGeneration seen, and change issued → observed. */
function latencies(ctx: Ctx, names: string[], target: Map<string, number>, issuedAt: number) {
  const tl = ctx.watch.timeline;
  const watchMs: number[] = [];
  const issuedMs: number[] = [];
  for (const n of names) {
    const g = target.get(n)!;
    const seen = tl.generationSeenAt(n, g);
    const observed = tl.observedAt(n, g);
    if (seen === null || observed === null) continue;
    watchMs.push(Math.round(observed - seen));
    issuedMs.push(Math.round(observed - issuedAt));
  }
  return { watchMs, issuedMs };
}

/** The generation after the current one, for each cluster. */
function nextGenerations(ctx: Ctx, names: string[]): Map<string, number> {
  return new Map(names.map((n) => [n, (ctx.watch.timeline.generation(n) ?? 0) + 1]));
}

const observedAll = (ctx: Ctx, names: string[], target: Map<string, number>) => () =>
  names.every((n) => ctx.watch.timeline.observedAt(n, target.get(n)!) !== null) ? true : null;

/** One `kubectl apply` changing the knob of every cluster; each timed to its observedGeneration. */
export async function burst(ctx: Ctx, names: string[], knob: string): Promise<ReconcileResult> {
  const target = nextGenerations(ctx, names);
  const before = await reconcileCounts(ctx);
  ctx.sampler.sample();
  const t0 = ctx.now();
  let error: string | null = null;
  const tl = ctx.watch.timeline;
  const stop = progress(ctx, 'observed', names, (n) => tl.observedAt(n, target.get(n)!) !== null);
  try {
    await applyAll(
      ctx,
      names.map((n) => smallCluster(n, knob)),
    );
    await ctx.watch.until('every cluster observed', observedAll(ctx, names, target), ctx.timeoutMs);
  } catch (err) {
    error = message(err);
  } finally {
    stop();
  }
  const end = ctx.now();
  ctx.sampler.sample();
  const after = await reconcileCounts(ctx);
  const { watchMs, issuedMs } = latencies(ctx, names, target, t0);
  return {
    clusters: names.length,
    observed: watchMs.length,
    latencyMs: latencyOf(watchMs),
    issuedToObservedMs: latencyOf(issuedMs),
    spanMs: error === null ? Math.round(end - t0) : null,
    peakRssBytes: peakIn(ctx.sampler.samples, t0, end),
    reconciles: before && after ? after.total - before.total : null,
    reconcileErrors: before && after ? after.errors - before.errors : null,
    error,
  };
}

/** `kubectl patch` of one cluster's knob at a time, each timed to its observedGeneration. */
export async function oneAtATime(
  ctx: Ctx,
  names: string[],
  knob: (i: number) => string,
): Promise<ReconcileResult> {
  const watchMs: number[] = [];
  const issuedMs: number[] = [];
  const t0 = ctx.now();
  let error: string | null = null;
  for (const [i, n] of names.entries()) {
    const target = nextGenerations(ctx, [n]);
    const issued = ctx.now();
    try {
      await k(ctx, ['patch', 'pgc', n, '--type=merge', '-p', knobPatch(knob(i))]);
      await ctx.watch.until(`${n} observed`, observedAll(ctx, [n], target), ctx.timeoutMs);
    } catch (err) {
      error = `${n}: ${message(err)}`;
      break;
    }
    const one = latencies(ctx, [n], target, issued);
    watchMs.push(...one.watchMs);
    issuedMs.push(...one.issuedMs);
    await sleep(1_000); // let the previous status write settle
  }
  return {
    clusters: names.length,
    observed: watchMs.length,
    latencyMs: latencyOf(watchMs),
    issuedToObservedMs: latencyOf(issuedMs),
    spanMs: null,
    peakRssBytes: peakIn(ctx.sampler.samples, t0, ctx.now()),
    reconciles: null,
    reconcileErrors: null,
    error,
  };
}
