// Failover bookkeeping and scaling with the operator: the primary's node dies, -rw follows the new
// primary, status and labels converge, the lost instance returns as a replica; scale 3 → 5 → 2
// while writing, never removing the primary, losing nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SqlConnection } from '../../src/postgres/sql.ts';
import { waitFor } from '../support/wait.ts';
import { OperatorSandbox } from './harness.ts';

const s = new OperatorSandbox();
interface Pgc {
  status?: {
    phase?: string;
    currentPrimary?: string;
    readyInstances?: number;
    instancesStatus?: { name: string; role: string }[];
  };
}
interface Pod {
  metadata: { name: string; labels: Record<string, string> };
  spec: { nodeName: string };
}
const pgc = () => s.json<Pgc>(['get', 'pgc', 'pg']);
const pods = async () =>
  (await s.json<{ items: Pod[] }>(['get', 'pods', '-l', 'steward.dev/cluster=pg'])).items;

async function ready(instances: number): Promise<Pgc> {
  return waitFor(
    `the cluster Ready with ${instances} instances`,
    async () => {
      const c = await pgc();
      return c.status?.phase === 'Ready' && c.status.readyInstances === instances ? c : null;
    },
    240_000,
  );
}

/** Writes through -rw every 20 ms, reconnecting on failure; records acknowledged ids. */
let next = 1;
const writers: { stop: () => Promise<void> }[] = [];
function writer() {
  const acked: number[] = [];
  let running = true;
  const loop = (async () => {
    let db: SqlConnection | null = null;
    while (running) {
      try {
        db ??= await s.connectVia('pg-rw', 'pg');
        const id = next++;
        await db.query('INSERT INTO w (id) VALUES ($1)', [id]);
        acked.push(id);
      } catch {
        await db?.close().catch(() => undefined);
        db = null;
        await new Promise((r) => setTimeout(r, 200));
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await db?.close().catch(() => undefined);
  })();
  const w = { acked, stop: async () => ((running = false), await loop) };
  writers.push(w);
  return w;
}

async function allPresent(acked: number[]): Promise<void> {
  const db = await s.connectVia('pg-rw', 'pg');
  const rows = await db.query<{ id: string }>('SELECT id FROM w');
  await db.close();
  const have = new Set(rows.map((r) => Number(r.id)));
  assert.deepEqual(
    acked.filter((id) => !have.has(id)),
    [],
  );
}

before(async () => {
  await s.start();
  await s.k(
    ['apply', '-f', '-'],
    'apiVersion: steward.dev/v1alpha1\nkind: PostgresCluster\nmetadata: {name: pg}\nspec: {instances: 3, storage: {size: 1Gi}}\n',
  );
  await ready(3);
  const db = await s.connectVia('pg-rw', 'pg');
  await db.query('CREATE TABLE w (id bigint primary key)');
  await db.close();
});
after(async () => {
  for (const w of writers) await w.stop();
  await s.stop();
});

test(
  'the primary node dies: -rw follows the new primary, status and labels converge, the instance returns',
  { timeout: 300_000 },
  async () => {
    const old = (await pgc()).status!.currentPrimary!;
    const node = (await pods()).find((p) => p.metadata.name === old)!.spec.nodeName;
    const w = writer();
    await waitFor('writes', () => w.acked.length > 10);
    s.t.sandbox.fault(node, 'kill');
    const fresh = await waitFor(
      'a new primary in the status',
      async () => {
        const c = await pgc();
        return c.status?.currentPrimary && c.status.currentPrimary !== old
          ? c.status.currentPrimary
          : null;
      },
      120_000,
    );
    const n = w.acked.length;
    await waitFor('writes through -rw on the new primary', () => w.acked.length > n + 20, 60_000);
    await waitFor(
      'one pod labelled primary',
      async () => {
        const primaries = (await pods()).filter(
          (p) => p.metadata.labels['steward.dev/role'] === 'primary',
        );
        return primaries.length === 1 && primaries[0]!.metadata.name === fresh;
      },
      60_000,
    );
    s.t.sandbox.fault(node, 'start');
    await ready(3);
    // The returning instance rejoins as a replica of the new primary (its label follows its agent).
    await waitFor(
      `${old} back as a replica`,
      async () => {
        const c = await pgc();
        const role = c.status?.instancesStatus?.find((i) => i.name === old)?.role;
        return c.status?.currentPrimary === fresh && role === 'replica';
      },
      60_000,
    );
    await w.stop();
    await allPresent(w.acked);
  },
);

test(
  'scale 3 → 5 → 2 while writing: nothing lost, the primary is never removed',
  { timeout: 400_000 },
  async () => {
    const w = writer();
    await waitFor('writes', () => w.acked.length > 10);
    await s.k(['patch', 'pgc', 'pg', '--type=merge', '-p', '{"spec":{"instances":5}}']);
    await ready(5);
    // Make the highest surviving ordinal irrelevant: the primary may be anywhere; scaling to 2 must
    // move it below ordinal 2 first if needed.
    await s.k(['patch', 'pgc', 'pg', '--type=merge', '-p', '{"spec":{"instances":2}}']);
    const done = await ready(2);
    const primary = done.status!.currentPrimary!;
    assert.ok(['pg-0', 'pg-1'].includes(primary), `primary ${primary} survives`);
    const n = w.acked.length;
    await waitFor('writes after scaling', () => w.acked.length > n + 10, 60_000);
    await w.stop();
    await allPresent(w.acked);
    assert.equal((await pods()).length, 2);
  },
);
