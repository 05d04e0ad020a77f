import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubernetesObject, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import type { MemberStatus } from '../../api/instance.ts';
import type { PostgresCluster, PostgresClusterSpecInput } from '../../api/postgres-cluster.ts';
import { FakeClock } from '../../lib/clock.ts';
import { nopLogger } from '../../lib/logger.ts';
import { buildStatefulSet } from '../builders/statefulset.ts';
import { sampleCluster } from '../builders/sample-cluster.ts';
import { FakeOperatorClient } from './fake-client.ts';
import { PENDING_RESTART_SETTLE_MS } from './rolling-plan.ts';
import { ROLLOUT_ANNOTATION, rollingUpdateStep, rollingViewOf } from './rolling.ts';
import { buildClusterStatus } from './status.ts';
import type { ReconcileContext, StepResult } from './types.ts';

const CLUSTER_REF = {
  apiVersion: 'steward.dev/v1alpha1',
  kind: 'PostgresCluster',
  namespace: 'db',
  name: 'pg',
};
const podRef = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', namespace: 'db', name });

/** A pod of the StatefulSet's current template, healthy in `role`. */
function podFrom(sts: V1StatefulSet, ordinal: number, role: 'primary' | 'replica'): V1Pod {
  const t = sts.spec!.template;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pg-${ordinal}`,
      namespace: 'db',
      labels: { ...t.metadata?.labels, 'steward.dev/role': role },
      annotations: { ...t.metadata?.annotations, 'steward.dev/status': statusText(role, false) },
    },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function statusText(role: 'primary' | 'replica', pendingRestart: boolean): string {
  const s: Partial<MemberStatus> = {
    role,
    streaming: role === 'replica',
    lagBytes: role === 'primary' ? 0 : 64,
    pendingRestart,
  };
  return JSON.stringify(s);
}

/** A 3-instance cluster `pg` whose pods run the template of `spec`, primary pg-0. */
function world(spec: Partial<PostgresClusterSpecInput> = {}): FakeOperatorClient {
  const cluster: PostgresCluster = {
    ...sampleCluster({ instances: 3, ...spec }),
    status: { currentPrimary: 'pg-0', targetPrimary: 'pg-0' },
  };
  const sts = buildStatefulSet(cluster);
  const pods = [0, 1, 2].map((i) => podFrom(sts, i, i === 0 ? 'primary' : 'replica'));
  const client = new FakeOperatorClient();
  for (const o of [cluster as unknown as KubernetesObject, sts, ...pods]) client.put(o);
  return client;
}

/** The operator changed the spec: the StatefulSet gets the new template (statefulSetStep's job). */
function changeSpec(client: FakeOperatorClient, spec: Partial<PostgresClusterSpecInput>): void {
  const c = client.peek<KubernetesObject>(CLUSTER_REF) as unknown as PostgresCluster;
  const next = { ...c, spec: sampleCluster({ instances: 3, ...spec }).spec };
  client.put(next as unknown as KubernetesObject);
  client.put(buildStatefulSet(next));
}

function context(client: FakeOperatorClient, clock: FakeClock): ReconcileContext {
  const cluster = client.peek<KubernetesObject>(CLUSTER_REF) as unknown as PostgresCluster;
  return {
    client,
    clock,
    random: (n) => new Uint8Array(n),
    logger: nopLogger,
    cluster: structuredClone(cluster),
    blocked: null,
  };
}

/** Status patches the fake logged since the last call, applied as the API server would. */
function applyStatusWrites(client: FakeOperatorClient, c: PostgresCluster): void {
  const applied = (c as { applied?: number }).applied ?? 0;
  const writes = client.writes.filter((w) => w.verb === 'status');
  for (const w of writes.slice(applied)) c.status = { ...c.status, ...(w.detail as object) };
  (c as { applied?: number }).applied = writes.length;
}

/** What the API server, the StatefulSet controller and the agents do between reconciles. */
function simulate(client: FakeOperatorClient): void {
  const c = client.peek<KubernetesObject>(CLUSTER_REF) as unknown as PostgresCluster;
  applyStatusWrites(client, c);
  const sts = client.peek<V1StatefulSet>({
    ...CLUSTER_REF,
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
  })!;
  const target = c.status?.targetPrimary;
  if (target && target !== c.status?.currentPrimary) {
    // The agents hand over: the target promotes, the former primary follows it.
    c.status = { ...c.status, currentPrimary: target };
    for (let i = 0; i < 3; i++) {
      const p = client.peek<V1Pod>(podRef(`pg-${i}`))!;
      const role = p.metadata!.name === target ? 'primary' : 'replica';
      p.metadata!.labels!['steward.dev/role'] = role;
      const st = JSON.parse(p.metadata!.annotations!['steward.dev/status']!) as MemberStatus;
      p.metadata!.annotations!['steward.dev/status'] = statusText(role, st.pendingRestart);
    }
    return;
  }
  for (let i = 0; i < 3; i++) {
    if (!client.peek(podRef(`pg-${i}`))) {
      client.put(podFrom(sts, i, c.status?.currentPrimary === `pg-${i}` ? 'primary' : 'replica'));
    }
  }
}

/** Runs step + simulation until the step lets the reconcile continue; returns pods deleted, in order. */
async function rollOut(client: FakeOperatorClient, clock: FakeClock): Promise<string[]> {
  for (let i = 0; i < 50; i++) {
    const r: StepResult = await rollingUpdateStep(context(client, clock));
    if (r === 'continue') break;
    if (typeof r.stop === 'object' && 'requeueAfter' in r.stop)
      await clock.advance(r.stop.requeueAfter);
    simulate(client);
  }
  return client.writes
    .filter((w) => w.verb === 'delete' || w.verb === 'status')
    .map((w) => (w.verb === 'delete' ? w.target : `switchover to ${JSON.stringify(w.detail)}`));
}

void test('nothing outdated: the step continues and writes nothing', async () => {
  const client = world();
  assert.equal(await rollingUpdateStep(context(client, new FakeClock())), 'continue');
  assert.deepEqual(client.writes, []);
});

void test('a new image: replicas highest ordinal first, switchover, then the former primary', async () => {
  const client = world();
  changeSpec(client, { image: 'steward/instance:15-next' });
  const clock = new FakeClock();
  const first = context(client, clock);
  assert.deepEqual(await rollingUpdateStep(first), { stop: { requeueAfter: 1_000 } });
  assert.deepEqual(first.blocked, {
    reason: 'RollingUpdate',
    message: 'restarting replica pg-2 for a new pod template',
  });
  const pods = await client.list<V1Pod>('v1', 'Pod', 'db', '');
  assert.equal(buildClusterStatus(first.cluster, pods, first.blocked, 'now').phase, 'Upgrading');
  assert.ok(client.peek(CLUSTER_REF)?.metadata?.annotations?.[ROLLOUT_ANNOTATION]);
  simulate(client);

  const order = await rollOut(client, clock);
  assert.deepEqual(order, [
    'Pod/pg-2',
    'Pod/pg-1',
    'switchover to {"targetPrimary":"pg-1"}',
    'Pod/pg-0',
  ]);
  // Done: the marker is gone and the events tell the story.
  assert.equal(client.peek(CLUSTER_REF)?.metadata?.annotations?.[ROLLOUT_ANNOTATION], undefined);
  assert.equal(client.events().filter((e) => e.startsWith('Normal RollingUpdate')).length, 3);
  assert.equal(client.events().filter((e) => e.startsWith('Normal Switchover')).length, 1);
});

void test('parameters pending a restart everywhere: same order, settled before the switchover', async () => {
  const client = world();
  for (let i = 0; i < 3; i++) {
    const p = client.peek<V1Pod>(podRef(`pg-${i}`))!;
    p.metadata!.annotations!['steward.dev/status'] = statusText(
      i === 0 ? 'primary' : 'replica',
      true,
    );
  }
  const order = await rollOut(client, new FakeClock());
  assert.deepEqual(order, [
    'Pod/pg-2',
    'Pod/pg-1',
    'switchover to {"targetPrimary":"pg-1"}',
    'Pod/pg-0',
  ]);
});

void test('only the primary pending a restart: nothing happens before the settle time', async () => {
  const client = world();
  const p = client.peek<V1Pod>(podRef('pg-0'))!;
  p.metadata!.annotations!['steward.dev/status'] = statusText('primary', true);
  const clock = new FakeClock();
  const ctx = context(client, clock);
  assert.deepEqual(await rollingUpdateStep(ctx), {
    stop: { requeueAfter: PENDING_RESTART_SETTLE_MS },
  });
  assert.deepEqual(client.objectWrites(), ['patch PostgresCluster/pg']); // the start marker only
  await clock.advance(PENDING_RESTART_SETTLE_MS);
  await rollingUpdateStep(context(client, clock));
  assert.deepEqual(
    client.writes.filter((w) => w.verb === 'status').map((w) => w.detail),
    [{ targetPrimary: 'pg-1' }],
  );
});

void test('an operator restarted mid-rollout carries on from the objects alone', async () => {
  const client = world();
  changeSpec(client, { image: 'steward/instance:15-next' });
  const sts = client.peek<V1StatefulSet>({
    ...CLUSTER_REF,
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
  })!;
  client.put(podFrom(sts, 2, 'replica')); // pg-2 was already restarted by the previous operator
  const order = await rollOut(client, new FakeClock());
  assert.deepEqual(order, ['Pod/pg-1', 'switchover to {"targetPrimary":"pg-1"}', 'Pod/pg-0']);
});

void test('supervised: replicas restarted, then it waits for steward promote (one event)', async () => {
  const client = world({ primaryUpdateStrategy: 'supervised' });
  changeSpec(client, { image: 'steward/instance:15-next', primaryUpdateStrategy: 'supervised' });
  const order = await rollOut(client, new FakeClock());
  assert.deepEqual(order, ['Pod/pg-2', 'Pod/pg-1']);
  const ctx = context(client, new FakeClock());
  assert.equal(await rollingUpdateStep(ctx), 'continue');
  assert.equal(ctx.blocked?.reason, 'WaitingForPromote');
  const pods = await client.list<V1Pod>('v1', 'Pod', 'db', '');
  const status = buildClusterStatus(ctx.cluster, pods, ctx.blocked, '2026-01-01T00:00:00Z');
  assert.equal(status.phase, 'Upgrading');
  // Once the status shows it, no second event.
  const c = client.peek<KubernetesObject>(CLUSTER_REF) as unknown as PostgresCluster;
  c.status = { ...c.status, conditions: status.conditions };
  const before = client.events().length;
  await rollingUpdateStep(context(client, new FakeClock()));
  assert.equal(client.events().length, before);
  // The user promotes pg-1: the former primary is then restarted as a replica.
  c.status = { ...c.status, targetPrimary: 'pg-1' };
  simulate(client);
  assert.deepEqual((await rollOut(client, new FakeClock())).slice(2), ['Pod/pg-0']);
});

void test('the switchover is recorded; a new primary still pending a restart is not switched again', async () => {
  const client = world();
  for (let i = 0; i < 3; i++) {
    const p = client.peek<V1Pod>(podRef(`pg-${i}`))!;
    p.metadata!.annotations!['steward.dev/status'] = statusText(
      i === 0 ? 'primary' : 'replica',
      true,
    );
  }
  const clock = new FakeClock();
  // Reconcile until the switchover is asked for, then let the agents perform it.
  while (!client.writes.some((w) => w.verb === 'status')) {
    const r = await rollingUpdateStep(context(client, clock));
    if (r !== 'continue' && typeof r.stop === 'object' && 'requeueAfter' in r.stop)
      await clock.advance(r.stop.requeueAfter);
    simulate(client);
  }
  simulate(client);
  const c = client.peek<KubernetesObject>(CLUSTER_REF) as unknown as PostgresCluster;
  const record = JSON.parse(c.metadata.annotations![ROLLOUT_ANNOTATION]!);
  assert.deepEqual(record.switchover, { to: 'pg-1', generation: 1 });
  // The former primary restarted as a standby during the hand-over (as the agents do); the new
  // one reports a pending restart after its promotion: no second switchover.
  const p0 = client.peek<V1Pod>(podRef('pg-0'))!;
  p0.metadata!.annotations!['steward.dev/status'] = statusText('replica', false);
  const p1 = client.peek<V1Pod>(podRef('pg-1'))!;
  p1.metadata!.annotations!['steward.dev/status'] = statusText('primary', true);
  const before = client.writes.filter((w) => w.verb === 'status').length;
  const ctx = context(client, clock);
  assert.deepEqual(await rollingUpdateStep(ctx), { stop: { requeueAfter: 60_000 } });
  assert.match(ctx.blocked!.message, /^pg-1 still reports parameters pending a restart/);
  assert.equal(client.writes.filter((w) => w.verb === 'status').length, before);
});

void test('a rollout record of an older generation does not count as this rollout', () => {
  const c = sampleCluster();
  c.metadata.generation = 4;
  c.metadata.annotations = {
    [ROLLOUT_ANNOTATION]: JSON.stringify({
      since: '2026-01-01T00:00:00Z',
      switchover: { to: 'pg-1', generation: 3 },
    }),
  };
  const v = rollingViewOf(c, buildStatefulSet(c), 0);
  assert.equal(v.since, Date.parse('2026-01-01T00:00:00Z'));
  assert.equal(v.switchedOverTo, null);
  c.metadata.annotations[ROLLOUT_ANNOTATION] = 'not json';
  assert.equal(rollingViewOf(c, buildStatefulSet(c), 0).since, null);
});
