import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDefaults } from './defaults.ts';
import type { PostgresClusterSpec, PostgresClusterSpecInput } from './postgres-cluster.ts';
import { validateClusterName } from './validate-rules.ts';
import { validatePostgresCluster } from './validate.ts';

const spec = (extra: Partial<PostgresClusterSpecInput> = {}): PostgresClusterSpec =>
  applyDefaults({ storage: { size: '10Gi' }, ...extra });
const fields = (issues: { field: string }[]): string[] => issues.map((i) => i.field);

void test('the defaulted minimal spec is valid', () => {
  assert.deepEqual(validatePostgresCluster(spec()), []);
});

void test('schema rules are checked too, with field paths', () => {
  const bad = { ...spec(), instances: -1, extra: true } as unknown as PostgresClusterSpec;
  assert.deepEqual(validatePostgresCluster(bad), [
    { field: 'spec.instances', reason: 'should be greater than or equal to 1' },
    { field: 'spec.extra', reason: 'unknown field' },
  ]);
  const mode = {
    ...spec(),
    synchronous: { mode: 'sync', number: 1 },
  } as unknown as PostgresClusterSpec;
  assert.match(
    validatePostgresCluster(mode)[0]?.reason ?? '',
    /supported values: off, quorum, strict/,
  );
  const size = spec({ storage: { size: '10Zz' } });
  assert.deepEqual(fields(validatePostgresCluster(size)), ['spec.storage.size']);
});

void test('synchronous number must be less than instances unless replication is asynchronous', () => {
  const sync = (mode: 'off' | 'quorum' | 'strict', number: number, instances: number) =>
    validatePostgresCluster(spec({ instances, synchronous: { mode, number } }));
  assert.deepEqual(sync('off', 3, 3), []);
  assert.deepEqual(sync('quorum', 2, 3), []);
  const [issue] = sync('strict', 3, 3);
  assert.equal(issue?.field, 'spec.synchronous.number');
  assert.match(issue?.reason ?? '', /must be less than instances \(3\)/);
});

void test('scaling below the synchronous quorum is refused on spec.instances', () => {
  const old = spec({ instances: 3, synchronous: { mode: 'quorum', number: 2 } });
  const [issue] = validatePostgresCluster({ ...old, instances: 2 }, old);
  assert.equal(issue?.field, 'spec.instances');
  assert.match(issue?.reason ?? '', /may not be lower than 3/);
});

void test('storage may grow but not shrink, compared as quantities; its class is immutable', () => {
  const old = spec({ storage: { size: '1Gi' } });
  assert.deepEqual(validatePostgresCluster(spec({ storage: { size: '1100Mi' } }), old), []);
  assert.deepEqual(validatePostgresCluster(spec({ storage: { size: '1024Mi' } }), old), []);
  const [shrink] = validatePostgresCluster(spec({ storage: { size: '1G' } }), old);
  assert.deepEqual(shrink, {
    field: 'spec.storage.size',
    reason: 'may not be reduced from 1Gi to 1G: volumes can only grow',
  });
  const moved = spec({ storage: { size: '1Gi', storageClassName: 'fast' } });
  assert.deepEqual(fields(validatePostgresCluster(moved, old)), ['spec.storage.storageClassName']);
  assert.deepEqual(fields(validatePostgresCluster(spec({ storage: { size: '0' } }))), [
    'spec.storage.size',
  ]);
});

void test('failover timing follows client-go leader election rules', () => {
  const timing = (lease: number, renew: number, retry: number) =>
    fields(
      validatePostgresCluster(
        spec({
          failover: {
            leaseDurationSeconds: lease,
            renewDeadlineSeconds: renew,
            retryPeriodSeconds: retry,
          },
        }),
      ),
    );
  assert.deepEqual(timing(15, 10, 2), []);
  assert.deepEqual(timing(10, 10, 2), ['spec.failover.leaseDurationSeconds']);
  assert.deepEqual(timing(15, 6, 5), ['spec.failover.renewDeadlineSeconds']);
});

void test('resources: requests at most limits, non-negative', () => {
  const r = spec({ resources: { requests: { cpu: '2', memory: '-1' }, limits: { cpu: '1500m' } } });
  assert.deepEqual(validatePostgresCluster(r), [
    { field: 'spec.resources.requests.memory', reason: 'must be greater than or equal to 0' },
    {
      field: 'spec.resources.requests.cpu',
      reason: 'must be less than or equal to cpu limit of 1500m',
    },
  ]);
});

void test('version: supported majors only, no major upgrade in place', () => {
  const v14 = { ...spec(), postgresVersion: '14' } as unknown as PostgresClusterSpec;
  assert.deepEqual(fields(validatePostgresCluster(v14)), ['spec.postgresVersion']);
  assert.match(validatePostgresCluster(spec(), v14)[0]?.reason ?? '', /major version upgrades/);
});

void test('bootstrap: reserved names refused, database and owner immutable', () => {
  const reserved = spec({ bootstrap: { initdb: { database: 'template1', owner: 'pg_app' } } });
  assert.deepEqual(fields(validatePostgresCluster(reserved)), [
    'spec.bootstrap.initdb.database',
    'spec.bootstrap.initdb.owner',
  ]);
  const renamed = spec({ bootstrap: { initdb: { database: 'shop' } } });
  assert.deepEqual(fields(validatePostgresCluster(renamed, spec())), [
    'spec.bootstrap.initdb.database',
  ]);
});

void test('cluster names are DNS-1035 labels short enough for pod labels', () => {
  assert.deepEqual(validateClusterName('pg'), []);
  assert.deepEqual(fields(validateClusterName('1pg')), ['metadata.name']);
  assert.deepEqual(fields(validateClusterName('a'.repeat(53))), ['metadata.name']);
});
