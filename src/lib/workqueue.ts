// A deduplicating, delaying, rate-limited work queue of keys with client-go semantics.
import type { Clock, TimerHandle } from './clock.ts';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limiter.ts';

/** What `get()` hands out: a key to process, or `shutdown: true` when the worker should exit. */
export type QueueItem = { key: string; shutdown: false } | { key: ''; shutdown: true };

/** Dependencies of a WorkQueue. */
export interface WorkQueueDeps {
  clock: Clock;
  rateLimiter?: RateLimiter;
}

type Waiting = { readyAt: number; timer: TimerHandle };

/**
 * Work queue (client-go workqueue.TypedRateLimitingInterface): a key added many times while
 * queued is processed once; a key being processed is never handed out again until `done`; a key
 * added during processing is marked dirty and re-queued on `done`.
 */
export class WorkQueue {
  private readonly clock: Clock;
  private readonly limiter: RateLimiter;
  private queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly waiting = new Map<string, Waiting>();
  private getters: ((item: QueueItem) => void)[] = [];
  private drainers: (() => void)[] = [];
  private shuttingDown = false;

  constructor(deps: WorkQueueDeps) {
    this.clock = deps.clock;
    this.limiter = deps.rateLimiter ?? defaultControllerRateLimiter(deps.clock);
  }

  /** Marks `key` as needing processing (ignored after shutdown). */
  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.dispatch();
  }

  /** Adds `key` after `ms`; if it is already waiting, the earlier time wins. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const readyAt = this.clock.now() + ms;
    const existing = this.waiting.get(key);
    if (existing && existing.readyAt <= readyAt) return;
    if (existing) this.clock.clearTimeout(existing.timer);
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(key);
      this.add(key);
    }, ms);
    this.waiting.set(key, { readyAt, timer });
  }

  /** Adds `key` once the rate limiter says it may run again (counts as a failure). */
  addRateLimited(key: string): void {
    this.addAfter(key, this.limiter.when(key));
  }

  /** Resets the failure count of `key` (call after success or a terminal error). */
  forget(key: string): void {
    this.limiter.forget(key);
  }

  /** How many times `key` has been re-queued through `addRateLimited` since the last `forget`. */
  numRequeues(key: string): number {
    return this.limiter.numRequeues(key);
  }

  /** Waits for the next key; after shutdown returns the remaining keys, then `shutdown: true`. */
  get(): Promise<QueueItem> {
    return new Promise((resolve) => {
      this.getters.push(resolve);
      this.dispatch();
    });
  }

  /** Ends processing of `key`; re-queues it if it was added meanwhile. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.dispatch();
    } else if (this.processing.size === 0) {
      this.releaseDrainers();
    }
  }

  /** Ignores new keys, drops delayed ones and tells idle workers to exit. */
  shutDown(): void {
    this.beginShutdown();
    this.releaseDrainers();
  }

  /** Like `shutDown`, then resolves once every key being processed is `done`. */
  shutDownWithDrain(): Promise<void> {
    const drained = new Promise<void>((resolve) => {
      if (this.processing.size === 0) resolve();
      else this.drainers.push(resolve);
    });
    this.beginShutdown();
    return drained;
  }

  /** True once shutdown has begun. */
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Number of keys ready to be handed out (not counting delayed or in-flight ones). */
  len(): number {
    return this.queue.length;
  }

  private beginShutdown(): void {
    this.shuttingDown = true;
    for (const w of this.waiting.values()) this.clock.clearTimeout(w.timer);
    this.waiting.clear();
    this.dispatch();
  }

  private dispatch(): void {
    while (this.getters.length > 0) {
      const key = this.queue.shift();
      if (key === undefined && !this.shuttingDown) return;
      const getter = this.getters.shift();
      if (!getter) return;
      if (key === undefined) {
        getter({ key: '', shutdown: true });
        continue;
      }
      this.processing.add(key);
      this.dirty.delete(key);
      getter({ key, shutdown: false });
    }
  }

  private releaseDrainers(): void {
    const drainers = this.drainers;
    this.drainers = [];
    for (const d of drainers) d();
  }
}
