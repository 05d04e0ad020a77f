// Confirmed death: the primary's container exits (its main process, the agent, is SIGKILLed; the
// watchdog fences PostgreSQL when the agent's pipe closes). Once its pod says the container is not
// running, another member takes the lease without waiting for it to expire. The first restart
// after an exit is immediate (as upstream); a second exit right after it leaves the container in
// CrashLoopBackOff, here for 30 s, much longer than the 15 s lease: the remaining members must
// not wait for either.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SqlConnection } from '../../src/postgres/sql.ts';
import { COMPRESSED_TIMINGS } from '../../src/sandbox/config.ts';
import { waitFor } from '../support/wait.ts';
import { OperatorSandbox } from './harness.ts';

const s = new OperatorSandbox();
interface Pgc {
  status?: { phase?: string; currentPrimary?: string; readyInstances?: number };
}
interface ContainerStatus {
  name: string;
  containerID?: string;
  restartCount: number;
  state: { running?: unknown; waiting?: { reason?: string }; terminated?: unknown };
}
interface Pod {
  metadata: { name: string; labels: Record<string, string> };
  status: { containerStatuses?: ContainerStatus[] };
}
const pgc = () => s.json<Pgc>(['get', 'pgc', 'pg']);
const pod = (name: string) => s.json<Pod>(['get', 'pod', name]);

/** PID of the instance container's main process (the agent), from the pod's containerID. */
async function containerPid(name: string): Promise<{ pid: number; restarts: number } | null> {
  const c = (await pod(name)).status.containerStatuses?.find((x) => x.name === 'postgres');
  const m = /^steward:\/\/(\d+)$/.exec(c?.containerID ?? '');
  if (!c?.state.running || !m) return null;
  return { pid: Number(m[1]), restarts: c.restartCount };
}

const renewTime = async () =>
  (await s.json<{ spec: { renewTime?: string } }>(['get', 'lease', 'pg-primary'])).spec.renewTime ??
  '';

/**
 * Waits for the primary to renew its lease, then for the next whole second: container times have
 * whole-second precision, and an exit in the same second as the last renewal is (rightly) not
 * taken as evidence, so the test would measure the lease expiry instead.
 */
async function afterARenewal(): Promise<void> {
  const first = await renewTime();
  const r = await waitFor('a lease renewal', async () => {
    const t = await renewTime();
    return t !== first ? t : null;
  });
  const ms = Date.parse(r);
  const wait = Math.ceil((ms + 1) / 1000) * 1000 + 30 - Date.now();
  if (wait > 0) await new Promise((res) => setTimeout(res, wait));
}

/** Writes through -rw every 20 ms, reconnecting on failure; records acknowledgement times. */
function writer() {
  const acked: { id: number; at: number }[] = [];
  let running = true;
  let next = 1;
  const loop = (async () => {
    let db: SqlConnection | null = null;
    while (running) {
      try {
        db ??= await s.connectVia('pg-rw', 'pg');
        const id = next++;
        await db.query('INSERT INTO w (id) VALUES ($1)', [id]);
        acked.push({ id, at: Date.now() });
      } catch {
        await db?.close().catch(() => undefined);
        db = null;
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    await db?.close().catch(() => undefined);
  })();
  return { acked, stop: async () => ((running = false), await loop) };
}

let w: ReturnType<typeof writer> | null = null;
before(async () => {
  await s.start(3, {
    ...COMPRESSED_TIMINGS,
    crashLoopBackoffInitialMs: 30_000,
    crashLoopBackoffMaxMs: 60_000,
  });
  await s.k(
    ['apply', '-f', '-'],
    'apiVersion: steward.dev/v1alpha1\nkind: PostgresCluster\nmetadata: {name: pg}\nspec: {instances: 3, storage: {size: 1Gi}}\n',
  );
  await waitFor(
    'the cluster Ready',
    async () => {
      const c = await pgc();
      return c.status?.phase === 'Ready' && c.status.readyInstances === 3;
    },
    240_000,
  );
  const db = await s.connectVia('pg-rw', 'pg');
  await db.query('CREATE TABLE w (id bigint primary key)');
  await db.close();
});
after(async () => {
  await w?.stop();
  await s.stop();
});

test(
  "the primary's container exits twice (CrashLoopBackOff): another member leads within seconds, nothing lost",
  { timeout: 300_000 },
  async () => {
    const old = (await pgc()).status!.currentPrimary!;
    w = writer();
    await waitFor('writes', () => w!.acked.length > 20);
    const first = (await containerPid(old))!;
    await afterARenewal();
    const killedAt = Date.now();
    process.kill(first.pid, 'SIGKILL');
    // The kubelet restarts it at once; kill the new instance before its agent can do anything.
    const second = await waitFor(
      `${old} restarted`,
      async () => {
        const c = await containerPid(old);
        return c && c.pid !== first.pid ? c : null;
      },
      20_000,
      25,
    );
    process.kill(second.pid, 'SIGKILL');
    const exitedAt = Date.now();
    const backOff = await waitFor(`${old} in CrashLoopBackOff`, async () => {
      const c = (await pod(old)).status.containerStatuses?.find((x) => x.name === 'postgres');
      return c?.state.waiting?.reason === 'CrashLoopBackOff' ? c : null;
    });
    assert.equal(backOff.restartCount, second.restarts);

    const leader = await waitFor(
      'another member leading',
      async () => {
        const p = (await pgc()).status?.currentPrimary;
        return p && p !== old ? p : null;
      },
      60_000,
    );
    const resumed = await waitFor('writes after the exits', () =>
      w!.acked.find((a) => a.at > killedAt + 200),
    );
    const outageMs = resumed.at - killedAt;
    const sinceExitMs = resumed.at - exitedAt;
    process.stdout.write(
      `# ${leader} leads; writes resumed ${sinceExitMs} ms after ${old}'s container exited ` +
        `for good (${outageMs} ms after the first exit)\n`,
    );
    // The lease (15 s) would expire no earlier than ~13 s after the first kill; the restart
    // back-off (30 s) later still. Taking over on the pod's word takes the kubelet's status
    // report, a cycle of the best replica, its promotion and the Service following it.
    assert.ok(sinceExitMs < 6_000, `writes resumed ${sinceExitMs} ms after the last exit`);
    assert.ok(outageMs < 10_000, `writes resumed ${outageMs} ms after the first exit`);

    // The old primary comes back (after its back-off) as a replica of the new one.
    await waitFor(
      `${old} back as a replica`,
      async () => {
        const p = await pod(old);
        const c = await pgc();
        return p.metadata.labels['steward.dev/role'] === 'replica' &&
          c.status?.phase === 'Ready' &&
          c.status.readyInstances === 3
          ? true
          : null;
      },
      180_000,
    );
    await w.stop();
    const db = await s.connectVia('pg-rw', 'pg');
    const rows = await db.query<{ id: string }>('SELECT id FROM w');
    await db.close();
    const have = new Set(rows.map((r) => Number(r.id)));
    assert.deepEqual(
      w.acked.filter((a) => !have.has(a.id)).map((a) => a.id),
      [],
    );
  },
);
