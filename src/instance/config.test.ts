import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StewardError } from '../lib/errors.ts';
import { identityFromEnv } from './config.ts';

const base = {
  POD_NAME: 'pg-0',
  POD_NAMESPACE: 'db',
  CLUSTER_NAME: 'pg',
  POD_IP: '10.0.0.1',
};

const envError = (message: string) => (e: unknown) =>
  e instanceof StewardError && e.code === 'AGENT_ENV' && e.message === message;

test('reads the identity and fills in defaults', () => {
  assert.deepEqual(identityFromEnv(base), {
    name: 'pg-0',
    namespace: 'db',
    cluster: 'pg',
    address: '10.0.0.1',
    postgresPort: 5432,
    statusPort: 8008,
    dataDir: '/data/pgdata',
    runDir: '/run/steward',
    networks: ['0.0.0.0/0'],
  });
});

test('takes the optional variables when set', () => {
  const id = identityFromEnv({
    ...base,
    STEWARD_POSTGRES_PORT: '6543',
    STEWARD_STATUS_PORT: '18008',
    PGDATA: '/var/lib/pg',
    STEWARD_RUN_DIR: '/tmp/run',
    STEWARD_NETWORKS: '10.0.0.0/8, 192.168.0.0/16,',
  });
  assert.equal(id.postgresPort, 6543);
  assert.equal(id.statusPort, 18008);
  assert.equal(id.dataDir, '/var/lib/pg');
  assert.equal(id.runDir, '/tmp/run');
  assert.deepEqual(id.networks, ['10.0.0.0/8', '192.168.0.0/16']);
});

test('an empty optional variable means its default, never an empty path', () => {
  const id = identityFromEnv({
    ...base,
    PGDATA: '',
    STEWARD_RUN_DIR: '',
    STEWARD_NETWORKS: '',
    STEWARD_STATUS_PORT: '',
  });
  assert.equal(id.dataDir, '/data/pgdata');
  assert.equal(id.runDir, '/run/steward');
  assert.deepEqual(id.networks, ['0.0.0.0/0']);
  assert.equal(id.statusPort, 8008);
});

test('names each missing or empty required variable', () => {
  for (const k of Object.keys(base)) {
    const env: Record<string, string | undefined> = { ...base };
    delete env[k];
    assert.throws(() => identityFromEnv(env), envError(`environment variable ${k} is required`));
    env[k] = '';
    assert.throws(() => identityFromEnv(env), envError(`environment variable ${k} is required`));
  }
});

test('rejects anything but a decimal port in 1..65535', () => {
  for (const v of ['0', '65536', '-1', '80.5', 'http', '0x1f90', '1e3', ' 80', '123456']) {
    assert.throws(
      () => identityFromEnv({ ...base, STEWARD_STATUS_PORT: v }),
      envError(`STEWARD_STATUS_PORT must be a port number, got "${v}"`),
    );
  }
  assert.equal(identityFromEnv({ ...base, STEWARD_POSTGRES_PORT: '1' }).postgresPort, 1);
  assert.equal(identityFromEnv({ ...base, STEWARD_POSTGRES_PORT: '65535' }).postgresPort, 65535);
});
