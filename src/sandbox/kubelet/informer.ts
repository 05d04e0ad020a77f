// List + watch with resume from the last resourceVersion and a relist on 410 Gone, keeping a
// cache of the objects; the kubelet's view of its pods and of the DNS ConfigMap.
import type { KubeObject } from '../apiserver/types.ts';
import { isStatus, type ApiClient, type WatchEvent } from './api.ts';

/** What an informer tells its owner. */
export interface InformerHandlers<T> {
  /** An object was added or changed (`obj`) or removed (`deleted`). */
  onChange(obj: T, deleted: boolean): void;
}

/** Key of an object in the cache. */
export const objectKey = (o: KubeObject): string =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

interface ListAnswer<T> {
  metadata: { resourceVersion?: string };
  items: T[];
}

/** Keeps a cache of one resource (with a query) current. */
export class Informer<T extends KubeObject> {
  readonly cache = new Map<string, T>();
  private readonly client: ApiClient;
  private readonly path: string;
  private readonly query: string;
  private readonly handlers: InformerHandlers<T>;
  private readonly abort = new AbortController();
  private rv = '';
  private synced = false;
  private readonly retryMs: number;
  private readonly idleMs: number;
  private readonly timeoutSeconds: number;

  constructor(
    client: ApiClient,
    target: {
      path: string;
      query?: string;
      retryMs?: number;
      /** Drop a watch that stays silent this long (0: never). */
      idleMs?: number;
      /** Server-side watch timeout (client-go picks 5–10 min). */
      timeoutSeconds?: number;
    },
    handlers: InformerHandlers<T>,
  ) {
    this.client = client;
    this.path = target.path;
    this.query = target.query ?? '';
    this.retryMs = target.retryMs ?? 500;
    this.idleMs = target.idleMs ?? 0;
    this.timeoutSeconds = target.timeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
    this.handlers = handlers;
  }

  /** Whether the first list has completed. */
  get hasSynced(): boolean {
    return this.synced;
  }

  /** Runs until `stop`. */
  async run(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        if (!this.rv) await this.relist();
        await this.watchOnce(signal);
      } catch (err) {
        if (isStatus(err, 410)) this.rv = '';
        if (!signal.aborted) await sleep(this.retryMs);
      }
    }
  }

  stop(): void {
    this.abort.abort();
  }

  private async relist(): Promise<void> {
    const q = this.query ? `?${this.query}` : '';
    const list = await this.client.get<ListAnswer<T>>(`${this.path}${q}`);
    const seen = new Set<string>();
    for (const item of list.items) {
      const key = objectKey(item);
      seen.add(key);
      this.cache.set(key, item);
      this.handlers.onChange(item, false);
    }
    for (const [key, old] of [...this.cache]) {
      if (seen.has(key)) continue;
      this.cache.delete(key);
      this.handlers.onChange(old, true);
    }
    this.rv = list.metadata.resourceVersion ?? '';
    this.synced = true;
  }

  private async watchOnce(signal: AbortSignal): Promise<void> {
    const q = `${this.query ? `${this.query}&` : ''}watch=true&allowWatchBookmarks=true`;
    const rv = `resourceVersion=${encodeURIComponent(this.rv)}`;
    const path = `${this.path}?${q}&timeoutSeconds=${String(this.timeoutSeconds)}&${rv}`;
    await this.client.watch<T>(path, (ev) => this.apply(ev), signal, this.idleMs);
  }

  private apply(ev: WatchEvent<T>): void {
    if (ev.type === 'ERROR') {
      const code = (ev.object as unknown as { code?: number }).code;
      if (code === 410) this.rv = '';
      return;
    }
    const rv = ev.object.metadata.resourceVersion;
    if (rv) this.rv = rv;
    if (ev.type === 'BOOKMARK') return;
    const key = objectKey(ev.object);
    if (ev.type === 'DELETED') this.cache.delete(key);
    else this.cache.set(key, ev.object);
    this.handlers.onChange(ev.object, ev.type === 'DELETED');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
