import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StewardError } from '../lib/errors.ts';
import {
  buildPrimaryConninfo,
  buildSynchronousStandbyNames,
  isValidSlotName,
  slotNameFor,
} from './replication.ts';

test('builds primary_conninfo with application_name and quoted values', () => {
  const info = buildPrimaryConninfo({
    host: 'pg-rw.ns',
    port: 5432,
    user: 'streaming_replica',
    password: "it's a \\ secret",
    applicationName: 'pg-1',
  });
  assert.equal(
    info,
    "host='pg-rw.ns' port='5432' user='streaming_replica' password='it\\'s a \\\\ secret' " +
      "application_name='pg-1' sslmode='prefer' connect_timeout='5' keepalives='1' " +
      "keepalives_idle='5' keepalives_interval='2' keepalives_count='3'",
  );
});

test('formats synchronous_standby_names for quorum and priority', () => {
  assert.equal(
    buildSynchronousStandbyNames({ method: 'ANY', number: 1, names: ['pg-1', 'pg-2'] }),
    'ANY 1 ("pg-1", "pg-2")',
  );
  assert.equal(
    buildSynchronousStandbyNames({ method: 'FIRST', number: 2, names: ['a"b', 'Pg-3'] }),
    'FIRST 2 ("a""b", "Pg-3")',
  );
  assert.equal(buildSynchronousStandbyNames({ method: 'ANY', number: 0, names: ['x'] }), '');
  for (const bad of [
    { method: 'ANY', number: 1, names: [] },
    { method: 'FIRST', number: -1, names: ['x'] },
    { method: 'FIRST', number: 1.5, names: ['x'] },
  ] as const) {
    assert.throws(
      () => buildSynchronousStandbyNames(bad),
      (e: unknown) => e instanceof StewardError && e.code === 'INVALID_SYNC_CONFIG',
    );
  }
});

test('derives valid slot names from member names', () => {
  assert.equal(slotNameFor('pg-1'), 'steward_pg_1');
  assert.equal(slotNameFor('My.Pod-0'), 'steward_my_pod_0');
  assert.equal(slotNameFor('x'.repeat(100)).length, 63);
  assert.ok(isValidSlotName(slotNameFor('Whatever-Name.9')));
  assert.equal(isValidSlotName('Bad-Name'), false);
  assert.equal(isValidSlotName(''), false);
});
