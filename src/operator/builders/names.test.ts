import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  agentServiceAccountName,
  allInstancePodNames,
  dataPvcName,
  instancePodName,
  podDisruptionBudgetName,
  serviceNames,
  statefulSetName,
} from './names.ts';

test('names derive from the cluster name', () => {
  assert.deepEqual(serviceNames('pg'), {
    headless: 'pg-headless',
    rw: 'pg-rw',
    ro: 'pg-ro',
    r: 'pg-r',
  });
  assert.equal(agentServiceAccountName('pg'), 'pg-instance');
  assert.equal(statefulSetName('pg'), 'pg');
  assert.equal(podDisruptionBudgetName('pg'), 'pg');
  assert.equal(instancePodName('pg', 2), 'pg-2');
  assert.equal(dataPvcName('pg', 0), 'data-pg-0');
});

test('every possible pod name is listed (MAX_INSTANCES ordinals)', () => {
  assert.deepEqual(allInstancePodNames('pg'), [
    'pg-0',
    'pg-1',
    'pg-2',
    'pg-3',
    'pg-4',
    'pg-5',
    'pg-6',
    'pg-7',
    'pg-8',
  ]);
});

test('the longest cluster name still gives valid Service names (63 characters)', () => {
  const name = 'a'.repeat(52);
  for (const s of Object.values(serviceNames(name))) assert.ok(s.length <= 63, s);
});
