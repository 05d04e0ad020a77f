import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { claimGrown, claimState, isDataClaimOf } from './expansion-plan.ts';

const named = (name: string): V1PersistentVolumeClaim => ({ metadata: { name } });

void test('data claims are data-<cluster>-<ordinal>, not those of a cluster with a longer name', () => {
  assert.equal(isDataClaimOf('pg', named('data-pg-0')), true);
  assert.equal(isDataClaimOf('pg', named('data-pg-12')), true);
  assert.equal(isDataClaimOf('pg', named('data-pg-x-0')), false);
  assert.equal(isDataClaimOf('pg', named('wal-pg-0')), false);
  assert.equal(isDataClaimOf('pg', named('data-pg-')), false);
});

void test('a claim has grown at capacity >= target or when only the file system step is left', () => {
  const gi = 1024n ** 3n * 1000n;
  const c = (capacity: string, conditions: string[] = []): V1PersistentVolumeClaim => ({
    status: {
      capacity: { storage: capacity },
      conditions: conditions.map((type) => ({ type, status: 'True' })),
    },
  });
  assert.equal(claimGrown(c('2Gi'), 2n * gi), true);
  assert.equal(claimGrown(c('2048Mi'), 2n * gi), true);
  assert.equal(claimGrown(c('1Gi', ['Resizing']), 2n * gi), false);
  assert.equal(claimGrown(c('1Gi', ['FileSystemResizePending']), 2n * gi), true);
  assert.equal(claimState(c('1Gi', ['Resizing'])), 'Resizing');
  assert.equal(claimState(c('1Gi')), 'waiting for the resizer');
  const infeasible: V1PersistentVolumeClaim = {
    status: { allocatedResourceStatuses: { storage: 'ControllerResizeInfeasible' } },
  };
  assert.equal(claimState(infeasible), 'ControllerResizeInfeasible');
});
