// Watch streams: one JSON event per line, from a resourceVersion, with bookmarks, 410s and timeouts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expired } from './errors.ts';
import type { Served } from './registry.ts';
import { resKeyOf } from './registry.ts';
import {
  matchesFields,
  matchesLabels,
  type FieldRequirement,
  type LabelRequirement,
} from './selectors.ts';
import type { ObjectStore, StoreEvent } from './store.ts';
import type { KubeObject } from './types.ts';

export interface WatchRequest {
  served: Served;
  namespace: string | undefined;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  resourceVersion: string | undefined;
  timeoutSeconds: number | undefined;
  allowBookmarks: boolean;
  /** Renders an event's object (e.g. as a Table row); undefined = the object's JSON. */
  render?: (obj: KubeObject) => unknown;
}

export interface WatchTiming {
  bookmarkIntervalMs: number;
  /** Picks the server-side timeout when the client gives none (upstream: 1800–3600 s). */
  defaultTimeoutMs: () => number;
}

type OutType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Serves one watch request until timeout, client disconnect, or server shutdown. */
export function serveWatch(
  http: { req: IncomingMessage; res: ServerResponse },
  store: ObjectStore,
  w: WatchRequest,
  timing: WatchTiming,
  onClose: (stop: () => void) => () => void,
): void {
  const { req, res } = http;
  const resKey = resKeyOf(w.served.type);
  const matches = (obj: KubeObject | undefined): boolean =>
    obj !== undefined &&
    (w.namespace === undefined || obj.metadata.namespace === w.namespace) &&
    matchesLabels(w.labels, obj.metadata.labels) &&
    matchesFields(w.fields, obj);

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  const write = (type: string, obj: KubeObject, json?: string): void => {
    const body = w.render ? JSON.stringify(w.render(obj)) : (json ?? JSON.stringify(obj));
    res.write(`{"type":"${type}","object":${body}}\n`);
  };

  const deliver = (ev: StoreEvent): void => {
    const now = matches(ev.obj);
    const before = ev.type === 'MODIFIED' ? matches(ev.prev) : false;
    let type: OutType | undefined;
    if (ev.type === 'ADDED') type = now ? 'ADDED' : undefined;
    else if (ev.type === 'DELETED') type = now ? 'DELETED' : undefined;
    else if (now && before) type = 'MODIFIED';
    else if (now) type = 'ADDED';
    else if (before) type = 'DELETED';
    if (type) write(type, ev.obj, type === ev.type ? ev.json : JSON.stringify(ev.obj));
  };

  const rv = w.resourceVersion;
  if (rv === undefined || rv === '' || rv === '0') {
    for (const s of store.list(resKey, w.served.type.namespaced ? w.namespace : undefined)) {
      if (matches(s.obj)) write('ADDED', s.obj, s.json);
    }
  } else {
    const from = Number(rv);
    const events = Number.isFinite(from) ? store.eventsSince(resKey, from) : 'expired';
    if (events === 'expired') {
      const err = expired(`too old resource version: ${rv} (${store.oldestWatchable(resKey)})`);
      res.end(`{"type":"ERROR","object":${JSON.stringify(err.status)}}\n`);
      return;
    }
    for (const ev of events) deliver(ev);
  }

  const unsubscribe = store.subscribe(resKey, deliver);
  const bookmark = (): void => {
    if (!w.allowBookmarks) return;
    const t = w.served.type;
    const obj = {
      kind: t.kind,
      apiVersion: t.group ? `${t.group}/${t.version}` : t.version,
      metadata: { resourceVersion: String(store.resourceVersion) },
    };
    res.write(`{"type":"BOOKMARK","object":${JSON.stringify(obj)}}\n`);
  };
  const bookmarkTimer = setInterval(bookmark, timing.bookmarkIntervalMs);
  const timeoutMs =
    w.timeoutSeconds !== undefined ? w.timeoutSeconds * 1000 : timing.defaultTimeoutMs();
  let closed = false;
  const stop = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(bookmarkTimer);
    clearTimeout(timer);
    unregister();
    res.end();
  };
  const timer = setTimeout(() => {
    bookmark();
    stop();
  }, timeoutMs);
  const unregister = onClose(stop);
  req.on('close', stop);
  res.on('error', stop);
}
