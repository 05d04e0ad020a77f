// Switchover with real pods, agents and PostgreSQL, driven as a user would: `steward promote` (the
// CLI as a process) and `kubectl steward promote` (the kubectl plugin on the PATH). A writer
// through -rw records every acknowledged commit: none is lost and the write pause is short.
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { steward, type CliRun } from '../../src/cli/test-support.ts';
import { connect, type SqlConnection } from '../../src/postgres/sql.ts';
import { waitFor } from '../support/wait.ts';
import { OperatorSandbox } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** A generous bound on the write pause; the ≤ 1 s target is measured by the benchmark. */
const MAX_PAUSE_MS = 5_000;

const s = new OperatorSandbox();
interface Pgc {
  status?: {
    phase?: string;
    currentPrimary?: string;
    targetPrimary?: string;
    readyInstances?: number;
    instancesStatus?: { name: string; role: string; ready: boolean }[];
    conditions?: { type: string; status: string }[];
  };
}
interface Pod {
  metadata: { name: string; labels: Record<string, string>; annotations?: Record<string, string> };
  status: { podIP?: string; conditions?: { type: string; status: string }[] };
}
const pgc = () => s.json<Pgc>(['get', 'pgc', 'pg']);
const pods = async () =>
  (await s.json<{ items: Pod[] }>(['get', 'pods', '-l', 'steward.dev/cluster=pg'])).items;

/** Connects as the app owner to one address (a pod IP or a ClusterIP). */
async function connectTo(host: string, timeoutMs = 3_000): Promise<SqlConnection> {
  return connect({
    host,
    port: 5432,
    user: 'app',
    password: await s.appPassword('pg'),
    database: 'app',
    connectTimeoutMs: timeoutMs,
    statementTimeoutMs: 2 * timeoutMs,
  });
}

async function podIP(name: string): Promise<string> {
  const p = (await pods()).find((x) => x.metadata.name === name);
  assert.ok(p?.status.podIP, `${name} has an IP`);
  return p.status.podIP;
}

/** Writes increasing ids through -rw every ~20 ms; records each acknowledged id and when. */
function startWriter(host: string, password: string, table: string) {
  const acked: number[] = [];
  const times: number[] = [];
  let running = true;
  let next = 1;
  const loop = (async () => {
    let db: SqlConnection | null = null;
    while (running) {
      const started = Date.now();
      try {
        db ??= await connect({
          host,
          port: 5432,
          user: 'app',
          password,
          database: 'app',
          connectTimeoutMs: 1_000,
          statementTimeoutMs: 2_000,
        });
        const id = next++;
        await db.query(`INSERT INTO ${table} (id) VALUES ($1)`, [id]);
        acked.push(id);
        times.push(Date.now());
      } catch {
        await db?.close().catch(() => undefined);
        db = null;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 20 - (Date.now() - started))));
    }
    await db?.close().catch(() => undefined);
  })();
  return {
    acked,
    /** The longest gap between consecutive acknowledgements after `since` (ms). */
    longestPauseAfter(since: number): number {
      let longest = 0;
      for (let i = 1; i < times.length; i++) {
        if (times[i]! >= since) longest = Math.max(longest, times[i]! - times[i - 1]!);
      }
      return longest;
    },
    stop: async () => ((running = false), await loop),
  };
}

/** Runs the real kubectl with bin/ first on the PATH and KUBECONFIG set (as a user would). */
function kubectlPlugin(args: string[]): Promise<CliRun> {
  return new Promise((res, rej) => {
    const env = {
      ...process.env,
      PATH: `${join(ROOT, 'bin')}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
      KUBECONFIG: s.t.kubeconfig,
    };
    const child = spawn('kubectl', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
  });
}

async function readyCluster(): Promise<Pgc> {
  return waitFor(
    'the cluster Ready with 3 instances',
    async () => {
      const c = await pgc();
      return c.status?.phase === 'Ready' && c.status.readyInstances === 3 ? c : null;
    },
    240_000,
  );
}

/** The new primary: the status, the one pod labelled primary, and -rw all point at `name`. */
async function assertPrimary(name: string): Promise<void> {
  assert.equal((await pgc()).status?.currentPrimary, name, 'status.currentPrimary');
  await waitFor(
    `${name} the only pod labelled primary`,
    async () => {
      const primaries = (await pods()).filter(
        (p) => p.metadata.labels['steward.dev/role'] === 'primary',
      );
      return primaries.length === 1 && primaries[0]!.metadata.name === name;
    },
    30_000,
  );
  const ip = await podIP(name);
  await waitFor(
    `-rw to reach ${name} (${ip})`,
    async () => {
      const db = await s.connectVia('pg-rw', 'pg');
      try {
        const [r] = await db.query<{ addr: string; standby: boolean }>(
          'SELECT host(inet_server_addr()) AS addr, pg_is_in_recovery() AS standby',
        );
        return r?.addr === ip && !r.standby;
      } finally {
        await db.close();
      }
    },
    30_000,
  );
}

/** `name` is back as a ready replica streaming from `primary`, replaying what it writes now. */
async function assertStreamingReplica(name: string, primary: string, table: string) {
  await waitFor(
    `${name} back as a ready streaming replica of ${primary}`,
    async () => {
      const c = await pgc();
      const inStatus = c.status?.instancesStatus?.find((i) => i.name === name);
      const pod = (await pods()).find((p) => p.metadata.name === name);
      const agent = JSON.parse(pod?.metadata.annotations?.['steward.dev/status'] ?? '{}') as {
        role?: string;
        streaming?: boolean;
        following?: string | null;
      };
      return (
        inStatus?.role === 'replica' &&
        inStatus.ready &&
        pod?.metadata.labels['steward.dev/role'] === 'replica' &&
        agent.role === 'replica' &&
        agent.streaming === true &&
        agent.following === primary
      );
    },
    120_000,
  );
  const marker = -Date.now();
  const p = await connectTo(await podIP(primary));
  await p.query(`INSERT INTO ${table} (id) VALUES ($1)`, [marker]);
  await p.close();
  const r = await connectTo(await podIP(name));
  try {
    const [rec] = await r.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
    assert.equal(rec?.standby, true, `${name} is a standby`);
    await waitFor(`${name} to replay a row written on ${primary}`, async () => {
      const rows = await r.query(`SELECT 1 FROM ${table} WHERE id = $1`, [marker]);
      return rows.length === 1;
    });
  } finally {
    await r.close();
  }
}

/** Every acknowledged id is on `primary` (read from its pod directly). */
async function assertNothingLost(acked: number[], primary: string, table: string) {
  const db = await connectTo(await podIP(primary));
  try {
    const rows = await db.query<{ id: string }>(`SELECT id FROM ${table}`);
    const have = new Set(rows.map((r) => Number(r.id)));
    assert.deepEqual(
      acked.filter((id) => !have.has(id)),
      [],
      'no acknowledged write lost',
    );
  } finally {
    await db.close();
  }
}

let tables = 0;

/**
 * Runs `promote` (which waits for the new primary) while a writer writes through -rw; checks
 * the new primary, the former one as a streaming replica, no lost write and the write pause.
 */
async function switchOver(
  t: TestContext,
  promote: () => Promise<CliRun>,
  expected: (from: string, run: CliRun) => string,
): Promise<void> {
  const from = (await readyCluster()).status!.currentPrimary!;
  const table = `w${++tables}`;
  const setup = await s.connectVia('pg-rw', 'pg');
  await setup.query(`CREATE TABLE ${table} (id bigint PRIMARY KEY)`);
  await setup.close();
  const w = startWriter(await s.clusterIP('pg-rw'), await s.appPassword('pg'), table);
  let to = '';
  try {
    await waitFor('the writer to be acknowledged', () => w.acked.length > 20, 30_000);
    const started = Date.now();
    const run = await promote();
    assert.equal(run.code, 0, `promote failed:\n${run.stdout}${run.stderr}`);
    to = expected(from, run);
    assert.match(run.stdout, new RegExp(`^${to} is the primary on timeline \\d+ after `, 'm'));
    const n = w.acked.length;
    await waitFor('writes on the new primary', () => w.acked.length > n + 20, 30_000);
    const pause = w.longestPauseAfter(started);
    t.diagnostic(`${from} -> ${to}: longest write pause ${pause} ms; cli: ${run.stdout.trim()}`);
    assert.ok(pause <= MAX_PAUSE_MS, `write pause ${pause} ms > ${MAX_PAUSE_MS} ms`);
  } finally {
    await w.stop();
  }
  await assertPrimary(to);
  await assertStreamingReplica(from, to, table);
  await assertNothingLost(w.acked, to, table);
  t.diagnostic(`${w.acked.length} acknowledged writes, all on ${to}`);
  const c = await readyCluster();
  assert.deepEqual(
    c.status?.conditions?.map((x) => `${x.type}=${x.status}`),
    ['Ready=True', 'Progressing=False', 'Degraded=False'],
  );
}

before(async () => {
  await s.start();
  await s.k(
    ['apply', '-f', '-'],
    'apiVersion: steward.dev/v1alpha1\nkind: PostgresCluster\nmetadata: {name: pg}\nspec: {instances: 3, storage: {size: 1Gi}}\n',
  );
  await readyCluster();
});
after(() => s.stop());

test(
  'steward promote CLUSTER INSTANCE switches over to that replica',
  { timeout: 300_000 },
  (t) => {
    let asked = '';
    return switchOver(
      t,
      async () => {
        const c = await readyCluster();
        asked = c.status!.instancesStatus!.filter((i) => i.role === 'replica').at(-1)!.name;
        return steward(['promote', 'pg', asked, '--kubeconfig', s.t.kubeconfig], ROOT);
      },
      (from, run) => {
        assert.match(run.stdout, new RegExp(`switching over from ${from} to ${asked}, as asked`));
        return asked;
      },
    );
  },
);

test(
  'kubectl steward promote CLUSTER switches over to the best replica',
  { timeout: 300_000 },
  (t) =>
    switchOver(
      t,
      () => kubectlPlugin(['steward', 'promote', 'pg']),
      (from, run) => {
        const m = /switching over from (\S+) to (\S+), the best replica \(/.exec(run.stdout);
        assert.ok(m, run.stdout);
        assert.equal(m[1], from);
        assert.notEqual(m[2], from);
        return m[2]!;
      },
    ),
);
