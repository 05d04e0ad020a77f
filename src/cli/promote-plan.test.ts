import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { member } from './cluster-fixtures.ts';
import type { MemberView } from './cluster-members.ts';
import { chooseBestReplica, planPromote, type PromoteFacts } from './promote-plan.ts';

const primary = member('demo-0', { role: 'primary', streaming: false, lagBytes: null });

function facts(members: MemberView[], over: Partial<PromoteFacts> = {}): PromoteFacts {
  return {
    cluster: 'demo',
    paused: false,
    currentPrimary: 'demo-0',
    targetPrimary: 'demo-0',
    members,
    ...over,
  };
}

void describe('chooseBestReplica', () => {
  void test('picks the ready streaming replica with the least lag', () => {
    const best = chooseBestReplica([
      primary,
      member('demo-1', { lagBytes: 4096 }),
      member('demo-2', { lagBytes: 16 }),
    ]);
    assert.equal(best?.name, 'demo-2');
  });

  void test('breaks ties by ordinal, and puts unknown lag last', () => {
    const ms = [member('demo-10'), member('demo-9'), member('demo-2', { lagBytes: null })];
    assert.equal(chooseBestReplica(ms)?.name, 'demo-9');
  });

  void test('skips replicas that are not ready, not streaming or of unknown readiness', () => {
    const ms = [
      primary,
      member('demo-1', { ready: false }),
      member('demo-2', { streaming: false }),
      member('demo-3', { ready: null, streaming: null }),
      member('demo-4', { role: 'fenced' }),
      member('demo-5', { ready: null, lagBytes: 999 }),
    ];
    assert.equal(chooseBestReplica(ms)?.name, 'demo-5');
    assert.equal(chooseBestReplica(ms.slice(0, 5)), null);
  });
});

void describe('planPromote', () => {
  const members = [primary, member('demo-1', { lagBytes: 100 }), member('demo-2', { lagBytes: 0 })];

  void test('without an instance, targets the best replica and says why', () => {
    assert.deepEqual(planPromote(facts(members)), {
      kind: 'set-target',
      from: 'demo-0',
      to: 'demo-2',
      sentence: 'switching over from demo-0 to demo-2, the best replica (0 bytes behind)',
    });
  });

  void test('with an instance, targets it', () => {
    const p = planPromote(facts(members), 'demo-1');
    assert.equal(
      p.kind === 'set-target' && p.sentence,
      'switching over from demo-0 to demo-1, as asked',
    );
  });

  void test('an identical request already made is waited for, not repeated', () => {
    const p = planPromote(facts(members, { targetPrimary: 'demo-1' }), 'demo-1');
    assert.equal(p.kind, 'already-requested');
  });

  const refusals: [string, PromoteFacts, string | undefined, string][] = [
    [
      'paused',
      facts(members, { paused: true }),
      'demo-1',
      'demo is paused (spec.pause); resume it before a switchover',
    ],
    [
      'not-member',
      facts(members),
      'demo-7',
      'demo-7 is not an instance of demo (instances: demo-0, demo-1, demo-2)',
    ],
    ['already-primary', facts(members), 'demo-0', 'demo-0 is already the primary'],
    [
      'no-primary',
      facts(members, { currentPrimary: null, targetPrimary: null }),
      'demo-1',
      'demo has no current primary (status.currentPrimary)',
    ],
    [
      'in-progress',
      facts(members, { targetPrimary: 'demo-2' }),
      'demo-1',
      'a switchover from demo-0 to demo-2 is already in progress',
    ],
    [
      'not-eligible',
      facts([primary, member('demo-1', { ready: false, streaming: false })]),
      'demo-1',
      'demo-1 is not a ready streaming replica (not ready, not streaming)',
    ],
    [
      'not-eligible',
      facts([primary, member('demo-1', { role: 'initializing', ready: false })]),
      'demo-1',
      'demo-1 is not a ready streaming replica (role initializing, not ready)',
    ],
    [
      'no-candidate',
      facts([primary, member('demo-1', { ready: false }), member('demo-2', { streaming: false })]),
      undefined,
      'no ready streaming replica of demo to promote (demo-1: not ready; demo-2: not streaming)',
    ],
    [
      'no-candidate',
      facts([primary]),
      undefined,
      'no ready streaming replica of demo to promote (it has no replicas)',
    ],
  ];
  for (const [code, f, requested, message] of refusals) {
    void test(`refuses (${code}): ${message}`, () => {
      assert.deepEqual(planPromote(f, requested), { kind: 'refuse', code, message });
    });
  }
});
