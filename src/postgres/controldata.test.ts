import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StewardError } from '../lib/errors.ts';
import { isCleanShutdown, parseControlData } from './controldata.ts';
import { parseLsn } from './lsn.ts';

const sample = `pg_control version number:            1300
Catalog version number:               202209061
Database system identifier:           7712807419314191571
Database cluster state:               in archive recovery
pg_control last modified:             Fri Nov 27 11:11:56 2026
Latest checkpoint location:           0/5000060
Latest checkpoint's REDO location:    0/5000028
Latest checkpoint's REDO WAL file:    000000020000000000000005
Latest checkpoint's TimeLineID:       2
Latest checkpoint's PrevTimeLineID:   2
Minimum recovery ending location:     0/5000110
Min recovery ending loc's timeline:   2
wal_log_hints setting:                on
Data page checksum version:           1
`;

test('parses pg_controldata output', () => {
  const c = parseControlData(sample);
  assert.equal(c.systemIdentifier, '7712807419314191571');
  assert.equal(c.state, 'in archive recovery');
  assert.equal(c.checkpointLsn, parseLsn('0/5000060'));
  assert.equal(c.redoLsn, parseLsn('0/5000028'));
  assert.equal(c.checkpointTimeline, 2);
  assert.equal(c.minRecoveryEndLsn, parseLsn('0/5000110'));
  assert.equal(c.minRecoveryEndTimeline, 2);
  assert.equal(c.checksumVersion, 1);
  assert.equal(c.walLogHints, true);
  assert.equal(c.raw["Latest checkpoint's REDO WAL file"], '000000020000000000000005');
  assert.equal(isCleanShutdown(c), false);
  assert.equal(
    isCleanShutdown(parseControlData(sample.replace('in archive recovery', 'shut down'))),
    true,
  );
});

test('rejects incomplete or unknown output', () => {
  assert.throws(
    () => parseControlData('Database cluster state: in production\n'),
    (e: unknown) => e instanceof StewardError && e.code === 'INVALID_CONTROLDATA',
  );
  assert.throws(
    () => parseControlData(sample.replace('in archive recovery', 'on fire')),
    /unknown cluster state "on fire"/,
  );
});
