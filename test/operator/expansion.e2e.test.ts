// Online volume expansion: raising storage.size while a writer runs grows every PVC, re-creates
// the StatefulSet with the new claim template, restarts no pod and costs the writer nothing;
// shrinking afterwards is refused and changes nothing; an operator stopped half-way finishes after
// its restart; a class that cannot expand is refused, and the old size may be set back.
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SqlConnection } from '../../src/postgres/sql.ts';
import { waitFor } from '../support/wait.ts';
import { OperatorSandbox } from './harness.ts';

const MANIFEST = `apiVersion: steward.dev/v1alpha1
kind: PostgresCluster
metadata:
  name: grow
spec:
  instances: 2
  storage:
    size: 1Gi
`;

interface Pod {
  metadata: { name: string; uid: string; ownerReferences?: { kind: string; uid: string }[] };
  status: { containerStatuses?: { name: string; restartCount: number }[] };
}
interface Claim {
  metadata: { name: string };
  spec: { resources: { requests: { storage: string } } };
  status: { capacity?: { storage: string } };
}
interface StatefulSet {
  metadata: { uid: string };
  spec: { volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] };
}
interface Cluster {
  metadata: { generation: number };
  status?: {
    phase?: string;
    observedGeneration?: number;
    conditions?: { type: string; message: string }[];
  };
}

const s = new OperatorSandbox();
before(() => s.start());
after(() => s.stop());

const pods = async () =>
  (await s.json<{ items: Pod[] }>(['get', 'pods', '-l', 'steward.dev/cluster=grow'])).items;
const claims = async () =>
  (await s.json<{ items: Claim[] }>(['get', 'pvc', '-l', 'steward.dev/cluster=grow'])).items;
const statefulSet = () => s.json<StatefulSet>(['get', 'statefulset', 'grow']);
const cluster = () => s.json<Cluster>(['get', 'pgc', 'grow']);
const templateSize = (sts: StatefulSet) =>
  sts.spec.volumeClaimTemplates[0]?.spec.resources.requests.storage;

/** Pod name → uid and restart counts: what must not change. */
async function podIdentities(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const p of await pods()) {
    const restarts = (p.status.containerStatuses ?? []).map((c) => `${c.name}:${c.restartCount}`);
    out[p.metadata.name] = `${p.metadata.uid} ${restarts.sort().join(',')}`;
  }
  return out;
}

/** Inserts through -rw every 50 ms on one connection; any error is kept. */
function startWriter(db: SqlConnection) {
  const errors: string[] = [];
  let acked = 0;
  let running = true;
  const loop = (async () => {
    for (let i = 1; running; i++) {
      try {
        await db.query('INSERT INTO w (id) VALUES ($1)', [i]);
        acked++;
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    errors,
    acked: () => acked,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

test(
  'raising storage.size while writing: PVCs grow, the template follows, no pod restarts',
  { timeout: 420_000 },
  async (t) => {
    await s.k(['apply', '-f', '-'], MANIFEST);
    await waitFor(
      'the cluster to be Ready',
      async () => (await cluster()).status?.phase === 'Ready',
      240_000,
    );
    const db = await s.connectVia('grow-rw', 'grow');
    await db.query('CREATE TABLE w (id int PRIMARY KEY)');
    const before = await podIdentities();
    assert.equal(Object.keys(before).length, 2);
    const oldSts = await statefulSet();
    assert.equal(templateSize(oldSts), '1Gi');

    const writer = startWriter(db);
    await new Promise((r) => setTimeout(r, 1_000));
    // Every phase the cluster passes through (polling could miss a short Expanding).
    const phases = new Set<string>();
    const watch = spawn(
      'kubectl',
      [
        '--kubeconfig',
        s.t.kubeconfig,
        'get',
        'pgc',
        'grow',
        '-w',
        '-o',
        'jsonpath={.status.phase}{"\\n"}',
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    t.after(() => void watch.kill());
    watch.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) if (line) phases.add(line);
    });
    await waitFor('the watch to print the current phase', () => phases.size > 0);
    await s.k([
      'patch',
      'pgc',
      'grow',
      '--type',
      'merge',
      '-p',
      '{"spec":{"storage":{"size":"2Gi"}}}',
    ]);
    await waitFor(
      'every PVC at 2Gi, the StatefulSet re-created with 2Gi, the cluster Ready',
      async () => {
        const c = await cluster();
        phases.add(c.status?.phase ?? '');
        const pvcs = await claims();
        const sts = await s.kubectl(['get', 'statefulset', 'grow', '-o', 'json']);
        if (sts.code !== 0) return false;
        const set = JSON.parse(sts.stdout) as StatefulSet;
        return (
          pvcs.length === 2 &&
          pvcs.every((p) => p.status.capacity?.storage === '2Gi') &&
          templateSize(set) === '2Gi' &&
          set.metadata.uid !== oldSts.metadata.uid &&
          c.status?.phase === 'Ready'
        );
      },
      180_000,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    await writer.stop();

    watch.kill();
    assert.ok(phases.has('Expanding'), `phase Expanding seen (saw ${[...phases].join(', ')})`);
    assert.deepEqual(writer.errors, [], 'the writer saw no error');
    assert.ok(writer.acked() > 20, `the writer kept writing (${writer.acked()} rows)`);
    const [count] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM w');
    assert.equal(count?.n, writer.acked());
    await db.close();

    assert.deepEqual(await podIdentities(), before, 'same pods (uids), no container restarted');
    const newSts = await statefulSet();
    for (const p of await pods()) {
      const owner = p.metadata.ownerReferences?.find((r) => r.kind === 'StatefulSet');
      assert.equal(
        owner?.uid,
        newSts.metadata.uid,
        `${p.metadata.name} adopted by the new StatefulSet`,
      );
    }
    for (const p of await claims()) assert.equal(p.spec.resources.requests.storage, '2Gi');
  },
);

test(
  'shrinking storage.size is refused with a message and changes nothing',
  { timeout: 60_000 },
  async () => {
    const stsBefore = await statefulSet();
    await s.k([
      'patch',
      'pgc',
      'grow',
      '--type',
      'merge',
      '-p',
      '{"spec":{"storage":{"size":"1Gi"}}}',
    ]);
    let c: Cluster | undefined;
    await waitFor(
      'the shrink to be judged',
      async () => {
        c = await cluster();
        return (
          c.status?.observedGeneration === c.metadata.generation && c.status.phase === 'Invalid'
        );
      },
      30_000,
    );
    const ready = c?.status?.conditions?.find((x) => x.type === 'Ready');
    assert.equal(
      ready?.message,
      'spec.storage.size: may not be reduced from 2Gi to 1Gi: volumes can only grow',
    );
    await new Promise((r) => setTimeout(r, 2_000));
    for (const p of await claims()) {
      assert.equal(p.spec.resources.requests.storage, '2Gi');
      assert.equal(p.status.capacity?.storage, '2Gi');
    }
    const stsAfter = await statefulSet();
    assert.equal(stsAfter.metadata.uid, stsBefore.metadata.uid);
    assert.equal(templateSize(stsAfter), '2Gi');
  },
);

test(
  'an operator stopped half-way through an expansion finishes it after its restart',
  { timeout: 120_000 },
  async () => {
    const before = await podIdentities();
    const stsBefore = await statefulSet();
    const op = s.operator!;
    const gone = new Promise((r) => op.once('exit', r));
    op.kill('SIGKILL');
    await gone;
    // What a crash after the first PVC patch leaves behind.
    await s.k([
      'patch',
      'pgc',
      'grow',
      '--type',
      'merge',
      '-p',
      '{"spec":{"storage":{"size":"3Gi"}}}',
    ]);
    const grow = '{"spec":{"resources":{"requests":{"storage":"3Gi"}}}}';
    await s.k(['patch', 'pvc', 'data-grow-0', '--type', 'merge', '-p', grow]);
    await s.startOperator();
    await waitFor(
      'every PVC and the StatefulSet template at 3Gi, the cluster Ready',
      async () => {
        const sts = await s.kubectl(['get', 'statefulset', 'grow', '-o', 'json']);
        if (sts.code !== 0) return false;
        const set = JSON.parse(sts.stdout) as StatefulSet;
        return (
          (await claims()).every((p) => p.status.capacity?.storage === '3Gi') &&
          templateSize(set) === '3Gi' &&
          set.metadata.uid !== stsBefore.metadata.uid &&
          (await cluster()).status?.phase === 'Ready'
        );
      },
      90_000,
    );
    assert.deepEqual(await podIdentities(), before, 'same pods, no container restarted');
  },
);

const FIXED_CLASS = `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fixed
provisioner: sandbox.csi.steward.dev
volumeBindingMode: WaitForFirstConsumer
allowVolumeExpansion: false
`;

const FIXED_CLUSTER = `apiVersion: steward.dev/v1alpha1
kind: PostgresCluster
metadata:
  name: fixed
spec:
  instances: 1
  storage:
    size: 1Gi
    storageClassName: fixed
`;

test(
  'a class that cannot expand: refused with a message, nothing changed, the old size may be set back',
  { timeout: 300_000 },
  async () => {
    await s.k(['apply', '-f', '-'], FIXED_CLASS);
    await s.k(['apply', '-f', '-'], FIXED_CLUSTER);
    const phase = async () => (await s.json<Cluster>(['get', 'pgc', 'fixed'])).status?.phase ?? '';
    await waitFor('cluster fixed to be Ready', async () => (await phase()) === 'Ready', 240_000);
    const patch = (size: string) =>
      s.k([
        'patch',
        'pgc',
        'fixed',
        '--type',
        'merge',
        '-p',
        `{"spec":{"storage":{"size":"${size}"}}}`,
      ]);
    await patch('2Gi');
    let c: Cluster | undefined;
    await waitFor(
      'the expansion to be refused',
      async () => {
        c = await s.json<Cluster>(['get', 'pgc', 'fixed']);
        return (
          c.status?.observedGeneration === c.metadata.generation && c.status.phase === 'Invalid'
        );
      },
      30_000,
    );
    const ready = c?.status?.conditions?.find((x) => x.type === 'Ready');
    assert.match(ready?.message ?? '', /StorageClass "fixed" does not allow volume expansion/);
    assert.match(ready?.message ?? '', /set storage.size back to 1Gi/);
    const pvc = await s.json<Claim>(['get', 'pvc', 'data-fixed-0']);
    assert.equal(pvc.spec.resources.requests.storage, '1Gi');
    const events = await s.k(['get', 'events', '--field-selector', 'reason=ExpansionNotAllowed']);
    assert.match(events, /fixed/);
    // Not a deadlock: going back to the size the volumes have is accepted.
    await patch('1Gi');
    await waitFor(
      'cluster fixed to be Ready again',
      async () => (await phase()) === 'Ready',
      30_000,
    );
  },
);
