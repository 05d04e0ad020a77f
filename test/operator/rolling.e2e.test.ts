// Rolling upgrade with the operator: a restart-requiring parameter, then a new image. Each time
// every instance restarts once, replicas first (highest ordinal first) and the primary last after
// a switchover; a writer through -rw sees at most one pause of at most 2 s and loses nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { V1Pod } from '@kubernetes/client-node';
import { loadKubeConfig, makeClients, type KubeClients } from '../../src/kube/config.ts';
import { connect, type SqlConnection } from '../../src/postgres/sql.ts';
import { waitFor } from '../support/wait.ts';
import { OperatorSandbox } from './harness.ts';

const MANIFEST = `apiVersion: steward.dev/v1alpha1
kind: PostgresCluster
metadata:
  name: pg
spec:
  instances: 3
  storage:
    size: 1Gi
  postgresql:
    parameters: {wal_receiver_status_interval: "1s", max_connections: "100"}
`;

/** A gap between acknowledgements longer than this counts as a write pause. */
const PAUSE_MS = 500;

const s = new OperatorSandbox();
let api: KubeClients;
before(async () => {
  await s.start();
  api = makeClients(loadKubeConfig({ kubeconfigPath: s.t.kubeconfig }));
});
after(() => s.stop());

interface Pgc {
  status?: {
    phase?: string;
    currentPrimary?: string;
    conditions?: { type: string; message: string }[];
  };
}
const pgc = () => s.json<Pgc>(['get', 'pgc', 'pg']);

async function listPods(): Promise<V1Pod[]> {
  return (
    await api.core.listNamespacedPod({
      namespace: 'default',
      labelSelector: 'steward.dev/cluster=pg',
    })
  ).items;
}

/** Writes increasing ids through -rw every 20 ms; records acknowledged ids and their times. */
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
    /** Gaps between consecutive acknowledgements longer than PAUSE_MS, in ms. */
    pauses(): number[] {
      const out: number[] = [];
      for (let i = 1; i < times.length; i++) {
        const gap = times[i]! - times[i - 1]!;
        if (gap > PAUSE_MS) out.push(gap);
      }
      return out;
    },
    stop: async () => ((running = false), await loop),
  };
}

/** One observed change: a pod re-created (new UID) or the primary moving. */
type Change = { pod: string; roleBefore: string } | { primary: string; from: string };

/** Polls pods and the cluster status; records re-created pods and primary changes, in order. */
function watchChanges() {
  const uids = new Map<string, string>();
  const roles = new Map<string, string>();
  const changes: Change[] = [];
  let primary: string | null = null;
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const p of await listPods().catch(() => [])) {
        const name = p.metadata?.name ?? '';
        const before = uids.get(name);
        if (before !== undefined && before !== p.metadata?.uid) {
          changes.push({ pod: name, roleBefore: roles.get(name) ?? 'unknown' });
        }
        uids.set(name, p.metadata?.uid ?? '');
        if (!p.metadata?.deletionTimestamp) {
          roles.set(name, p.metadata?.labels?.['steward.dev/role'] ?? 'unknown');
        }
      }
      const now = (await pgc().catch(() => null))?.status?.currentPrimary ?? null;
      if (primary !== null && now !== null && now !== primary) {
        changes.push({ primary: now, from: primary });
      }
      if (now !== null) primary = now;
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return { changes, stop: async () => ((running = false), await loop) };
}

const describe = (c: Change) =>
  'pod' in c ? `re-created ${c.pod} (was ${c.roleBefore})` : `primary ${c.from} -> ${c.primary}`;

/** The member status each pod's agent publishes. */
async function memberStatuses(): Promise<{ name: string; pendingRestart: boolean }[]> {
  return (await listPods()).map((p) => ({
    name: p.metadata?.name ?? '',
    ...(JSON.parse(p.metadata?.annotations?.['steward.dev/status'] ?? '{}') as {
      pendingRestart: boolean;
    }),
  }));
}

/** A setting as each instance runs it (connecting to each pod directly). */
async function settingOnEachPod(name: string): Promise<string[]> {
  const password = await s.appPassword('pg');
  const out: string[] = [];
  for (const p of await listPods()) {
    const db = await connect({
      host: p.status?.podIP ?? '',
      port: 5432,
      user: 'app',
      password,
      database: 'app',
      connectTimeoutMs: 3_000,
    });
    const [r] = await db.query<{ v: string }>('SELECT current_setting($1) AS v', [name]);
    await db.close();
    out.push(r?.v ?? '');
  }
  return out;
}

let tables = 0;

/**
 * Applies `patch` while a writer writes through -rw and checks the rollout: replicas re-created
 * highest ordinal first, then one switchover; the former primary is re-created after it if
 * `primaryRecreated` (a new image; for parameters the hand-over restarts it as a standby).
 * The writer sees at most one pause of at most 2 s and loses nothing.
 */
async function rollOut(
  patch: object,
  o: { primaryRecreated: boolean; done: () => Promise<boolean> },
): Promise<void> {
  const table = `w${++tables}`;
  const setup = await s.connectVia('pg-rw', 'pg');
  await setup.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
  await setup.close();
  const primary = (await pgc()).status?.currentPrimary ?? '';
  const w = startWriter(await s.clusterIP('pg-rw'), await s.appPassword('pg'), table);
  const watch = watchChanges();
  let last = '';
  try {
    await waitFor('the writer to be acknowledged', () => w.acked.length > 20, 30_000);
    await s.k(['patch', 'pgc', 'pg', '--type', 'merge', '-p', JSON.stringify(patch)]);
    await waitFor(
      'the rollout to finish with the cluster Ready',
      async () => {
        const st = (await pgc()).status;
        last = `${st?.phase}: ${st?.conditions?.find((c) => c.type === 'Ready')?.message}`;
        const moved = watch.changes.some((c) => 'primary' in c);
        return moved && st?.phase === 'Ready' && (await o.done());
      },
      360_000,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}; last status ${last}; changes ${watch.changes.map(describe).join(', ')}`,
      );
    });
    await new Promise((r) => setTimeout(r, 1_000)); // a few more writes on the new primary
  } finally {
    await watch.stop();
    await w.stop();
  }
  const replicas = ['pg-2', 'pg-1', 'pg-0'].filter((n) => n !== primary);
  const moved = watch.changes.find((c) => 'primary' in c);
  const expected = [
    ...replicas.map((pod) => `re-created ${pod} (was replica)`),
    `primary ${primary} -> ${moved && 'primary' in moved ? moved.primary : '?'}`,
    ...(o.primaryRecreated ? [`re-created ${primary} (was replica)`] : []),
  ];
  assert.deepEqual(watch.changes.map(describe), expected, 'replicas first, then one switchover');
  const pauses = w.pauses();
  assert.ok(pauses.length <= 1, `at most one write pause, saw ${JSON.stringify(pauses)} ms`);
  assert.ok(
    pauses.every((p) => p <= 2_000),
    `a pause of at most 2 s, saw ${JSON.stringify(pauses)} ms`,
  );
  const db = await s.connectVia('pg-rw', 'pg');
  try {
    const rows = await db.query<{ id: number }>(`SELECT id FROM ${table}`);
    const have = new Set(rows.map((r) => r.id));
    assert.deepEqual(
      w.acked.filter((id) => !have.has(id)),
      [],
      'no acknowledged write lost',
    );
  } finally {
    await db.close();
  }
}

test('a 3-instance cluster is Ready', { timeout: 300_000 }, async () => {
  await s.k(['apply', '-f', '-'], MANIFEST);
  await waitFor(
    'the cluster to be Ready',
    async () => (await pgc()).status?.phase === 'Ready',
    240_000,
  );
});

test(
  'a parameter that needs a restart: replicas first, then a switchover, one short pause',
  {
    timeout: 420_000,
    todo: 'replicas are restarted in the order their agents report pendingRestart, not highest ordinal first (seen: pg-1 before pg-2)',
  },
  async () => {
    await rollOut(
      { spec: { postgresql: { parameters: { max_connections: '120' } } } },
      {
        primaryRecreated: false,
        done: async () => (await memberStatuses()).every((m) => !m.pendingRestart),
      },
    );
    assert.deepEqual(await settingOnEachPod('max_connections'), ['120', '120', '120']);
  },
);

test(
  'a new image: replicas first, then a switchover, then the former primary; one short pause',
  {
    timeout: 420_000,
    todo: 'the former primary is re-created while still stopped after the hand-over, before it has rejoined as a replica',
  },
  async () => {
    const image = 'steward/instance:15-next';
    await rollOut(
      { spec: { image } },
      {
        primaryRecreated: true,
        done: async () => {
          const pods = await listPods();
          return pods.length === 3 && pods.every((p) => p.spec?.containers[0]?.image === image);
        },
      },
    );
  },
);
