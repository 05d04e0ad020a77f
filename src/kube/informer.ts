// An informer: list, then watch from the list's resourceVersion, keep a local cache, call handlers.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Clock } from '../lib/clock.ts';
import { errorMessage, StewardError } from '../lib/errors.ts';
import { isGone } from './api-errors.ts';
import { Backoff } from './backoff.ts';
import type { ListWatch, WatchEvent } from './list-watch.ts';
import { nopLogger, type Logger } from '../lib/logger.ts';
import { ObjectCache, type CacheChange } from './object-cache.ts';

/** Callbacks for cache changes; they run synchronously and must not throw (errors are logged). */
export interface InformerHandlers<T> {
  onAdd?(obj: T): void;
  onUpdate?(old: T, obj: T): void;
  onDelete?(obj: T): void;
}

/** Dependencies and tuning of an Informer. */
export interface InformerOptions<T> {
  listWatch: ListWatch<T>;
  clock: Clock;
  logger?: Logger;
  /** Name for logs, e.g. `pods`. */
  name?: string;
  /** Reconnect backoff (client-go reflector: 800 ms doubling to 30 s). */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
}

/** Thrown inside the loop when the server says our resourceVersion is too old. */
class GoneError extends StewardError {
  readonly statusCode = 410;
}

/**
 * Informer (client-go reflector + indexer, simplified). It tracks the resourceVersion of every
 * event, BOOKMARK included; re-watches from it whenever the stream ends; relists on 410 and emits
 * the differences so handlers see a consistent picture; reconnects with capped exponential
 * backoff on errors; and never stops on its own — only `stop()` ends it.
 */
export class Informer<T extends KubernetesObject> {
  private readonly lw: ListWatch<T>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly name: string;
  private readonly backoff: Backoff;
  private readonly cache = new ObjectCache<T>();
  private readonly handlers: InformerHandlers<T>[] = [];
  private readonly stopper = new AbortController();
  private readonly syncWaiters: (() => void)[] = [];
  private synced = false;
  private rv = '';
  private running: Promise<void> | null = null;

  constructor(opts: InformerOptions<T>) {
    this.lw = opts.listWatch;
    this.clock = opts.clock;
    this.logger = opts.logger ?? nopLogger;
    this.name = opts.name ?? 'informer';
    this.backoff = new Backoff(opts.backoffInitialMs ?? 800, opts.backoffMaxMs ?? 30_000);
  }

  /** Registers handlers; if already synced, replays the cache as adds (like client-go). */
  addHandlers(h: InformerHandlers<T>): void {
    this.handlers.push(h);
    if (this.synced) for (const obj of this.cache.list()) this.call(h, { type: 'add', obj });
  }

  /** Starts the list/watch loop in the background (idempotent). */
  start(): void {
    this.running ??= this.loop();
  }

  /** Stops the loop and waits for it to exit. */
  async stop(): Promise<void> {
    this.stopper.abort();
    await this.running;
  }

  /** True once the first list has been stored. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once synced; rejects if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const onAbort = (): void => reject(signal?.reason as Error);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  /** A cached object (`namespace` '' for cluster-scoped). */
  get(namespace: string, name: string): T | undefined {
    return this.cache.get(namespace, name);
  }

  /** Cached objects, all or of one namespace. */
  list(namespace?: string): T[] {
    return this.cache.list(namespace);
  }

  /** The last resourceVersion seen (list, event or bookmark). */
  lastResourceVersion(): string {
    return this.rv;
  }

  private async loop(): Promise<void> {
    const signal = this.stopper.signal;
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) await this.relist(signal);
        needList = false;
        await this.watchOnce(signal);
      } catch (err) {
        if (signal.aborted) break;
        if (isGone(err)) {
          this.logger.info('resourceVersion too old; relisting', {
            informer: this.name,
            rv: this.rv,
          });
          needList = true;
          continue;
        }
        // A failed list is retried as a list; a failed watch resumes from the last resourceVersion.
        const delay = this.backoff.next();
        this.logger.warn('list/watch failed; retrying', {
          informer: this.name,
          error: errorMessage(err),
          delayMs: delay,
        });
        await this.sleep(delay, signal);
      }
    }
  }

  private async relist(signal: AbortSignal): Promise<void> {
    const res = await this.lw.list(signal);
    if (signal.aborted) return;
    this.rv = res.resourceVersion;
    for (const change of this.cache.replace(res.items)) this.emit(change);
    this.backoff.reset();
    if (!this.synced) this.markSynced();
  }

  /** One watch stream; returns when it ends cleanly, throws on error or ERROR event. */
  private async watchOnce(signal: AbortSignal): Promise<void> {
    const streamStop = new AbortController();
    const both = AbortSignal.any([signal, streamStop.signal]);
    const started = this.clock.now();
    let events = 0;
    const state: { failure: Error | null } = { failure: null };
    await this.lw.watch(
      this.rv,
      (ev) => {
        if (state.failure || both.aborted) return;
        events++;
        state.failure = this.handleEvent(ev);
        if (state.failure) streamStop.abort();
      },
      both,
    );
    if (state.failure) throw state.failure;
    if (events > 0) this.backoff.reset();
    // An empty stream that ends at once would otherwise spin: treat it like an error.
    else if (this.clock.now() - started < 1000)
      throw new StewardError('WATCH_CLOSED_EARLY', 'watch ended immediately without events');
  }

  /** Applies one event; returns an error to end the stream (ERROR events). */
  private handleEvent(ev: WatchEvent<T>): Error | null {
    if (ev.type === 'ERROR') {
      const status = ev.object;
      const msg =
        `watch ERROR event: ${status.code ?? '?'} ${status.reason ?? ''} ${status.message ?? ''}`.trim();
      return status.code === 410
        ? new GoneError('WATCH_GONE', msg)
        : new StewardError('WATCH_ERROR_EVENT', msg);
    }
    const rv = ev.object.metadata?.resourceVersion;
    if (rv) this.rv = rv;
    switch (ev.type) {
      case 'BOOKMARK':
        return null;
      case 'ADDED':
      case 'MODIFIED':
        this.emit(this.cache.upsert(ev.object));
        return null;
      case 'DELETED':
        this.emit(this.cache.remove(ev.object));
        return null;
    }
  }

  private emit(change: CacheChange<T>): void {
    for (const h of this.handlers) this.call(h, change);
  }

  private call(h: InformerHandlers<T>, c: CacheChange<T>): void {
    try {
      if (c.type === 'add') h.onAdd?.(c.obj);
      else if (c.type === 'update') h.onUpdate?.(c.old, c.obj);
      else h.onDelete?.(c.obj);
    } catch (err) {
      this.logger.error('informer handler threw', {
        informer: this.name,
        error: errorMessage(err),
      });
    }
  }

  private markSynced(): void {
    this.synced = true;
    for (const w of this.syncWaiters.splice(0)) w();
  }

  private async sleep(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await this.clock.sleep(ms, signal);
    } catch {
      // stopped
    }
  }
}
