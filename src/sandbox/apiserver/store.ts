// Durable object store: every write is one SQLite transaction; reads come from memory.
// Resource versions are one global, monotonic counter (like etcd's revision).
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { KubeObject } from './types.ts';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One committed change, kept in the watch history and delivered to subscribers. */
export interface StoreEvent {
  type: EventType;
  rv: number;
  resKey: string;
  obj: KubeObject;
  /** The object serialized once, shared by every watcher. */
  json: string;
  /** The object before this change (for MODIFIED), so filtered watches can see transitions. */
  prev?: KubeObject | undefined;
}

/** A stored object with its cached serialization. */
export interface Stored {
  obj: KubeObject;
  json: string;
}

interface History {
  events: StoreEvent[];
  /** Events with rv ≤ this value are no longer available. */
  compactedRv: number;
}

export interface ObjectStoreOptions {
  /** SQLite file; ':memory:' for a throwaway store. */
  path: string;
  /** Watch history kept per resource before older events are compacted. */
  historySize?: number;
}

type Subscriber = (ev: StoreEvent) => void;

const objKey = (ns: string | undefined, name: string): string => `${ns ?? ''}/${name}`;

/** The sandbox's storage: SQLite (WAL) for durability, memory for reads and watch history. */
export class ObjectStore {
  private readonly db: DatabaseSync;
  private readonly data = new Map<string, Map<string, Stored>>();
  private readonly history = new Map<string, History>();
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly allSubscribers = new Set<Subscriber>();
  private readonly lastRvByRes = new Map<string, number>();
  private readonly historySize: number;
  private readonly upsertStmt: StatementSync;
  private readonly deleteStmt: StatementSync;
  private readonly resRvStmt: StatementSync;
  private current = 0;

  constructor(opts: ObjectStoreOptions) {
    this.historySize = opts.historySize ?? 10_000;
    this.db = new DatabaseSync(opts.path);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS objects (res TEXT NOT NULL, key TEXT NOT NULL, rv INTEGER NOT NULL,
        body TEXT NOT NULL, PRIMARY KEY (res, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS resources (res TEXT PRIMARY KEY, rv INTEGER NOT NULL) WITHOUT ROWID;
    `);
    this.upsertStmt = this.db.prepare(
      'INSERT INTO objects (res, key, rv, body) VALUES (?, ?, ?, ?) ON CONFLICT (res, key) DO UPDATE SET rv = excluded.rv, body = excluded.body',
    );
    this.deleteStmt = this.db.prepare('DELETE FROM objects WHERE res = ? AND key = ?');
    this.resRvStmt = this.db.prepare(
      'INSERT INTO resources (res, rv) VALUES (?, ?) ON CONFLICT (res) DO UPDATE SET rv = excluded.rv',
    );
    this.load();
  }

  private load(): void {
    for (const row of this.db.prepare('SELECT res, rv FROM resources').iterate()) {
      const rv = Number(row.rv);
      this.lastRvByRes.set(String(row.res), rv);
      this.current = Math.max(this.current, rv);
    }
    for (const row of this.db.prepare('SELECT res, key, body FROM objects').iterate()) {
      const json = String(row.body);
      this.bucket(String(row.res)).set(String(row.key), {
        obj: JSON.parse(json) as KubeObject,
        json,
      });
    }
  }

  private bucket(resKey: string): Map<string, Stored> {
    let b = this.data.get(resKey);
    if (!b) {
      b = new Map();
      this.data.set(resKey, b);
    }
    return b;
  }

  private hist(resKey: string): History {
    let h = this.history.get(resKey);
    if (!h) {
      // History starts where this process started: changes made before are not replayable.
      h = { events: [], compactedRv: this.lastRvByRes.get(resKey) ?? 0 };
      this.history.set(resKey, h);
    }
    return h;
  }

  /** The current (latest committed) resource version. */
  get resourceVersion(): number {
    return this.current;
  }

  get(resKey: string, ns: string | undefined, name: string): Stored | undefined {
    return this.data.get(resKey)?.get(objKey(ns, name));
  }

  /** Objects of a resource, in one namespace or all, sorted by namespace/name. */
  list(resKey: string, ns?: string): Stored[] {
    const b = this.data.get(resKey);
    if (!b) return [];
    const prefix = ns === undefined ? undefined : `${ns}/`;
    const keys: string[] = [];
    for (const k of b.keys()) if (prefix === undefined || k.startsWith(prefix)) keys.push(k);
    keys.sort();
    return keys.map((k) => b.get(k) as Stored);
  }

  /** Number of objects of a resource. */
  count(resKey: string): number {
    return this.data.get(resKey)?.size ?? 0;
  }

  /** Writes an object (create or update), assigning the next resourceVersion. */
  put(resKey: string, obj: KubeObject, type: 'ADDED' | 'MODIFIED'): Stored {
    const rv = this.current + 1;
    obj.metadata.resourceVersion = String(rv);
    const json = JSON.stringify(obj);
    const key = objKey(obj.metadata.namespace, obj.metadata.name ?? '');
    const prev = this.data.get(resKey)?.get(key)?.obj;
    this.transaction(() => {
      this.upsertStmt.run(resKey, key, rv, json);
      this.resRvStmt.run(resKey, rv);
    });
    this.current = rv;
    const stored = { obj, json };
    this.bucket(resKey).set(key, stored);
    this.emit({ type, rv, resKey, obj, json, prev });
    return stored;
  }

  /** Removes an object; the DELETED event carries the deletion's resourceVersion. */
  remove(resKey: string, ns: string | undefined, name: string): Stored | undefined {
    const key = objKey(ns, name);
    const existing = this.data.get(resKey)?.get(key);
    if (!existing) return undefined;
    const rv = this.current + 1;
    this.transaction(() => {
      this.deleteStmt.run(resKey, key);
      this.resRvStmt.run(resKey, rv);
    });
    this.current = rv;
    this.data.get(resKey)?.delete(key);
    const obj = structuredClone(existing.obj);
    obj.metadata.resourceVersion = String(rv);
    const stored = { obj, json: JSON.stringify(obj) };
    this.emit({ type: 'DELETED', rv, resKey, obj, json: stored.json });
    return stored;
  }

  private transaction(fn: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      fn();
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  private emit(ev: StoreEvent): void {
    // History first: a resource's first write in this process must not move its start past itself.
    const h = this.hist(ev.resKey);
    this.lastRvByRes.set(ev.resKey, ev.rv);
    h.events.push(ev);
    if (h.events.length > this.historySize) {
      const dropped = h.events.splice(0, h.events.length - this.historySize);
      h.compactedRv = dropped[dropped.length - 1]?.rv ?? h.compactedRv;
    }
    for (const fn of this.subscribers.get(ev.resKey) ?? []) fn(ev);
    for (const fn of this.allSubscribers) fn(ev);
  }

  /** Events of a resource after `rv`, or 'expired' when that point was compacted away. */
  eventsSince(resKey: string, rv: number): StoreEvent[] | 'expired' {
    const h = this.hist(resKey);
    if (rv < h.compactedRv) return 'expired';
    const i = h.events.findIndex((e) => e.rv > rv);
    return i < 0 ? [] : h.events.slice(i);
  }

  /** The oldest resourceVersion a watch of this resource can still start from. */
  oldestWatchable(resKey: string): number {
    return this.hist(resKey).compactedRv;
  }

  /** Drops all watch history (as an etcd compaction would); watches from older RVs then get 410. */
  compact(): void {
    for (const [resKey, h] of this.history) {
      h.events = [];
      h.compactedRv = this.lastRvByRes.get(resKey) ?? this.current;
    }
    for (const [resKey, rv] of this.lastRvByRes)
      if (!this.history.has(resKey)) this.history.set(resKey, { events: [], compactedRv: rv });
  }

  /** Delivers every future event of a resource ('*' for all) to `fn`; returns the unsubscribe function. */
  subscribe(resKey: string, fn: Subscriber): () => void {
    if (resKey === '*') {
      this.allSubscribers.add(fn);
      return () => this.allSubscribers.delete(fn);
    }
    let set = this.subscribers.get(resKey);
    if (!set) {
      set = new Set();
      this.subscribers.set(resKey, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Resource keys that hold objects. */
  resourceKeys(): string[] {
    return [...this.data.keys()];
  }

  close(): void {
    this.subscribers.clear();
    this.allSubscribers.clear();
    this.db.close();
  }
}
