// A PostgresCluster from a 10-line manifest: Ready, pods in order on three nodes, -rw and -ro.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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
    parameters: {wal_receiver_status_interval: "1s"}
`;

const s = new OperatorSandbox();
before(() => s.start());
after(() => s.stop());

interface Pod {
  metadata: { name: string; creationTimestamp: string; labels: Record<string, string> };
  spec: { nodeName: string };
}

test(
  'a 3-instance cluster reaches Ready with pods in order on three nodes',
  { timeout: 300_000 },
  async () => {
    await s.k(['apply', '-f', '-'], MANIFEST);
    await waitFor(
      'the cluster to be Ready',
      async () =>
        (await s.json<{ status?: { phase?: string } }>(['get', 'pgc', 'pg'])).status?.phase ===
        'Ready',
      240_000,
    );
    const pods = (await s.json<{ items: Pod[] }>(['get', 'pods', '-l', 'steward.dev/cluster=pg']))
      .items;
    assert.equal(pods.length, 3);
    const nodes = new Set(pods.map((p) => p.spec.nodeName));
    assert.equal(nodes.size, 3, 'one instance per node');
    const byName = [...pods].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const created = byName.map((p) => Date.parse(p.metadata.creationTimestamp));
    assert.ok(
      created[0]! <= created[1]! && created[1]! <= created[2]!,
      'pg-0, pg-1, pg-2 created in order',
    );
    const primaries = pods.filter((p) => p.metadata.labels['steward.dev/role'] === 'primary');
    assert.equal(primaries.length, 1);
  },
);

test(
  'writes through -rw replicate to both replicas; -ro reaches replicas only',
  { timeout: 120_000 },
  async () => {
    const rw = await s.connectVia('pg-rw', 'pg');
    await rw.query('CREATE TABLE t (v text)');
    await rw.query(`INSERT INTO t VALUES ('through rw')`);
    const [inRecovery] = await rw.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r');
    assert.equal(inRecovery?.r, false);
    await rw.close();
    const seen = new Set<string>();
    await waitFor(
      'reads through -ro from both replicas',
      async () => {
        const ro = await s.connectVia('pg-ro', 'pg');
        try {
          const [r] = await ro.query<{ r: boolean; host: string; n: number }>(
            `SELECT pg_is_in_recovery() AS r, inet_server_addr()::text AS host, (SELECT count(*)::int FROM t) AS n`,
          );
          assert.equal(r?.r, true, '-ro reached a primary');
          if (r?.n === 1) seen.add(r.host);
        } finally {
          await ro.close();
        }
        return seen.size === 2;
      },
      60_000,
    );
  },
);
