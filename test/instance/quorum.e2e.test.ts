// Synchronous quorum mode: over 20 consecutive induced failovers of every kind, a writer that
// records each acknowledged commit finds every one of them on the final primary.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../support/wait.ts';
import { AgentCluster, type Member } from './harness.ts';
import { startWriter } from './writers.ts';

const c = new AgentCluster({ synchronous: { mode: 'quorum', number: 1 } });
before(async () => {
  await c.start();
  for (const m of c.members) c.startAgent(m);
  const p = await c.waitHealthy();
  const db = await p.app();
  await db.query('CREATE TABLE writes (id bigint primary key)');
  await db.close();
});
after(() => c.stop());

type Fault = { name: string; inject(m: Member): Promise<void> | void; heal(m: Member): void };
const FAULTS: Fault[] = [
  { name: 'kill', inject: (m) => c.killAgent(m, true), heal: (m) => c.startAgent(m) },
  {
    name: 'freeze',
    inject: (m) => m.signal('SIGSTOP', { agent: true, postgres: true }),
    heal: (m) => m.signal('SIGCONT', { agent: true, postgres: true }),
  },
  {
    name: 'partition',
    inject: (m) => m.relay.partition(true),
    heal: (m) => m.relay.partition(false),
  },
  {
    name: 'agent-freeze',
    inject: (m) => m.signal('SIGSTOP', { agent: true, postgres: false }),
    heal: (m) => m.signal('SIGCONT', { agent: true, postgres: false }),
  },
];

/** Healthy, and the primary publishes a synchronous quorum (not degraded). */
async function synchronousAndHealthy(): Promise<Member> {
  await c.waitHealthy(2, 120_000);
  const name = await waitFor(
    'a published synchronous quorum',
    async () => {
      const st = await c.statuses();
      const p = st.find((s) => s.role === 'primary' && s.leaseHolder === s.name);
      const streaming = st.filter((s) => s.role === 'replica' && s.streaming).length;
      return p && streaming === 2 && (p.sync?.quorum ?? 0) >= 1 && !p.sync?.degraded
        ? p.name
        : null;
    },
    60_000,
  );
  return c.member(name);
}

test(
  'quorum mode: 20 failovers of all kinds lose no acknowledged commit',
  { timeout: 900_000 },
  async () => {
    const w = startWriter(c);
    const log: string[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const old = await synchronousAndHealthy();
        const fault = FAULTS[i % FAULTS.length]!;
        const before = w.acked.length;
        await waitFor('writes before the fault', () => w.acked.length > before + 10, 30_000);
        await fault.inject(old);
        const fresh = await waitFor(
          `a new primary after ${fault.name} of ${old.name}`,
          async () =>
            (await c.statuses()).find(
              (s) => s.role === 'primary' && s.name !== old.name && s.leaseHolder === s.name,
            ),
          60_000,
        );
        fault.heal(old);
        log.push(`${i + 1}: ${fault.name} ${old.name} → ${fresh.name}`);
      }
      await synchronousAndHealthy();
      const n = w.acked.length;
      await waitFor('writes after the last failover', () => w.acked.length > n + 10, 30_000);
    } finally {
      await w.stop();
    }
    const p = await c.waitHealthy(2, 60_000);
    const db = await p.app();
    const rows = await db.query<{ id: string }>('SELECT id FROM writes');
    await db.close();
    const have = new Set(rows.map((r) => Number(r.id)));
    const lost = w.acked.filter((id) => !have.has(id));
    assert.deepEqual(lost, [], `lost acknowledged writes after: ${log.join('; ')}`);
    assert.ok(w.acked.length > 100);
  },
);
