import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubernetesObject } from '@kubernetes/client-node';
import { applyDefaults } from '../../api/defaults.ts';
import type {
  ClusterCondition,
  PostgresCluster,
  PostgresClusterSpecInput,
} from '../../api/postgres-cluster.ts';
import { FakeClock } from '../../lib/clock.ts';
import { nopLogger } from '../../lib/logger.ts';
import type { ObjectRef, OperatorClient } from '../client.ts';
import { LAST_ACCEPTED_ANNOTATION, MISSING_SECRET_RECHECK_MS, validateStep } from './steps.ts';
import type { ReconcileContext } from './types.ts';

/** A client that knows only `secrets` by name, records events and refuses every write. */
function fakeClient(secrets: string[], events: string[]): OperatorClient {
  const refuse = (): never => {
    throw new Error('validateStep must not write');
  };
  return {
    get: <T extends KubernetesObject>(ref: ObjectRef) =>
      Promise.resolve(
        ref.kind === 'Secret' && secrets.includes(ref.name)
          ? ({ metadata: { name: ref.name } } as T)
          : null,
      ),
    create: refuse,
    patch: refuse,
    delete: refuse,
    list: () => Promise.resolve([]),
    patchClusterStatus: refuse,
    event: (_, type, reason, message) => {
      events.push(`${type} ${reason} ${message}`);
      return Promise.resolve();
    },
  };
}

function context(
  spec: Partial<PostgresClusterSpecInput>,
  o: { secrets?: string[]; accepted?: Partial<PostgresClusterSpecInput>; ready?: ClusterCondition },
  events: string[],
): ReconcileContext {
  const full = (s: Partial<PostgresClusterSpecInput>) =>
    applyDefaults({ storage: { size: '1Gi' }, ...s });
  const annotations = o.accepted
    ? { [LAST_ACCEPTED_ANNOTATION]: JSON.stringify(full(o.accepted)) }
    : undefined;
  const cluster = {
    apiVersion: 'steward.dev/v1alpha1',
    kind: 'PostgresCluster',
    metadata: {
      name: 'pg',
      namespace: 'default',
      generation: 2,
      ...(annotations ? { annotations } : {}),
    },
    spec: full(spec),
    ...(o.ready ? { status: { conditions: [o.ready] } } : {}),
  } as PostgresCluster;
  return {
    client: fakeClient(o.secrets ?? [], events),
    clock: new FakeClock(),
    random: (n) => new Uint8Array(n),
    logger: nopLogger,
    cluster,
    blocked: null,
  };
}

void test('a valid spec continues', async () => {
  const events: string[] = [];
  const ctx = context({ instances: 3 }, {}, events);
  assert.equal(await validateStep(ctx), 'continue');
  assert.equal(ctx.blocked, null);
  assert.deepEqual(events, []);
});

void test('sync number >= instances: blocked, one Warning event, no requeue', async () => {
  const events: string[] = [];
  const ctx = context({ instances: 2, synchronous: { mode: 'quorum', number: 2 } }, {}, events);
  assert.deepEqual(await validateStep(ctx), { stop: 'done' });
  assert.equal(ctx.blocked?.reason, 'InvalidSpec');
  assert.match(ctx.blocked.message, /^spec\.synchronous\.number: must be less than instances/);
  assert.deepEqual(events, [`Warning InvalidSpec ${ctx.blocked.message}`]);
});

void test('shrinking storage.size of the accepted spec is refused', async () => {
  const events: string[] = [];
  const ctx = context(
    { storage: { size: '1Gi' } },
    { accepted: { storage: { size: '2Gi' } } },
    events,
  );
  assert.deepEqual(await validateStep(ctx), { stop: 'done' });
  assert.equal(
    ctx.blocked?.message,
    'spec.storage.size: may not be reduced from 2Gi to 1Gi: volumes can only grow',
  );
});

void test('a refusal the status already shows is not reported again', async () => {
  const events: string[] = [];
  const spec = { instances: 2, synchronous: { mode: 'quorum' as const, number: 2 } };
  const first = context(spec, {}, events);
  await validateStep(first);
  const ready: ClusterCondition = {
    type: 'Ready',
    status: 'False',
    reason: 'InvalidSpec',
    message: first.blocked?.message ?? '',
    observedGeneration: 2,
    lastTransitionTime: '2026-01-01T00:00:00Z',
  };
  const again = context(spec, { ready }, events);
  assert.deepEqual(await validateStep(again), { stop: 'done' });
  assert.equal(again.blocked?.message, first.blocked?.message);
  assert.equal(events.length, 1);
});

void test('a missing bootstrap Secret is refused and looked for again later', async () => {
  const events: string[] = [];
  const spec = { bootstrap: { initdb: { secret: { name: 'owner' } } } };
  const ctx = context(spec, {}, events);
  assert.deepEqual(await validateStep(ctx), {
    stop: { requeueAfter: MISSING_SECRET_RECHECK_MS },
  });
  assert.equal(
    ctx.blocked?.message,
    'spec.bootstrap.initdb.secret.name: Secret "owner" does not exist',
  );
  assert.equal(await validateStep(context(spec, { secrets: ['owner'] }, [])), 'continue');
});
