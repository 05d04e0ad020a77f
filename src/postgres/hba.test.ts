import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPgHba, quoteHbaName } from './hba.ts';

test('builds pg_hba.conf: superuser local only, replication from pods, SCRAM', () => {
  const text = buildPgHba({
    superuser: 'postgres',
    replicationUser: 'streaming_replica',
    podNetworks: ['10.244.0.0/16'],
    clientNetworks: ['0.0.0.0/0', '::/0'],
  });
  assert.deepEqual(text.split('\n').slice(2), [
    'local  all  postgres  scram-sha-256',
    'host  all  postgres  all  reject',
    'local  replication  streaming_replica  scram-sha-256',
    'host  replication  streaming_replica  10.244.0.0/16  scram-sha-256',
    'host  postgres  streaming_replica  10.244.0.0/16  scram-sha-256',
    'host  all  streaming_replica  all  reject',
    'local  all  all  scram-sha-256',
    'host  all  all  0.0.0.0/0  scram-sha-256',
    'host  all  all  ::/0  scram-sha-256',
    '',
  ]);
  assert.doesNotMatch(text, /trust|md5|password /);
});

test('quotes names that are keywords or not plain words', () => {
  assert.equal(quoteHbaName('app_owner'), 'app_owner');
  assert.equal(quoteHbaName('all'), '"all"');
  assert.equal(quoteHbaName('we"ird name'), '"we""ird name"');
});
