// Support for rolling-update e2e tests: a writer through -rw, a watch of pod deletions and primary
// changes, and `rollOut`, which applies a change and checks the order, the pause and the data.
import assert from 'node:assert/strict';
import { Watch, type KubernetesObject, type V1Pod } from '@kubernetes/client-node';
import type { KubeClients } from '../../src/kube/config.ts';
import { connect, type SqlConnection } from '../../src/postgres/sql.ts';
import { waitFor } from '../support/wait.ts';
import type { OperatorSandbox } from './harness.ts';

/** A gap between acknowledgements longer than this, with a failed write in it, is a pause. */
const PAUSE_MS = 500;
/** The longest pause allowed, and the longest gap between acknowledgements of any kind. */
const MAX_PAUSE_MS = 2_000;

/** The sandbox, its API clients and the cluster (namespace default) under test. */
export interface RolloutEnv {
  s: OperatorSandbox;
  api: KubeClients;
  cluster: string;
}

export interface Pgc {
  status?: {
    phase?: string;
    currentPrimary?: string;
    conditions?: { type: string; reason?: string; message: string }[];
  };
}

export const pgc = (e: RolloutEnv) => e.s.json<Pgc>(['get', 'pgc', e.cluster]);

export async function listPods(e: RolloutEnv): Promise<V1Pod[]> {
  return (
    await e.api.core.listNamespacedPod({
      namespace: 'default',
      labelSelector: `steward.dev/cluster=${e.cluster}`,
    })
  ).items;
}

/**
 * Writes increasing ids through -rw every 20 ms; records acknowledged ids, their times and the
 * times of failed writes.
 */
export function startWriter(host: string, password: string, table: string) {
  const acked: number[] = [];
  const times: number[] = [];
  const failures: number[] = [];
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
        failures.push(Date.now());
        await db?.close().catch(() => undefined);
        db = null;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 20 - (Date.now() - started))));
    }
    await db?.close().catch(() => undefined);
  })();
  const gaps = () => times.slice(1).map((t, i) => ({ from: times[i]!, to: t }));
  return {
    acked,
    /**
     * Pauses: gaps between acknowledgements longer than PAUSE_MS in which a write failed (the -rw
     * Service had no writable server). A gap without a failure is a slow machine, not an outage;
     * the longest gap of any kind is checked separately.
     */
    pauses(): number[] {
      return gaps()
        .filter((g) => g.to - g.from > PAUSE_MS && failures.some((f) => f > g.from && f < g.to))
        .map((g) => g.to - g.from);
    },
    longestGap: (): number => Math.max(0, ...gaps().map((g) => g.to - g.from)),
    stop: async () => ((running = false), await loop),
  };
}

/** One observed change: a pod deleted (its role label when the deletion began) or the primary moving. */
export type Change = { pod: string; roleBefore: string } | { primary: string; from: string };

export const describeChange = (c: Change) =>
  'pod' in c ? `re-created ${c.pod} (was ${c.roleBefore})` : `primary ${c.from} -> ${c.primary}`;

/**
 * Follows `path` with a watch, restarting it from the last resourceVersion when it ends, so no
 * change is missed (polling missed labels that lasted less than one poll).
 */
function follow<T extends KubernetesObject>(
  e: RolloutEnv,
  path: string,
  query: Record<string, string>,
  on: (type: string, o: T) => void,
) {
  const w = new Watch(e.api.kc);
  let running = true;
  let version: string | undefined;
  let current: AbortController | null = null;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => {
        const q = { ...query, ...(version ? { resourceVersion: version } : {}) };
        const onEvent = (type: string, o: T) => {
          version = o.metadata?.resourceVersion ?? version;
          on(type, o);
        };
        w.watch(path, q, onEvent, resolve).then((c) => (current = c), resolve);
      });
      if (running) await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => {
    running = false;
    current?.abort();
    await loop;
  };
}

/** Watches the cluster's pods and status; records pod deletions and primary changes, in order. */
export function watchChanges(e: RolloutEnv) {
  const labels = new Map<string, string>(); // pod UID -> role label before its deletion began
  const changes: Change[] = [];
  let primary: string | null = null;
  const stopPods = follow<V1Pod>(
    e,
    '/api/v1/namespaces/default/pods',
    { labelSelector: `steward.dev/cluster=${e.cluster}` },
    (type, p) => {
      const uid = p.metadata?.uid ?? '';
      if (!p.metadata?.deletionTimestamp) {
        labels.set(uid, p.metadata?.labels?.['steward.dev/role'] ?? 'unknown');
      }
      if (type === 'DELETED') {
        changes.push({ pod: p.metadata?.name ?? '', roleBefore: labels.get(uid) ?? 'unknown' });
      }
    },
  );
  const stopCluster = follow<KubernetesObject & Pgc>(
    e,
    '/apis/steward.dev/v1alpha1/namespaces/default/postgresclusters',
    { fieldSelector: `metadata.name=${e.cluster}` },
    (_type, c) => {
      const now = c.status?.currentPrimary ?? null;
      if (primary !== null && now !== null && now !== primary) {
        changes.push({ primary: now, from: primary });
      }
      if (now !== null) primary = now;
    },
  );
  return { changes, stop: async () => (await stopPods(), await stopCluster()) };
}

/** The member status each pod's agent publishes. */
export async function memberStatuses(
  e: RolloutEnv,
): Promise<{ name: string; pendingRestart: boolean; postgresVersion: string | null }[]> {
  return (await listPods(e)).map((p) => ({
    name: p.metadata?.name ?? '',
    ...(JSON.parse(p.metadata?.annotations?.['steward.dev/status'] ?? '{}') as {
      pendingRestart: boolean;
      postgresVersion: string | null;
    }),
  }));
}

/** A setting as each instance runs it (connecting to each pod directly), in pod name order. */
export async function settingOnEachPod(e: RolloutEnv, name: string): Promise<string[]> {
  const password = await e.s.appPassword(e.cluster);
  const pods = (await listPods(e)).sort((a, b) =>
    (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
  );
  const out: string[] = [];
  for (const p of pods) {
    const db = await connect({
      host: p.status?.podIP ?? '',
      port: 5432,
      user: 'app',
      password,
      database: 'app',
      connectTimeoutMs: 3_000,
    });
    try {
      const [r] = await db.query<{ v: string }>('SELECT current_setting($1) AS v', [name]);
      out.push(r?.v ?? '');
    } finally {
      await db.close();
    }
  }
  return out;
}

let tables = 0;

/**
 * Applies `patch` while a writer writes through -rw and checks the rollout: replicas re-created
 * highest ordinal first, then one switchover; the former primary is re-created after it if
 * `primaryRecreated` (a new image; for parameters the hand-over restarts it as a standby).
 * The writer sees at most one pause of at most 2 s and loses nothing. Returns the pauses (ms).
 * `during` runs right after the patch and must return before the rollout is checked.
 */
export async function rollOut(
  e: RolloutEnv,
  patch: object,
  o: {
    primaryRecreated: boolean;
    done: () => Promise<boolean>;
    /** Runs right after the patch, beside the rollout (sees the changes as they come). */
    during?: (changes: readonly Change[]) => Promise<void>;
  },
): Promise<number[]> {
  const table = `w${++tables}`;
  const setup = await e.s.connectVia(`${e.cluster}-rw`, e.cluster);
  await setup.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
  await setup.close();
  const primary = (await pgc(e)).status?.currentPrimary ?? '';
  const w = startWriter(
    await e.s.clusterIP(`${e.cluster}-rw`),
    await e.s.appPassword(e.cluster),
    table,
  );
  const watch = watchChanges(e);
  let last = '';
  try {
    await waitFor('the writer to be acknowledged', () => w.acked.length > 20, 30_000);
    await e.s.k(['patch', 'pgc', e.cluster, '--type', 'merge', '-p', JSON.stringify(patch)]);
    await o.during?.(watch.changes);
    await waitFor(
      'the rollout to finish with the cluster Ready',
      async () => {
        const st = (await pgc(e)).status;
        last = `${st?.phase}: ${st?.conditions?.find((c) => c.type === 'Ready')?.message}`;
        const moved = watch.changes.some((c) => 'primary' in c);
        return moved && st?.phase === 'Ready' && (await o.done());
      },
      360_000,
    ).catch((err: Error) => {
      const seen = watch.changes.map(describeChange).join(', ');
      throw new Error(`${err.message}; last status ${last}; changes ${seen}`);
    });
    await new Promise((r) => setTimeout(r, 1_000)); // a few more writes on the new primary
  } finally {
    await watch.stop();
    await w.stop();
  }
  const n = e.cluster;
  const replicas = [`${n}-2`, `${n}-1`, `${n}-0`].filter((p) => p !== primary);
  const moved = watch.changes.find((c) => 'primary' in c);
  const expected = [
    ...replicas.map((pod) => `re-created ${pod} (was replica)`),
    `primary ${primary} -> ${moved && 'primary' in moved ? moved.primary : '?'}`,
    ...(o.primaryRecreated ? [`re-created ${primary} (was replica)`] : []),
  ];
  const seen = watch.changes.map(describeChange);
  assert.deepEqual(seen, expected, 'replicas first, then one switchover');
  const pauses = w.pauses();
  const longest = w.longestGap();
  console.log(
    `${w.acked.length} writes; pauses ${JSON.stringify(pauses)} ms; longest gap ${longest} ms`,
  );
  assert.ok(pauses.length <= 1, `at most one write pause, saw ${JSON.stringify(pauses)} ms`);
  assert.ok(longest <= MAX_PAUSE_MS, `no gap between writes over 2 s, saw ${longest} ms`);
  const db = await e.s.connectVia(`${e.cluster}-rw`, e.cluster);
  try {
    const rows = await db.query<{ id: number }>(`SELECT id FROM ${table}`);
    const have = new Set(rows.map((r) => r.id));
    const lost = w.acked.filter((id) => !have.has(id));
    assert.deepEqual(lost, [], 'no acknowledged write lost');
  } finally {
    await db.close();
  }
  return pauses;
}
