// Test writers: probes that write to one member every few ms and record what was acknowledged.
import type { SqlConnection } from '../../src/postgres/sql.ts';
import type { AgentCluster, Member } from './harness.ts';

/** Server-side timestamps (ms) of the writes one member acknowledged. */
export interface Probe {
  readonly member: string;
  readonly acked: number[];
  stop(): Promise<void>;
}

/** Writes `INSERT … RETURNING clock_timestamp()` to `m` every `everyMs`, reconnecting on failure. */
export function startProbe(m: Member, everyMs = 50): Probe {
  const acked: number[] = [];
  let running = true;
  const loop = (async () => {
    let db: SqlConnection | null = null;
    while (running) {
      const started = Date.now();
      try {
        db ??= await m.app(1_000);
        const [r] = await db.query<{ at: Date }>(
          'INSERT INTO probe (member) VALUES ($1) RETURNING clock_timestamp() AS at',
          [m.name],
        );
        if (r) acked.push(r.at.getTime());
      } catch {
        await db?.close().catch(() => undefined);
        db = null;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (Date.now() - started))));
    }
    await db?.close().catch(() => undefined);
  })();
  return {
    member: m.name,
    acked,
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** A writer that follows the primary and records every acknowledged id. */
export interface Writer {
  readonly acked: number[];
  /** Longest gap between consecutive acknowledgements, ms. */
  maxGapMs(): number;
  stop(): Promise<void>;
}

/** Inserts increasing ids every `everyMs` into the current primary (found through /status). */
export function startWriter(c: AgentCluster, everyMs = 20): Writer {
  const acked: number[] = [];
  const times: number[] = [];
  let running = true;
  let next = 1;
  const loop = (async () => {
    let db: SqlConnection | null = null;
    while (running) {
      const started = Date.now();
      try {
        if (!db) {
          const st = await c.statuses();
          const p = st.find((s) => s.role === 'primary' && s.leaseHolder === s.name);
          if (p) db = await c.member(p.name).app(1_000);
        }
        if (db) {
          const id = next++;
          await db.query('INSERT INTO writes (id) VALUES ($1)', [id]);
          acked.push(id);
          times.push(Date.now());
        }
      } catch {
        await db?.close().catch(() => undefined);
        db = null;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (Date.now() - started))));
    }
    await db?.close().catch(() => undefined);
  })();
  return {
    acked,
    maxGapMs() {
      let gap = 0;
      for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i]! - times[i - 1]!);
      return gap;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}
