import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import type { ClusterPhase, PostgresCluster } from '../../api/postgres-cluster.ts';
import { sampleCluster } from '../builders/sample-cluster.ts';
import { buildClusterStatus, type OperatorStatus } from './status.ts';

const NOW = '2026-01-01T00:00:00Z';
const LATER = '2026-01-01T00:01:00Z';

/** Pod `name` labelled `role`, Ready or not. */
function pod(name: string, role: 'primary' | 'replica', ready = true): V1Pod {
  return {
    metadata: { name, labels: { 'steward.dev/cluster': 'pg', 'steward.dev/role': role } },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

const healthy = () => [pod('pg-0', 'primary'), pod('pg-1', 'replica'), pod('pg-2', 'replica')];

/** A 3-instance cluster whose last written status is `previous`. */
function cluster(previous?: OperatorStatus): PostgresCluster {
  const c = sampleCluster({ instances: 3 });
  return previous ? { ...c, status: previous } : c;
}

/** `type=status/reason` of each condition, in order. */
function summary(s: OperatorStatus): string[] {
  return s.conditions.map((c) => `${c.type}=${c.status}/${c.reason}`);
}

function conditionOf(s: OperatorStatus, type: string) {
  const c = s.conditions.find((x) => x.type === type);
  assert.ok(c, `condition ${type}`);
  return c;
}

/** The status after a first one written in `phase` (as the operator would have left it). */
function after(phase: ClusterPhase): PostgresCluster {
  const first = buildClusterStatus(cluster(), healthy(), null, NOW);
  return cluster({ ...first, phase });
}

void test('all instances ready: Ready, not progressing, not degraded', () => {
  const s = buildClusterStatus(cluster(), healthy(), null, NOW);
  assert.equal(s.phase, 'Ready');
  assert.deepEqual(summary(s), [
    'Ready=True/AllInstancesReady',
    'Progressing=False/AllInstancesReady',
    'Degraded=False/AllInstancesReady',
  ]);
  assert.equal(conditionOf(s, 'Ready').message, '3 of 3 instances ready; primary pg-0');
  assert.equal(s.readyInstances, 3);
});

void test('a rolling update serves: Ready=True, Progressing=True with the operation', () => {
  const pods = [pod('pg-0', 'primary'), pod('pg-1', 'replica'), pod('pg-2', 'replica', false)];
  const blocked = { reason: 'RollingUpdate', message: 'restarting replica pg-2' };
  const s = buildClusterStatus(after('Ready'), pods, blocked, LATER);
  assert.equal(s.phase, 'Upgrading');
  assert.deepEqual(summary(s), [
    'Ready=True/PrimaryReady',
    'Progressing=True/RollingUpdate',
    'Degraded=False/RollingUpdate',
  ]);
  assert.equal(conditionOf(s, 'Ready').message, '2 of 3 instances ready; primary pg-0');
  assert.equal(conditionOf(s, 'Progressing').message, 'restarting replica pg-2');
  assert.equal(conditionOf(s, 'Ready').lastTransitionTime, NOW, 'Ready did not change');
  assert.equal(conditionOf(s, 'Progressing').lastTransitionTime, LATER);
});

void test('waiting for a supervised promote is an operation in progress too', () => {
  const blocked = { reason: 'WaitingForPromote', message: 'waiting for steward promote' };
  const s = buildClusterStatus(after('Upgrading'), healthy(), blocked, NOW);
  assert.equal(s.phase, 'Upgrading');
  assert.deepEqual(summary(s), [
    'Ready=True/AllInstancesReady',
    'Progressing=True/WaitingForPromote',
    'Degraded=False/WaitingForPromote',
  ]);
});

void test('expanding volumes and scaling down serve as well', () => {
  for (const [reason, phase] of [
    ['ExpandingVolumes', 'Expanding'],
    ['SwitchoverBeforeScaleDown', 'Scaling'],
  ] as const) {
    const s = buildClusterStatus(after('Ready'), healthy(), { reason, message: 'm' }, NOW);
    assert.equal(s.phase, phase);
    assert.deepEqual(summary(s), [
      'Ready=True/AllInstancesReady',
      `Progressing=True/${reason}`,
      `Degraded=False/${reason}`,
    ]);
  }
});

void test('no ready primary during an operation (the moment of a switchover): Ready=False', () => {
  const pods = [pod('pg-0', 'replica'), pod('pg-1', 'replica'), pod('pg-2', 'replica')];
  const blocked = { reason: 'RollingUpdate', message: 'switching over to pg-1' };
  const s = buildClusterStatus(after('Upgrading'), pods, blocked, NOW);
  assert.equal(s.phase, 'Upgrading');
  assert.deepEqual(summary(s), [
    'Ready=False/NoPrimary',
    'Progressing=True/RollingUpdate',
    'Degraded=False/RollingUpdate',
  ]);
  assert.equal(conditionOf(s, 'Ready').message, 'no ready primary; 3 of 3 instances ready');
});

void test('a replica lost after Ready: Degraded (and still serving), on every later reconcile', () => {
  const pods = [pod('pg-0', 'primary'), pod('pg-1', 'replica'), pod('pg-2', 'replica', false)];
  const first = buildClusterStatus(after('Ready'), pods, null, LATER);
  const again = buildClusterStatus(cluster(first), pods, null, LATER);
  for (const s of [first, again]) {
    assert.equal(s.phase, 'Degraded');
    assert.deepEqual(summary(s), [
      'Ready=True/PrimaryReady',
      'Progressing=False/InstancesNotReady',
      'Degraded=True/InstancesNotReady',
    ]);
    assert.equal(conditionOf(s, 'Degraded').message, '2 of 3 instances ready (not ready: pg-2)');
  }
});

void test('the primary lost after Ready: Failover, not serving, on every later reconcile', () => {
  const pods = [pod('pg-0', 'primary', false), pod('pg-1', 'replica'), pod('pg-2', 'replica')];
  const first = buildClusterStatus(after('Ready'), pods, null, LATER);
  const again = buildClusterStatus(cluster(first), pods, null, LATER);
  for (const s of [first, again]) {
    assert.equal(s.phase, 'Failover');
    assert.deepEqual(summary(s), [
      'Ready=False/NoPrimary',
      'Progressing=True/NoPrimary',
      'Degraded=True/NoPrimary',
    ]);
  }
});

void test('a new cluster initializes; Ready only once every instance is', () => {
  const none = buildClusterStatus(cluster(), [], null, NOW);
  assert.equal(none.phase, 'Initializing');
  assert.deepEqual(summary(none), [
    'Ready=False/Initializing',
    'Progressing=True/Initializing',
    'Degraded=False/Initializing',
  ]);
  const one = buildClusterStatus(cluster(none), [pod('pg-0', 'primary')], null, LATER);
  assert.equal(one.phase, 'Initializing', 'not Degraded: it was never Ready');
  assert.deepEqual(summary(one), [
    'Ready=False/Initializing',
    'Progressing=True/Initializing',
    'Degraded=False/Initializing',
  ]);
  assert.equal(
    conditionOf(one, 'Progressing').message,
    '1 of 3 instances ready (2 not created yet)',
  );
  const all = buildClusterStatus(cluster(one), healthy(), null, LATER);
  assert.equal(all.phase, 'Ready');
  assert.equal(conditionOf(all, 'Ready').status, 'True');
});

void test('a refused spec: Invalid, Ready=False and Degraded=True carrying the refusal', () => {
  const blocked = { reason: 'InvalidSpec', message: 'spec.instances: must be at least 1' };
  const s = buildClusterStatus(after('Ready'), healthy(), blocked, NOW);
  assert.equal(s.phase, 'Invalid');
  assert.deepEqual(summary(s), [
    'Ready=False/InvalidSpec',
    'Progressing=False/InvalidSpec',
    'Degraded=True/InvalidSpec',
  ]);
  assert.equal(conditionOf(s, 'Ready').message, blocked.message);
});

void test('once a refusal is lifted, a cluster short of instances initializes again', () => {
  const refused = buildClusterStatus(
    after('Ready'),
    healthy(),
    { reason: 'InvalidSpec', message: 'm' },
    NOW,
  );
  const s = buildClusterStatus(cluster(refused), healthy().slice(0, 2), null, LATER);
  assert.equal(s.phase, 'Initializing', 'whether it was Ready before is not known');
  assert.equal(conditionOf(s, 'Ready').status, 'False');
  assert.equal(conditionOf(s, 'Degraded').status, 'False');
});

void test('an unknown blocking reason counts as Degraded', () => {
  const s = buildClusterStatus(after('Ready'), healthy(), { reason: 'Other', message: 'm' }, NOW);
  assert.equal(s.phase, 'Degraded');
  assert.equal(conditionOf(s, 'Ready').status, 'True');
  assert.equal(conditionOf(s, 'Degraded').status, 'True');
});
