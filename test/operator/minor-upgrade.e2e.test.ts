// Minor-version upgrade with the operator: a cluster on PostgreSQL 15.17 (the npm package's server
// binaries, image steward/instance:15.17) moves to 15.18 (image steward/instance:15.18) by a rolling
// update: replicas first (highest ordinal first), then a switchover, then the former primary; a
// writer through -rw sees at most one pause of at most 2 s and loses nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadKubeConfig, makeClients } from '../../src/kube/config.ts';
import { waitFor } from '../support/wait.ts';
import { OperatorSandbox } from './harness.ts';
import {
  listPods,
  memberStatuses,
  pgc,
  rollOut,
  settingOnEachPod,
  type RolloutEnv,
} from './rollout-support.ts';

const FROM = 'steward/instance:15.17';
const TO = 'steward/instance:15.18';
const MANIFEST = `apiVersion: steward.dev/v1alpha1
kind: PostgresCluster
metadata:
  name: pg
spec:
  instances: 3
  image: ${FROM}
  storage:
    size: 1Gi
  postgresql:
    parameters: {wal_receiver_status_interval: "1s"}
`;

const s = new OperatorSandbox();
let e: RolloutEnv;
before(async () => {
  const bin = resolve(import.meta.dirname, '../../.steward/postgres-npm/bin/postgres');
  assert.ok(existsSync(bin), `${bin} is missing: run scripts/setup (it links PostgreSQL 15.17)`);
  await s.start();
  e = { s, api: makeClients(loadKubeConfig({ kubeconfigPath: s.t.kubeconfig })), cluster: 'pg' };
});
after(() => s.stop());

/** server_version_num of every instance and the version each agent reports. */
async function versions(): Promise<{ sql: string[]; agents: (string | null)[] }> {
  const agents = (await memberStatuses(e))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m) => m.postgresVersion);
  return { sql: await settingOnEachPod(e, 'server_version_num'), agents };
}

test(`a 3-instance cluster on ${FROM} runs PostgreSQL 15.17`, { timeout: 300_000 }, async () => {
  await s.k(['apply', '-f', '-'], MANIFEST);
  await waitFor(
    'the cluster to be Ready',
    async () => (await pgc(e)).status?.phase === 'Ready',
    240_000,
  );
  assert.deepEqual(await versions(), {
    sql: ['150017', '150017', '150017'],
    agents: ['15.17', '15.17', '15.17'],
  });
});

test(
  `rolling to ${TO}: replicas first, then a switchover, then the former primary; one short pause`,
  { timeout: 420_000 },
  async () => {
    await rollOut(
      e,
      { spec: { image: TO } },
      {
        primaryRecreated: true,
        done: async () => {
          const pods = await listPods(e);
          return pods.length === 3 && pods.every((p) => p.spec?.containers[0]?.image === TO);
        },
      },
    );
    await waitFor(
      'every agent to report 15.18',
      async () => (await memberStatuses(e)).every((m) => m.postgresVersion === '15.18'),
      30_000,
    );
    assert.deepEqual(await versions(), {
      sql: ['150018', '150018', '150018'],
      agents: ['15.18', '15.18', '15.18'],
    });
  },
);
