// The benchmark's cluster: AgentCluster with its tables, readiness (healthy, and in synchronous
// mode a published quorum) and the ids the final primary holds.
import { APP, type AgentCluster, type Member } from '../../test/instance/harness.ts';
import { waitFor } from '../../test/support/wait.ts';
import type { AppLogin, Endpoint } from './writer.ts';

export const LOGIN: AppLogin = APP;

/** The members' PostgreSQL endpoints in connection-string order. */
export function endpoints(c: AgentCluster): Endpoint[] {
  return c.members.map((m) => ({ name: m.name, port: m.pgPort }));
}

/** Starts the sandbox, the agents, and creates the writer's and the probes' tables. */
export async function prepareCluster(c: AgentCluster, sync: boolean): Promise<void> {
  await c.start();
  for (const m of c.members) c.startAgent(m);
  const p = await waitReady(c, sync, 180_000);
  const db = await p.app(5_000);
  try {
    await db.query('CREATE TABLE writes (id bigint PRIMARY KEY)');
    await db.query(
      'CREATE TABLE probe (id bigserial PRIMARY KEY, member text, at timestamptz DEFAULT clock_timestamp())',
    );
  } finally {
    await db.close();
  }
}

/** One primary holding the lease, every replica streaming, and with `sync` a live quorum. */
export async function waitReady(
  c: AgentCluster,
  sync: boolean,
  timeoutMs: number,
): Promise<Member> {
  const deadline = Date.now() + timeoutMs;
  const p = await c.waitHealthy(c.members.length - 1, timeoutMs);
  if (!sync) return p;
  const name = await waitFor(
    'a published synchronous quorum',
    async () => {
      const st = await c.statuses();
      const primary = st.find((s) => s.role === 'primary' && s.leaseHolder === s.name);
      const streaming = st.filter((s) => s.role === 'replica' && s.streaming).length;
      const quorum = primary?.sync && primary.sync.quorum >= 1 && !primary.sync.degraded;
      return primary && quorum && streaming === c.members.length - 1 ? primary.name : null;
    },
    Math.max(1_000, deadline - Date.now()),
  );
  return c.member(name);
}

/** The ids between `from` and `to` that `m` holds. */
export async function presentIds(m: Member, from: number, to: number): Promise<number[]> {
  const db = await m.app(5_000);
  try {
    const rows = await db.query<{ id: string }>(
      'SELECT id FROM writes WHERE id BETWEEN $1 AND $2',
      [from, to],
    );
    return rows.map((r) => Number(r.id));
  } finally {
    await db.close();
  }
}
