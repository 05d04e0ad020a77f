// A small in-process controller runtime: store events → keys → a deduplicating, rate-limited work
// queue → reconcile(key), with client-go's result semantics (retry with backoff, requeueAfter).
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { WorkQueue } from '../../lib/workqueue.ts';
import type { KubeObject } from '../apiserver/types.ts';
import { isConflict, type LocalClient } from './local-client.ts';

/** What a reconcile asks for next. */
export type ReconcileResult = 'done' | { requeueAfterMs: number };

/** A level-based controller: which changes wake it, and how it reconciles one key. */
export interface Reconciler {
  readonly name: string;
  /** Resources whose changes may concern this controller, with the keys each change maps to. */
  readonly watches: {
    resKey: string;
    keys: (obj: KubeObject, prev: KubeObject | undefined) => string[];
  }[];
  /** Keys to reconcile at start (and on resync). */
  initialKeys(): string[];
  reconcile(key: string): Promise<ReconcileResult> | ReconcileResult;
  /** Optional periodic resync of all keys. */
  readonly resyncMs?: number;
}

export interface ControllerDeps {
  client: LocalClient;
  clock: Clock;
  log: Logger;
}

/** `namespace/name` key of an object (`name` for cluster-scoped ones). */
export const keyOf = (obj: KubeObject): string =>
  obj.metadata.namespace
    ? `${obj.metadata.namespace}/${obj.metadata.name ?? ''}`
    : (obj.metadata.name ?? '');

/** Splits a key into namespace (undefined for cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string | undefined; name: string } {
  const i = key.indexOf('/');
  return i < 0
    ? { namespace: undefined, name: key }
    : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** Runs one reconciler with `workers` concurrent workers until stopped. */
export class Controller {
  private readonly queue: WorkQueue;
  private readonly unsubscribes: (() => void)[] = [];
  private resync: NodeJS.Timeout | undefined;
  private readonly reconciler: Reconciler;
  private readonly deps: ControllerDeps;
  private readonly workers: Promise<void>[] = [];

  constructor(reconciler: Reconciler, deps: ControllerDeps) {
    this.reconciler = reconciler;
    this.deps = deps;
    this.queue = new WorkQueue({ clock: deps.clock });
  }

  start(workers = 1): void {
    for (const w of this.reconciler.watches) {
      this.unsubscribes.push(
        this.deps.client.watch(w.resKey, (_type, obj, prev) => {
          for (const k of w.keys(obj, prev)) this.queue.add(k);
        }),
      );
    }
    for (const k of this.reconciler.initialKeys()) this.queue.add(k);
    if (this.reconciler.resyncMs) {
      this.resync = setInterval(() => {
        for (const k of this.reconciler.initialKeys()) this.queue.add(k);
      }, this.reconciler.resyncMs);
    }
    for (let i = 0; i < workers; i++) this.workers.push(this.work());
  }

  /** Queues a key by hand (e.g. from another controller's signal). */
  enqueue(key: string, afterMs = 0): void {
    if (afterMs > 0) this.queue.addAfter(key, afterMs);
    else this.queue.add(key);
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribes) u();
    clearInterval(this.resync);
    this.queue.shutDown();
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    for (;;) {
      const item = await this.queue.get();
      if (item.shutdown) return;
      const key = item.key;
      try {
        const result = await this.reconciler.reconcile(key);
        this.queue.forget(key);
        if (result !== 'done') this.queue.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        if (!isConflict(err)) {
          this.deps.log.warn(`${this.reconciler.name}: reconcile of ${key} failed`, {
            error: err instanceof Error ? err.message : String(err),
          });
        }
        this.queue.addRateLimited(key);
      } finally {
        this.queue.done(key);
      }
    }
  }
}
