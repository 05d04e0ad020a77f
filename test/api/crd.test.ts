// The generated PostgresCluster CRD in the sandbox with the real kubectl: established, defaults
// applied, printer columns, scale subresource, and bad specs refused with field paths.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { POSTGRES_CLUSTER_CRD_NAME, POSTGRES_CLUSTER_CRD_PATH } from '../../src/api/crd.ts';
import { kubectl, kubectlOk } from '../support/kubectl.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const root = join(import.meta.dirname, '..', '..');
const sample = join(root, 'deploy', 'samples', 'cluster.yaml');

/** A cluster manifest with `spec` lines below the defaults of the sample. */
const manifest = (name: string, specLines: string): string =>
  [
    'apiVersion: steward.dev/v1alpha1',
    'kind: PostgresCluster',
    `metadata: {name: ${name}}`,
    'spec:',
    specLines,
  ].join('\n');

describe('PostgresCluster CRD in the sandbox', () => {
  let t: TestSandbox;
  const k = (args: string[], input?: string) =>
    kubectl(t.kubeconfig, args, input === undefined ? {} : { input });

  before(async () => {
    t = await startTestSandbox();
    await kubectlOk(t.kubeconfig, ['apply', '-f', join(root, POSTGRES_CLUSTER_CRD_PATH)]);
    await kubectlOk(t.kubeconfig, [
      'wait',
      '--for=condition=established',
      `crd/${POSTGRES_CLUSTER_CRD_NAME}`,
      '--timeout=30s',
    ]);
  });
  after(async () => {
    await t?.stop();
  });

  it('applies the sample and stores every default', async () => {
    await kubectlOk(t.kubeconfig, ['apply', '-f', sample]);
    const obj = parse(await kubectlOk(t.kubeconfig, ['get', 'pgc', 'pg', '-o', 'yaml']));
    assert.equal(obj.spec.instances, 3);
    assert.equal(obj.spec.postgresVersion, '15');
    assert.deepEqual(obj.spec.storage, { size: '1Gi' });
    assert.deepEqual(obj.spec.synchronous, { mode: 'off', number: 1 });
    assert.deepEqual(obj.spec.bootstrap, { initdb: { database: 'app', owner: 'app' } });
    assert.deepEqual(obj.spec.failover, {
      leaseDurationSeconds: 15,
      renewDeadlineSeconds: 10,
      retryPeriodSeconds: 2,
      recloneWhenRewindImpossible: true,
    });
    assert.equal(obj.spec.affinity.podAntiAffinityType, 'preferred');
    assert.equal(obj.spec.primaryUpdateStrategy, 'unsupervised');
    assert.equal(obj.spec.pause, false);
    assert.equal(obj.spec.persistentVolumeClaimRetentionPolicy.whenDeleted, 'Retain');
  });

  it('shows the printer columns and belongs to the all category', async () => {
    const out = await kubectlOk(t.kubeconfig, ['get', 'pgc']);
    const [header = '', row = ''] = out.trim().split('\n');
    assert.deepEqual(header.split(/\s+/), [
      'NAME',
      'INSTANCES',
      'READY',
      'PRIMARY',
      'PHASE',
      'AGE',
    ]);
    assert.match(row, /^pg\s+3\s+/);
    const all = await kubectlOk(t.kubeconfig, ['get', 'all', '-o', 'name']);
    assert.match(all, /postgrescluster\.steward\.dev\/pg/);
  });

  it('documents every field for kubectl explain', async () => {
    const out = await kubectlOk(t.kubeconfig, ['explain', 'pgc.spec.synchronous.number']);
    assert.match(out, /How many standbys must confirm each commit/);
  });

  it('scales through the scale subresource', async () => {
    await kubectlOk(t.kubeconfig, ['scale', 'pgc/pg', '--replicas=5']);
    const n = await kubectlOk(t.kubeconfig, [
      'get',
      'pgc',
      'pg',
      '-o',
      'jsonpath={.spec.instances}',
    ]);
    assert.equal(n, '5');
  });

  it('shows status written through the status subresource in the columns', async () => {
    const status = {
      status: { phase: 'Ready', currentPrimary: 'pg-0', instances: 3, readyInstances: 3 },
    };
    const patch = ['patch', 'pgc', 'pg', '--subresource=status', '--type=merge'];
    await kubectlOk(t.kubeconfig, [...patch, '-p', JSON.stringify(status)]);
    const out = await kubectlOk(t.kubeconfig, ['get', 'pgc', 'pg', '--no-headers']);
    assert.match(out, /^pg\s+5\s+3\s+pg-0\s+Ready\s+/);
    const bad = await k([...patch, '-p', '{"status":{"phase":"Sleeping"}}']);
    assert.match(bad.stderr, /status\.phase: Unsupported value: "Sleeping"/);
  });

  it('takes a quoted "off" (YAML 1.1 reads a bare off as false)', async () => {
    const quoted = await k(
      ['apply', '-f', '-'],
      manifest('q', '  storage: {size: 1Gi}\n  synchronous: {mode: "off"}'),
    );
    assert.equal(quoted.code, 0, quoted.stderr);
    const bare = await k(
      ['apply', '-f', '-'],
      manifest('b', '  storage: {size: 1Gi}\n  synchronous: {mode: off}'),
    );
    assert.match(bare.stderr, /spec\.synchronous\.mode: Invalid value: "boolean"/);
  });

  it('refuses negative instances with the field path', async () => {
    const r = await k(
      ['apply', '-f', '-'],
      manifest('neg', '  instances: -1\n  storage: {size: 1Gi}'),
    );
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec\.instances: Invalid value: -1: .*greater than or equal to 1/);
  });

  it('refuses unknown fields (strict field validation)', async () => {
    const r = await k(
      ['apply', '-f', '-'],
      manifest('unk', '  storage: {size: 1Gi}\n  replicas: 3'),
    );
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /strict decoding error: unknown field "spec\.replicas"/);
  });

  it('refuses an unsupported synchronous mode', async () => {
    const spec = '  storage: {size: 1Gi}\n  synchronous: {mode: sync}';
    const r = await k(['apply', '-f', '-'], manifest('enum', spec));
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /spec\.synchronous\.mode: Unsupported value: "sync": supported values: "off", "quorum", "strict"/,
    );
  });

  it('refuses an unparseable quantity', async () => {
    const r = await k(['apply', '-f', '-'], manifest('qty', '  storage: {size: 10Zz}'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec\.storage\.size: Invalid value: "10Zz": .*should match/);
  });

  it('refuses a cluster without storage', async () => {
    const r = await k(['apply', '-f', '-'], manifest('nostorage', '  instances: 3'));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /spec\.storage: Required value/);
  });
});
