import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSyncHealth, type SyncHealthInputs } from './sync-health.ts';

const strict: SyncHealthInputs = {
  mode: 'strict',
  number: 1,
  applied: { quorum: 1, members: ['pg-1', 'pg-2'] },
  published: { quorum: 1, members: ['pg-1', 'pg-2'], mode: 'strict', degraded: false },
  streaming: [],
};

test('a synchronous quorum without enough streaming standbys blocks writes', () => {
  assert.equal(
    describeSyncHealth(strict),
    'writes are blocked waiting for synchronous standbys: 1 of pg-1, pg-2 must confirm each commit, connected: none (mode strict)',
  );
  assert.equal(
    describeSyncHealth({
      ...strict,
      number: 2,
      applied: { quorum: 2, members: ['pg-1', 'pg-2'] },
      streaming: ['pg-2', 'pg-9'],
    }),
    'writes are blocked waiting for synchronous standbys: 2 of pg-1, pg-2 must confirm each commit, connected: pg-2 (mode strict)',
  );
});

test('enough standbys, asynchronous by choice: nothing to say', () => {
  assert.equal(describeSyncHealth({ ...strict, streaming: ['pg-2'] }), null);
  const off: SyncHealthInputs = {
    ...strict,
    mode: 'off',
    applied: { quorum: 0, members: [] },
    published: { quorum: 0, members: [], mode: 'off', degraded: false },
  };
  assert.equal(describeSyncHealth(off), null);
  assert.equal(describeSyncHealth({ ...off, mode: 'quorum', published: null }), null);
});

test('quorum mode fallen back to asynchronous says so', () => {
  const degraded: SyncHealthInputs = {
    mode: 'quorum',
    number: 1,
    applied: { quorum: 0, members: [] },
    published: { quorum: 0, members: [], mode: 'quorum', degraded: true },
    streaming: [],
  };
  assert.equal(
    describeSyncHealth(degraded),
    'degraded to asynchronous replication: 0 standbys streaming, 1 needed for synchronous commits (mode quorum)',
  );
});
