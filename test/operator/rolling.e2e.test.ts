// Rolling upgrade with the operator: a restart-requiring parameter, then a new image. Each time
// every instance restarts once, replicas first (highest ordinal first) and the primary last after
// a switchover; a writer through -rw sees at most one pause of at most 2 s and loses nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadKubeConfig, makeClients } from '../../src/kube/config.ts';
import { steward } from '../../src/cli/test-support.ts';
import { waitFor } from '../support/wait.ts';
import { resolve } from 'node:path';
import { OperatorSandbox } from './harness.ts';
import {
  listPods,
  memberStatuses,
  pgc,
  rollOut,
  settingOnEachPod,
  type RolloutEnv,
} from './rollout-support.ts';

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

const ROOT = resolve(import.meta.dirname, '../..');
const s = new OperatorSandbox();
let e: RolloutEnv;
before(async () => {
  await s.start();
  e = { s, api: makeClients(loadKubeConfig({ kubeconfigPath: s.t.kubeconfig })), cluster: 'pg' };
});
after(() => s.stop());

/** Every one of the three pods runs `image`. */
async function allOnImage(image: string): Promise<boolean> {
  const pods = await listPods(e);
  return pods.length === 3 && pods.every((p) => p.spec?.containers[0]?.image === image);
}

test('a 3-instance cluster is Ready', { timeout: 300_000 }, async () => {
  await s.k(['apply', '-f', '-'], MANIFEST);
  await waitFor(
    'the cluster to be Ready',
    async () => (await pgc(e)).status?.phase === 'Ready',
    240_000,
  );
});

test(
  'a parameter that needs a restart: replicas first, then a switchover, one short pause',
  { timeout: 420_000 },
  async () => {
    await rollOut(
      e,
      { spec: { postgresql: { parameters: { max_connections: '120' } } } },
      {
        primaryRecreated: false,
        done: async () => (await memberStatuses(e)).every((m) => !m.pendingRestart),
      },
    );
    assert.deepEqual(await settingOnEachPod(e, 'max_connections'), ['120', '120', '120']);
  },
);

test(
  'a new image: replicas first, then a switchover, then the former primary; one short pause',
  { timeout: 420_000 },
  async () => {
    const image = 'steward/instance:15-next';
    await rollOut(
      e,
      { spec: { image } },
      {
        // The former primary is re-created only once it has rejoined as a streaming replica:
        // deleting it while it rewinds would interrupt pg_rewind (the kubelet signals the whole
        // process group). The watch records its label when its deletion began.
        primaryRecreated: true,
        done: () => allOnImage(image),
      },
    );
  },
);

test(
  'an operator killed after the first replica restarted finishes the rollout after its restart',
  { timeout: 420_000 },
  async () => {
    const image = 'steward/instance:15';
    await rollOut(
      e,
      { spec: { image } },
      {
        primaryRecreated: true,
        done: () => allOnImage(image),
        during: async (changes) => {
          await waitFor('the first replica to be re-created', () => changes.length > 0, 120_000);
          const op = s.operator!;
          const gone = new Promise((r) => op.once('exit', r));
          op.kill('SIGKILL');
          await gone;
          const seen = changes.length;
          await new Promise((r) => setTimeout(r, 5_000));
          assert.equal(changes.length, seen, 'nothing is restarted while no operator runs');
          await s.startOperator();
        },
      },
    );
  },
);

test(
  'supervised: replicas first, then it waits for steward promote; the former primary last',
  { timeout: 480_000 },
  async () => {
    const image = 'steward/instance:15-next';
    await s.k([
      'patch', 'pgc', 'pg', '--type', 'merge',
      '-p', JSON.stringify({ spec: { primaryUpdateStrategy: 'supervised' } }),
    ]); // prettier-ignore
    await rollOut(
      e,
      { spec: { image } },
      {
        primaryRecreated: true,
        done: () => allOnImage(image),
        during: async (changes) => {
          await waitFor(
            'both replicas re-created and the operator waiting for a promote',
            async () => {
              const st = (await pgc(e)).status;
              const progressing = st?.conditions?.find((c) => c.type === 'Progressing');
              return changes.length >= 2 && progressing?.reason === 'WaitingForPromote';
            },
            300_000,
          );
          await new Promise((r) => setTimeout(r, 3_000));
          assert.ok(!changes.some((c) => 'primary' in c), 'no switchover without a person');
          const r = await steward(['promote', 'pg', '--kubeconfig', s.t.kubeconfig], ROOT);
          assert.equal(r.code, 0, r.stderr);
        },
      },
    );
  },
);
