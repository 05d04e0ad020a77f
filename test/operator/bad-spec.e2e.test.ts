// Bad PostgresCluster specs: the schema refuses at admission with field paths; the operator refuses
// what the schema cannot express with phase Invalid, a condition and a Warning event, and changes
// nothing. No kubelets: pods would only stay Pending, which refusals do not need.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubectl } from '../support/kubectl.ts';
import { waitFor } from '../support/wait.ts';
import { OperatorSandbox } from './harness.ts';

const s = new OperatorSandbox();
before(() => s.start(0));
after(() => s.stop());

/** A manifest named `name` with `spec` lines (already indented by two spaces). */
function manifest(name: string, spec: string): string {
  return `apiVersion: steward.dev/v1alpha1
kind: PostgresCluster
metadata:
  name: ${name}
spec:
${spec}`;
}

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}
interface Cluster {
  metadata: { generation: number };
  status?: { phase?: string; observedGeneration?: number; conditions?: Condition[] };
}
interface StatefulSet {
  metadata: { generation: number };
  spec: {
    replicas: number;
    volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[];
  };
}
interface Event {
  type: string;
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string };
}

/** Applies a manifest that admission must refuse; returns kubectl's error output. */
async function refusedAtAdmission(name: string, spec: string): Promise<string> {
  const r = await kubectl(s.t.kubeconfig, ['apply', '-f', '-'], { input: manifest(name, spec) });
  assert.notEqual(r.code, 0, `apply of ${name} succeeded:\n${r.stdout}`);
  const get = await s.kubectl(['get', 'pgc', name]);
  assert.notEqual(get.code, 0, `${name} was stored despite the refusal`);
  return r.stderr;
}

/** Waits until the operator has judged the current generation; returns the cluster. */
async function judged(name: string, phase: (p: string | undefined) => boolean): Promise<Cluster> {
  let c: Cluster | undefined;
  await waitFor(
    `${name} to be judged`,
    async () => {
      c = await s.json<Cluster>(['get', 'pgc', name]);
      return c.status?.observedGeneration === c.metadata.generation && phase(c.status.phase);
    },
    30_000,
  );
  return c!;
}

function conditionOf(c: Cluster, type: string): Condition {
  const found = c.status?.conditions?.find((x) => x.type === type);
  assert.ok(found, `condition ${type} missing`);
  return found;
}

/** The InvalidSpec events of cluster `name`. */
async function invalidSpecEvents(name: string): Promise<Event[]> {
  return (await s.json<{ items: Event[] }>(['get', 'events'])).items.filter(
    (e) =>
      e.involvedObject.kind === 'PostgresCluster' &&
      e.involvedObject.name === name &&
      e.reason === 'InvalidSpec',
  );
}

/** Asserts phase Invalid with Ready=False/Degraded=True (reason InvalidSpec) naming `field`. */
async function assertInvalid(name: string, field: string, reason: string): Promise<void> {
  const c = await judged(name, (p) => p === 'Invalid');
  const ready = conditionOf(c, 'Ready');
  assert.equal(ready.status, 'False');
  assert.equal(ready.reason, 'InvalidSpec');
  assert.match(ready.message, new RegExp(`${field.replaceAll('.', '\\.')}: `));
  assert.ok(ready.message.includes(reason), `"${ready.message}" lacks "${reason}"`);
  const degraded = conditionOf(c, 'Degraded');
  assert.equal(degraded.status, 'True');
  assert.equal(degraded.reason, 'InvalidSpec');
  const events = await invalidSpecEvents(name);
  assert.ok(
    events.some((e) => e.type === 'Warning' && e.message === ready.message),
    `no Warning event InvalidSpec "${ready.message}" for ${name}: ${JSON.stringify(events)}`,
  );
}

/** Asserts the operator created nothing for cluster `name`. */
async function assertNothingCreated(name: string): Promise<void> {
  const sts = await s.kubectl(['get', 'statefulset', name]);
  assert.notEqual(sts.code, 0, `StatefulSet ${name} was created`);
  const owned = await s.k([
    'get',
    'statefulsets,services,secrets,serviceaccounts,poddisruptionbudgets',
    '-l',
    `steward.dev/cluster=${name}`,
    '-o',
    'name',
  ]);
  assert.equal(owned.trim(), '', `objects created for ${name}`);
}

test('negative instances are refused at admission naming spec.instances', async () => {
  const err = await refusedAtAdmission('neg', '  instances: -1\n  storage: {size: 1Gi}\n');
  assert.match(err, /spec\.instances: Invalid value: -1/);
  assert.match(err, /greater than or equal to 1/);
});

test('unknown fields are refused by strict field validation naming the field', async () => {
  const top = await refusedAtAdmission(
    'unknown',
    '  instances: 1\n  storage: {size: 1Gi}\n  bogus: 1\n',
  );
  assert.match(top, /unknown field "spec\.bogus"/);
  const nested = await refusedAtAdmission(
    'unknown',
    '  instances: 1\n  storage: {sise: 1Gi, size: 1Gi}\n',
  );
  assert.match(nested, /unknown field "spec\.storage\.sise"/);
});

test('an unparseable storage.size is refused at admission naming spec.storage.size', async () => {
  const err = await refusedAtAdmission('lots', '  instances: 1\n  storage: {size: lots}\n');
  assert.match(err, /spec\.storage\.size: Invalid value: "lots"/);
  const res = await refusedAtAdmission(
    'lots',
    '  instances: 1\n  storage: {size: 1Gi}\n  resources: {requests: {memory: plenty}}\n',
  );
  assert.match(res, /spec\.resources\.requests\.memory: Invalid value: "plenty"/);
});

test(
  'a quantity the schema pattern lets through (negative size) is refused by the operator',
  { timeout: 60_000 },
  async () => {
    await s.k(['apply', '-f', '-'], manifest('minus', '  instances: 1\n  storage: {size: -1Gi}\n'));
    await assertInvalid('minus', 'spec.storage.size', 'must be greater than zero');
    await assertNothingCreated('minus');
  },
);

test(
  'synchronous.number >= instances: Invalid, condition and Warning event, no StatefulSet',
  { timeout: 60_000 },
  async () => {
    await s.k(
      ['apply', '-f', '-'],
      manifest(
        'sync',
        '  instances: 2\n  storage: {size: 1Gi}\n  synchronous: {mode: quorum, number: 2}\n',
      ),
    );
    await assertInvalid('sync', 'spec.synchronous.number', 'must be less than instances (2)');
    await assertNothingCreated('sync');
  },
);

test(
  'a missing bootstrap Secret: Invalid naming spec.bootstrap.initdb.secret.name, then proceeds once it exists',
  { timeout: 90_000 },
  async () => {
    await s.k(
      ['apply', '-f', '-'],
      manifest(
        'nosecret',
        '  instances: 1\n  storage: {size: 1Gi}\n  bootstrap: {initdb: {secret: {name: nosecret-owner}}}\n',
      ),
    );
    await assertInvalid(
      'nosecret',
      'spec.bootstrap.initdb.secret.name',
      'Secret "nosecret-owner" does not exist',
    );
    await assertNothingCreated('nosecret');
    // The Secret is outside the cluster's watch: the operator must look again by itself.
    await s.k([
      'create',
      'secret',
      'generic',
      'nosecret-owner',
      '--type=kubernetes.io/basic-auth',
      '--from-literal=username=app',
      '--from-literal=password=secret-password',
    ]);
    await waitFor(
      'the StatefulSet once the Secret exists',
      async () => (await s.kubectl(['get', 'statefulset', 'nosecret'])).code === 0,
      60_000,
    );
    const c = await judged('nosecret', (p) => p !== 'Invalid');
    assert.equal(conditionOf(c, 'Degraded').status, 'False');
    const events = await invalidSpecEvents('nosecret');
    assert.equal(events.length, 1, 'one event per refusal, not one per reconcile');
  },
);

test(
  'shrinking storage.size of an accepted cluster is refused and changes nothing; restoring clears it',
  { timeout: 120_000 },
  async () => {
    await s.k(['apply', '-f', '-'], manifest('shrink', '  instances: 1\n  storage: {size: 2Gi}\n'));
    await waitFor(
      'the StatefulSet and the accepted spec',
      async () => {
        if ((await s.kubectl(['get', 'statefulset', 'shrink'])).code !== 0) return false;
        const c = await s.json<{ metadata: { annotations?: Record<string, string> } }>([
          'get',
          'pgc',
          'shrink',
        ]);
        return c.metadata.annotations?.['steward.dev/last-accepted-spec'] !== undefined;
      },
      60_000,
    );
    const before = await s.json<StatefulSet>(['get', 'statefulset', 'shrink']);
    assert.equal(typeof before.metadata.generation, 'number');
    assert.equal(before.spec.volumeClaimTemplates[0]?.spec.resources.requests.storage, '2Gi');

    // A shrink together with a scale-up: neither may happen.
    await s.k([
      'patch',
      'pgc',
      'shrink',
      '--type=merge',
      '-p',
      '{"spec":{"instances":2,"storage":{"size":"1Gi"}}}',
    ]);
    await assertInvalid('shrink', 'spec.storage.size', 'may not be reduced from 2Gi to 1Gi');
    const during = await s.json<StatefulSet>(['get', 'statefulset', 'shrink']);
    assert.equal(during.metadata.generation, before.metadata.generation, 'StatefulSet changed');
    assert.deepEqual(during.spec.volumeClaimTemplates, before.spec.volumeClaimTemplates);
    assert.equal(during.spec.replicas, 1);

    await s.k([
      'patch',
      'pgc',
      'shrink',
      '--type=merge',
      '-p',
      '{"spec":{"storage":{"size":"2Gi"}}}',
    ]);
    const c = await judged('shrink', (p) => p !== 'Invalid');
    assert.equal(conditionOf(c, 'Degraded').status, 'False');
    assert.notEqual(conditionOf(c, 'Ready').reason, 'InvalidSpec');
    await waitFor(
      'the held-back scale-up to proceed',
      async () => (await s.json<StatefulSet>(['get', 'statefulset', 'shrink'])).spec.replicas === 2,
      30_000,
    );
    const afterSet = await s.json<StatefulSet>(['get', 'statefulset', 'shrink']);
    assert.deepEqual(afterSet.spec.volumeClaimTemplates, before.spec.volumeClaimTemplates);
  },
);
