import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Pod } from '@kubernetes/client-node';
import type { MemberStatus } from '../../api/instance.ts';
import { POD_TEMPLATE_HASH_ANNOTATION } from '../builders/pod-template-hash.ts';
import {
  BROKEN_AFTER_MS,
  CAUGHT_UP_LAG_BYTES,
  PENDING_RESTART_SETTLE_MS,
  planRollingUpdate,
  podOrdinal,
  STUCK_POLL_MS,
  type RollingView,
} from './rolling-plan.ts';

const NOW = 1_700_000_000_000;

interface Inst {
  role?: 'primary' | 'replica' | 'unknown';
  hash?: string;
  ready?: boolean;
  /** ms before NOW the pod became not Ready (default: long ago). */
  downFor?: number;
  terminating?: boolean;
  pendingRestart?: boolean;
  streaming?: boolean;
  lag?: number | null;
  agentRole?: MemberStatus['role'];
}

/** Pods pg-0 … from a list (pg-0 is the primary unless said otherwise) and their statuses. */
function world(insts: Inst[]): { pods: V1Pod[]; statuses: Map<string, MemberStatus> } {
  const pods: V1Pod[] = [];
  const statuses = new Map<string, MemberStatus>();
  insts.forEach((i, n) => {
    const name = `pg-${n}`;
    const role = i.role ?? (n === 0 ? 'primary' : 'replica');
    pods.push({
      metadata: {
        name,
        labels: { 'steward.dev/role': role },
        annotations: { [POD_TEMPLATE_HASH_ANNOTATION]: i.hash ?? 'new' },
        ...(i.terminating ? { deletionTimestamp: new Date(NOW) } : {}),
      },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: i.ready === false ? 'False' : 'True',
            lastTransitionTime: new Date(NOW - (i.downFor ?? 3_600_000)),
          },
        ],
      },
    });
    statuses.set(name, {
      role: i.agentRole ?? (role === 'unknown' ? 'stopped' : role),
      streaming: i.streaming ?? role === 'replica',
      lagBytes: i.lag === undefined ? (role === 'primary' ? 0 : 100) : i.lag,
      pendingRestart: i.pendingRestart ?? false,
    } as MemberStatus);
  });
  return { pods, statuses };
}

function view(o: Partial<RollingView> = {}): RollingView {
  return {
    name: 'pg',
    replicas: 3,
    templateHash: 'new',
    strategy: 'unsupervised',
    currentPrimary: 'pg-0',
    targetPrimary: 'pg-0',
    maxLagBytes: CAUGHT_UP_LAG_BYTES,
    since: NOW - PENDING_RESTART_SETTLE_MS,
    switchedOverTo: null,
    now: NOW,
    ...o,
  };
}

function plan(insts: Inst[], o: Partial<RollingView> = {}) {
  const w = world(insts);
  return planRollingUpdate(w.pods, w.statuses, view(o));
}

const old = { hash: 'old' };

void test('podOrdinal reads <sts>-<n> only', () => {
  assert.equal(podOrdinal('pg-2', 'pg'), 2);
  assert.equal(podOrdinal('pg-10', 'pg'), 10);
  assert.equal(podOrdinal('pg-x-1', 'pg'), -1);
  assert.equal(podOrdinal('pg-01', 'pg'), -1);
  assert.equal(podOrdinal('other-1', 'pg'), -1);
});

void test('nothing outdated: nothing to do', () => {
  assert.deepEqual(plan([{}, {}, {}]), { kind: 'none', sentence: 'every instance is up to date' });
});

void test('a new template: the replica with the highest ordinal goes first', () => {
  assert.deepEqual(plan([old, old, old]), {
    kind: 'restart',
    pod: 'pg-2',
    sentence: 'restarting replica pg-2 for a new pod template',
  });
});

void test('the next replica waits until the previous one is back and caught up', () => {
  assert.equal(
    plan([old, old, { ready: false }]).sentence,
    'waiting for pg-2 to be ready before the next restart',
  );
  assert.equal(plan([old, old, { streaming: false }]).kind, 'wait');
  assert.equal(
    plan([old, old, { lag: CAUGHT_UP_LAG_BYTES + 1 }]).sentence,
    `waiting for pg-2 (lag ${CAUGHT_UP_LAG_BYTES + 1}) to catch up`,
  );
  assert.equal(plan([old, old, { lag: null }]).kind, 'wait');
  assert.deepEqual(plan([old, old, {}]), {
    kind: 'restart',
    pod: 'pg-1',
    sentence: 'restarting replica pg-1 for a new pod template',
  });
});

void test('a missing or terminating pod is an instance down: wait', () => {
  const w = world([old, old]);
  assert.equal(
    planRollingUpdate(w.pods, w.statuses, view()).sentence,
    'waiting for the 3 instances to exist (2 do)',
  );
  assert.equal(plan([old, old, { ...old, terminating: true }]).kind, 'wait');
});

void test('pendingRestart makes a replica outdated too', () => {
  assert.deepEqual(plan([{ pendingRestart: true }, { pendingRestart: true }, {}]), {
    kind: 'restart',
    pod: 'pg-1',
    sentence: 'restarting replica pg-1 for parameters that need a restart',
  });
});

void test('replicas done: switch over to the replica with least lag, then lowest ordinal', () => {
  assert.deepEqual(plan([old, { lag: 500 }, { lag: 20 }]), {
    kind: 'switchover',
    from: 'pg-0',
    to: 'pg-2',
    sentence:
      'replicas updated; switching over from pg-0 to pg-2 to restart the primary for a new pod template',
  });
  const tie = plan([old, { lag: 0 }, { lag: 0 }]);
  assert.equal(tie.kind === 'switchover' && tie.to, 'pg-1');
});

void test('a switchover in flight: wait for it, touch nothing', () => {
  assert.equal(
    plan([old, {}, {}], { targetPrimary: 'pg-1' }).sentence,
    'waiting for the switchover from pg-0 to pg-1',
  );
});

void test('after the switchover the former primary is an outdated replica: restarted last', () => {
  const r = plan([{ ...old, role: 'replica' }, { role: 'primary', lag: 0 }, {}], {
    currentPrimary: 'pg-1',
    targetPrimary: 'pg-1',
  });
  assert.deepEqual(r, {
    kind: 'restart',
    pod: 'pg-0',
    sentence: 'restarting replica pg-0 for a new pod template',
  });
});

void test('labels and status must agree on the primary before anything goes down', () => {
  const r = plan([{ ...old, role: 'replica' }, { role: 'primary' }, {}], {
    currentPrimary: 'pg-0',
    targetPrimary: 'pg-0',
  });
  assert.equal(r.kind, 'wait');
  assert.match(r.sentence, /^waiting for the primary to be settled/);
});

void test('supervised: replicas first, then wait for steward promote', () => {
  assert.equal(plan([old, old, old], { strategy: 'supervised' }).kind, 'restart');
  assert.deepEqual(plan([old, {}, {}], { strategy: 'supervised' }), {
    kind: 'await-promote',
    sentence:
      'replicas updated; waiting for "steward promote" to switch over from pg-0 (primaryUpdateStrategy supervised)',
  });
});

void test('a primary pending a restart alone waits for the agents to settle first', () => {
  const insts = [{ pendingRestart: true }, {}, {}];
  const early = plan(insts, { since: NOW - 4_000 });
  assert.deepEqual(early, {
    kind: 'wait',
    sentence: 'waiting 6s for every agent to report pending restarts',
    requeueAfterMs: 6_000,
  });
  assert.equal(plan(insts, { since: null }).kind, 'wait');
  assert.equal(plan(insts).kind, 'switchover');
  // A new template needs no settling: the hash says it all.
  assert.equal(plan([old, {}, {}], { since: null }).kind, 'switchover');
});

void test('one instance: restarted in place (unsupervised) or left to the user (supervised)', () => {
  assert.deepEqual(plan([old], { replicas: 1 }), {
    kind: 'restart',
    pod: 'pg-0',
    sentence: 'restarting pg-0, the only instance, in place for a new pod template',
  });
  assert.equal(plan([old], { replicas: 1, strategy: 'supervised' }).kind, 'await-promote');
});

void test('an outdated replica down for a while may be restarted (rollback of a bad image)', () => {
  assert.deepEqual(plan([old, old, { ...old, ready: false }]), {
    kind: 'restart',
    pod: 'pg-2',
    sentence: 'restarting replica pg-2, which is down, for a new pod template',
  });
  // Not when a second instance is down, not when the primary is down, not when it is terminating.
  assert.equal(plan([old, { ...old, ready: false }, { ...old, ready: false }]).kind, 'wait');
  assert.equal(plan([{ ...old, ready: false }, old, old]).kind, 'wait');
  assert.equal(plan([old, old, { ...old, ready: false, terminating: true }]).kind, 'wait');
  // Not while it may only be starting or rewinding.
  assert.equal(
    plan([old, old, { ...old, ready: false, downFor: BROKEN_AFTER_MS - 1 }]).kind,
    'wait',
  );
  // A down replica on the current template is waited for, never restarted.
  assert.equal(plan([old, old, { ready: false }]).kind, 'wait');
});

void test('pods beyond spec.replicas (a scale-down under way): wait', () => {
  assert.equal(
    plan([old, old, old, {}]).sentence,
    'waiting for pg-3 to go (not one of the instances)',
  );
});

void test('never a second switchover for parameters in one rollout (no ping-pong)', () => {
  const r = plan([{ role: 'replica' }, { role: 'primary', pendingRestart: true, lag: 0 }, {}], {
    currentPrimary: 'pg-1',
    targetPrimary: 'pg-1',
    switchedOverTo: 'pg-1',
  });
  assert.deepEqual(r, {
    kind: 'wait',
    sentence:
      'pg-1 still reports parameters pending a restart after this rollout switched over to pg-1; not switching over again (see its PostgreSQL log)',
    requeueAfterMs: STUCK_POLL_MS,
  });
  // A new template after the switchover still rolls (the hash is certain).
  const t = plan([{ role: 'replica' }, { role: 'primary', hash: 'old', lag: 0 }, {}], {
    currentPrimary: 'pg-1',
    targetPrimary: 'pg-1',
    switchedOverTo: 'pg-1',
  });
  assert.equal(t.kind, 'switchover');
});

void test('replicas pending a restart wait for every agent to report, then go highest ordinal first', () => {
  // Only pg-1 has reported so far: restarting it now would put it before pg-2.
  const early = world([{}, { pendingRestart: true }, {}]);
  assert.equal(
    planRollingUpdate(early.pods, early.statuses, view({ since: NOW - 2_000 })).kind,
    'wait',
  );
  const settled = world([{}, { pendingRestart: true }, { pendingRestart: true }]);
  const a = planRollingUpdate(settled.pods, settled.statuses, view());
  assert.equal(a.kind, 'restart');
  assert.equal(a.kind === 'restart' ? a.pod : '', 'pg-2');
});

void test('the former primary is restarted only once it streams again, never while it rejoins', () => {
  const after = { currentPrimary: 'pg-1', targetPrimary: 'pg-1' };
  // Stopped after the hand-over (its pod may still look Ready): deleting it now could cut a
  // pg_rewind short, and costs nothing to wait for.
  const stopped = plan([{ ...old, role: 'unknown' }, { role: 'primary', lag: 0 }, {}], after);
  assert.equal(stopped.kind, 'wait');
  const connecting = plan(
    [{ ...old, role: 'replica', streaming: false }, { role: 'primary', lag: 0 }, {}],
    after,
  );
  assert.equal(connecting.kind, 'wait');
  const streaming = plan([{ ...old, role: 'replica' }, { role: 'primary', lag: 0 }, {}], after);
  assert.equal(streaming.kind === 'restart' && streaming.pod, 'pg-0');
});
