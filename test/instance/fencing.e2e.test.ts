// Split brain: a frozen or partitioned primary stops accepting writes strictly before a new
// primary accepts its first one (server timestamps, one machine, one clock).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../support/wait.ts';
import { AgentCluster, type Member } from './harness.ts';
import { startProbe } from './writers.ts';

const c = new AgentCluster();
before(async () => {
  await c.start();
  for (const m of c.members) c.startAgent(m);
  const p = await c.waitHealthy();
  const db = await p.app();
  await db.query(
    'CREATE TABLE probe (id bigserial primary key, member text, at timestamptz default clock_timestamp())',
  );
  await db.close();
});
after(() => c.stop());

/** Runs `fault` on the primary with probes on every member; checks no overlap; then `heal`. */
async function noOverlap(fault: (p: Member) => void, heal: (p: Member) => void): Promise<void> {
  const old = await c.waitHealthy();
  const probes = c.members.map((m) => startProbe(m));
  await waitFor(
    'the probe to write to the primary',
    () => probes.find((p) => p.member === old.name)!.acked.length > 5,
  );
  fault(old);
  const fresh = await waitFor(
    'a new primary',
    async () =>
      (await c.statuses()).find(
        (s) => s.role === 'primary' && s.name !== old.name && s.leaseHolder === s.name,
      ),
    60_000,
  );
  const newProbe = probes.find((p) => p.member === fresh.name)!;
  await waitFor('writes on the new primary', () => newProbe.acked.length > 5, 30_000);
  heal(old);
  await c.waitHealthy(2, 90_000);
  for (const p of probes) await p.stop();
  const lastOld = Math.max(...probes.find((p) => p.member === old.name)!.acked);
  const firstNew = Math.min(...newProbe.acked);
  assert.ok(
    lastOld < firstNew,
    `old primary's last write ${new Date(lastOld).toISOString()} is before the new primary's first ${new Date(firstNew).toISOString()}`,
  );
  // The old primary is a replica now and refuses writes.
  assert.equal((await old.status()).role, 'replica');
}

test(
  'a frozen primary (agent and PostgreSQL stopped) is fenced before the new primary writes',
  { timeout: 180_000 },
  async () => {
    await noOverlap(
      (p) => p.signal('SIGSTOP', { agent: true, postgres: true }),
      (p) => p.signal('SIGCONT', { agent: true, postgres: true }),
    );
  },
);

test(
  'a primary cut off from the API fences itself while clients still reach it',
  { timeout: 180_000 },
  async () => {
    await noOverlap(
      (p) => p.relay.partition(true),
      (p) => p.relay.partition(false),
    );
  },
);

test(
  'a frozen agent with PostgreSQL running is fenced by the watchdog',
  { timeout: 180_000 },
  async () => {
    await noOverlap(
      (p) => p.signal('SIGSTOP', { agent: true, postgres: false }),
      (p) => p.signal('SIGCONT', { agent: true, postgres: false }),
    );
  },
);
