// The benchmark's clients: a writer that follows the read-write member the way libpq does with
// target_session_attrs=read-write, and per-member probes that record server commit times.
import pg from 'pg';
import type { Ack } from './measure.ts';

/** Where a member's PostgreSQL listens and how the application logs in. */
export interface Endpoint {
  name: string;
  port: number;
}
export interface AppLogin {
  user: string;
  password: string;
  database: string;
}

/** Connection timeout and client-side query timeout (ms) of every benchmark connection. */
const CONNECT_MS = 1_000;
const QUERY_MS = 2_000;

// No server-side statement_timeout on purpose: cancelling a commit that waits for a synchronous
// standby makes PostgreSQL acknowledge it anyway (with a WARNING), which would count as "lost".
async function open(e: Endpoint, login: AppLogin): Promise<pg.Client> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: e.port,
    ...login,
    application_name: 'steward-bench',
    connectionTimeoutMillis: CONNECT_MS,
    query_timeout: QUERY_MS,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    drop(client);
    throw err;
  }
  return client;
}

/**
 * Closes without waiting: a graceful end() waits for the server's reply, which never comes from a
 * frozen (SIGSTOPped) server. pg has no public "destroy", hence the socket.
 */
function drop(client: pg.Client): void {
  const c = client as unknown as { connection?: { stream?: { destroy(): void } } };
  c.connection?.stream?.destroy();
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A writer following the read-write member; it records every acknowledged id. */
export interface RwWriter {
  readonly acks: readonly Ack[];
  /** Client times (ms) of failed writes and of rounds that found no read-write member. */
  readonly failures: readonly number[];
  stop(): Promise<void>;
}

/** What the writer needs: members in connection-string order, ids, a clock. */
export interface WriterDeps {
  members: readonly Endpoint[];
  login: AppLogin;
  nextId: () => number;
  now: () => number;
  everyMs: number;
}

/** Tries each member once, starting after `after`; keeps the first not in recovery. */
async function findReadWrite(
  d: WriterDeps,
  after: string | null,
): Promise<{ name: string; client: pg.Client } | null> {
  const i = d.members.findIndex((m) => m.name === after);
  const order = [...d.members.slice(i + 1), ...d.members.slice(0, i + 1)];
  for (const m of order) {
    let client: pg.Client | null = null;
    try {
      client = await open(m, d.login);
      const r = await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
      if (r.rows[0]?.r === false) return { name: m.name, client };
    } catch {
      // down, frozen or refusing: next member
    }
    if (client) drop(client);
  }
  return null;
}

/** Inserts an increasing id every `everyMs` into `writes` through the read-write member. */
export function startRwWriter(d: WriterDeps): RwWriter {
  const acks: Ack[] = [];
  const failures: number[] = [];
  let running = true;
  const loop = (async () => {
    let db: { name: string; client: pg.Client } | null = null;
    let lastFailed: string | null = null;
    while (running) {
      const started = d.now();
      db ??= await findReadWrite(d, lastFailed);
      if (!db) failures.push(d.now());
      else {
        const id = d.nextId();
        try {
          await db.client.query('INSERT INTO writes (id) VALUES ($1)', [id]);
          acks.push({ id, at: d.now(), member: db.name });
        } catch {
          failures.push(d.now());
          lastFailed = db.name;
          drop(db.client);
          db = null;
        }
      }
      await sleep(Math.max(0, d.everyMs - (d.now() - started)));
    }
    if (db) drop(db.client);
  })();
  return {
    acks,
    failures,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** Server commit times (ms) of the probe writes one member acknowledged. */
export interface Probe {
  readonly member: string;
  readonly acked: readonly number[];
  stop(): Promise<void>;
}

const READ_ONLY = '25006';

/** Writes to one member every `everyMs`; a replica's read-only refusal keeps the connection. */
export function startProbe(e: Endpoint, login: AppLogin, everyMs: number): Probe {
  const acked: number[] = [];
  let running = true;
  const loop = (async () => {
    let client: pg.Client | null = null;
    while (running) {
      const started = Date.now();
      try {
        client ??= await open(e, login);
        const r = await client.query<{ at: Date }>(
          'INSERT INTO probe (member) VALUES ($1) RETURNING clock_timestamp() AS at',
          [e.name],
        );
        if (r.rows[0]) acked.push(r.rows[0].at.getTime());
      } catch (err) {
        if ((err as { code?: unknown }).code !== READ_ONLY && client) {
          drop(client);
          client = null;
        }
      }
      await sleep(Math.max(0, everyMs - (Date.now() - started)));
    }
    if (client) drop(client);
  })();
  return {
    member: e.name,
    acked,
    async stop() {
      running = false;
      await loop;
    },
  };
}
