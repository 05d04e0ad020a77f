// An in-memory ListWatch with history, compaction, bookmarks and outages, for informer tests.
import type { KubernetesObject } from '@kubernetes/client-node';
import { StewardError } from '../lib/errors.ts';
import type { ListResult, ListWatch, WatchEvent } from './list-watch.ts';
import { objectKey } from './object-cache.ts';

type Stream<T> = { onEvent: (ev: WatchEvent<T>) => void; end: (err?: Error) => void };
type Recorded<T> = { rv: number; ev: WatchEvent<T> };

/** A fake API collection: mutate it, and drive streams (end, bookmark, compact, outage). */
export class FakeListWatch<T extends KubernetesObject> implements ListWatch<T> {
  /** When true, list and watch fail as if the connection was refused. */
  down = false;
  /** Every `watch` call's resourceVersion, in order. */
  readonly watchCalls: string[] = [];
  listCalls = 0;
  private rv = 1;
  private compactedRv = 0;
  private readonly objects = new Map<string, T>();
  private readonly history: Recorded<T>[] = [];
  private streams = new Set<Stream<T>>();

  /** Creates or replaces an object (ADDED or MODIFIED). */
  put(obj: T): T {
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } };
    const type = this.objects.has(objectKey(obj)) ? 'MODIFIED' : 'ADDED';
    this.objects.set(objectKey(obj), stored);
    this.publish({ type, object: stored });
    return stored;
  }
  /** Deletes an object (DELETED carries the deletion resourceVersion). */
  remove(key: string): void {
    const old = this.objects.get(key);
    if (!old) return;
    this.objects.delete(key);
    this.publish({
      type: 'DELETED',
      object: { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } },
    });
  }
  /** Sends a BOOKMARK at the current resourceVersion to open streams. */
  bookmark(): void {
    const object = { metadata: { resourceVersion: String(this.rv) } } as T;
    for (const s of this.streams) s.onEvent({ type: 'BOOKMARK', object });
  }
  /** Forgets history: watches from older resourceVersions get a 410 ERROR event. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }
  /** Ends open streams cleanly, or with `err`. */
  endStreams(err?: Error): void {
    const streams = this.streams;
    this.streams = new Set();
    for (const s of streams) s.end(err);
  }
  /** Number of open streams. */
  get open(): number {
    return this.streams.size;
  }
  /** The current resourceVersion. */
  get resourceVersion(): string {
    return String(this.rv);
  }

  list(): Promise<ListResult<T>> {
    this.listCalls++;
    if (this.down) return Promise.reject(refused());
    return Promise.resolve({ items: [...this.objects.values()], resourceVersion: String(this.rv) });
  }

  watch(
    resourceVersion: string,
    onEvent: (ev: WatchEvent<T>) => void,
    signal: AbortSignal,
  ): Promise<void> {
    this.watchCalls.push(resourceVersion);
    if (this.down) return Promise.reject(refused());
    return new Promise((resolve, reject) => {
      const from = Number(resourceVersion);
      if (from < this.compactedRv) {
        onEvent({
          type: 'ERROR',
          object: {
            kind: 'Status',
            code: 410,
            reason: 'Expired',
            message: `too old resource version: ${from} (${this.compactedRv})`,
          },
        });
        return resolve();
      }
      for (const r of this.history) if (r.rv > from) onEvent(r.ev);
      const stream: Stream<T> = { onEvent, end: (err) => (err ? reject(err) : resolve()) };
      this.streams.add(stream);
      signal.addEventListener(
        'abort',
        () => {
          this.streams.delete(stream);
          resolve();
        },
        { once: true },
      );
    });
  }

  private publish(ev: WatchEvent<T>): void {
    this.history.push({ rv: this.rv, ev });
    for (const s of this.streams) s.onEvent(ev);
  }
}

function refused(): Error {
  return new StewardError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6443');
}
