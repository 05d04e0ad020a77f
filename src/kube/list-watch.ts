// The list/watch transport an Informer runs on, and its implementation over @kubernetes/client-node.
import {
  Watch,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { StewardError } from '../lib/errors.ts';

/** A Status object as carried by a watch ERROR event. */
export interface WatchStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
}

/** One event of a watch stream. */
export type WatchEvent<T> =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T }
  | { type: 'ERROR'; object: WatchStatus };

/** A list result: the items and the list's resourceVersion. */
export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

/**
 * The transport: `list` returns a consistent snapshot; `watch` streams changes strictly after
 * `resourceVersion`, calling `onEvent` for each, resolves when the stream ends cleanly, and rejects
 * on connection or HTTP errors (an error with `statusCode`/`code` 410 means "relist").
 */
export interface ListWatch<T> {
  list(signal: AbortSignal): Promise<ListResult<T>>;
  watch(
    resourceVersion: string,
    onEvent: (ev: WatchEvent<T>) => void,
    signal: AbortSignal,
  ): Promise<void>;
}

/** Options of the client-node ListWatch. */
export interface ClientNodeListWatchOptions<T extends KubernetesObject> {
  /** Collection path for watching, e.g. `/api/v1/namespaces/ns/pods` or `/apis/steward.dev/v1/postgresclusters`. */
  path: string;
  /**
   * The list call, e.g. `() => core.listNamespacedPod({ namespace, labelSelector })`; `signal`
   * aborts when the informer stops or the list times out (the caller may pass it on).
   */
  list: (signal: AbortSignal) => Promise<KubernetesListObject<T>>;
  labelSelector?: string;
  fieldSelector?: string;
  /** Server-side watch timeout in seconds (client-go uses 300–600). */
  timeoutSeconds?: number;
  /** Give up on a list that has not answered after this long (default 60 s). */
  listTimeoutMs?: number;
}

/**
 * Objects are handed out in wire form (plain JSON): watch events arrive that way, and list items
 * are converted to match, so handlers never see a mix of class instances and plain objects.
 */
function toWire<T>(obj: T): T {
  return JSON.parse(JSON.stringify(obj)) as T;
}

/** Errors of a clean end: client-node aborts a watch after 30 s without data; we treat it as a stream end. */
function isCleanEnd(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

/**
 * Settles like `p`, or rejects as soon as `signal` aborts. client-node's typed calls take no
 * signal and have no timeout, so a list sent into a dead connection would otherwise never settle:
 * the informer could neither stop nor retry. The abandoned request is left to the socket.
 */
function untilAborted<R>(p: Promise<R>, signal: AbortSignal): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const onAbort = (): void =>
      reject(
        new StewardError('LIST_ABORTED', 'list call abandoned (stopped or timed out)', {
          cause: signal.reason,
        }),
      );
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** ListWatch over client-node's typed list call and its `Watch`. */
export function clientNodeListWatch<T extends KubernetesObject>(
  kc: KubeConfig,
  opts: ClientNodeListWatchOptions<T>,
): ListWatch<T> {
  const watcher = new Watch(kc);
  return {
    async list(signal): Promise<ListResult<T>> {
      const limit = AbortSignal.any([signal, AbortSignal.timeout(opts.listTimeoutMs ?? 60_000)]);
      const res = await untilAborted(opts.list(limit), limit);
      return { items: res.items.map(toWire), resourceVersion: res.metadata?.resourceVersion ?? '' };
    },
    watch(resourceVersion, onEvent, signal) {
      return new Promise<void>((resolve, reject) => {
        const query = {
          resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: opts.timeoutSeconds ?? 300,
          labelSelector: opts.labelSelector,
          fieldSelector: opts.fieldSelector,
        };
        const done = (err: unknown): void => {
          if (!err || isCleanEnd(err) || signal.aborted) resolve();
          else
            reject(
              err instanceof Error
                ? err
                : new StewardError('WATCH_FAILED', 'watch failed', { cause: err }),
            );
        };
        const onObject = (type: string, object: unknown): void => {
          onEvent({ type, object } as WatchEvent<T>);
        };
        // client-node hands out its AbortController only once the response headers arrive, so
        // resolve on abort at once and abort the request as soon as it can be reached.
        signal.addEventListener('abort', () => resolve(), { once: true });
        watcher.watch(opts.path, query, onObject, done).then(
          (controller) => {
            if (signal.aborted) controller.abort();
            else signal.addEventListener('abort', () => controller.abort(), { once: true });
          },
          (err: unknown) => done(err),
        );
      });
    },
  };
}
