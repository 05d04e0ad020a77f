import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planStatefulSetSync, type SyncAction } from './plan.ts';
import { NOW, makeClaims, makePod, makeSet, revisionOf } from './fixtures.test-util.ts';
import { claimOwnerRefs, isClaimOwnerUpToDate, podClaimIsStale } from './retention.ts';
import type { StatefulSet } from './types.ts';

const policy = (
  whenDeleted: 'Retain' | 'Delete',
  whenScaled: 'Retain' | 'Delete',
): Partial<StatefulSet['spec']> => ({
  persistentVolumeClaimRetentionPolicy: { whenDeleted, whenScaled },
});
const owners = (actions: SyncAction[]): string[] =>
  actions.flatMap((a) =>
    a.kind === 'setClaimOwners'
      ? [`${a.claim}:${a.ownerReferences.map((r) => `${r.kind}/${r.name}`).join('+')}`]
      : [],
  );

test('Retain/Retain: claims get no owner references', () => {
  const set = makeSet(policy('Retain', 'Retain'));
  const rev = revisionOf(set);
  const pod = makePod(set, rev, 0);
  const [claim] = makeClaims(set, [0]);
  assert.ok(isClaimOwnerUpToDate(claim!, set, pod));
  assert.deepEqual(claimOwnerRefs(claim!, set, pod), []);
});

test('whenDeleted Delete: each claim is owned by the StatefulSet', () => {
  const set = makeSet(policy('Delete', 'Retain'));
  const rev = revisionOf(set);
  const p = planStatefulSetSync({
    set,
    pods: [makePod(set, rev, 0)],
    claims: makeClaims(set, [0]),
    current: rev,
    update: rev,
    collisionCount: 0,
    nowMs: NOW,
  });
  assert.deepEqual(owners(p.actions), ['data-web-0:StatefulSet/web', 'data-web-1:StatefulSet/web']);
  const ref = p.actions.find((a) => a.kind === 'setClaimOwners');
  assert.deepEqual(ref?.kind === 'setClaimOwners' ? ref.ownerReferences[0] : undefined, {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    name: 'web',
    uid: 'set-uid',
    controller: true,
    blockOwnerDeletion: true,
  });
});

test("whenScaled Delete: a condemned pod's claims get an owner reference to the pod", () => {
  const set = makeSet({ ...policy('Retain', 'Delete'), replicas: 1 });
  const rev = revisionOf(set);
  const pods = [makePod(set, rev, 0), makePod(set, rev, 1)];
  const p = planStatefulSetSync({
    set,
    pods,
    claims: makeClaims(set, [0, 1]),
    current: rev,
    update: rev,
    collisionCount: 0,
    nowMs: NOW,
  });
  assert.deepEqual(owners(p.actions), ['data-web-1:Pod/web-1']);
  assert.equal(p.actions.at(-1)?.kind, 'deletePod');
});

test('Delete/Delete: in-range claims are owned by the set, condemned ones move to the pod', () => {
  const set = makeSet({ ...policy('Delete', 'Delete'), replicas: 1 });
  const rev = revisionOf(set);
  const pod1 = makePod(set, rev, 1);
  const [claim1] = makeClaims(set, [1]);
  const owned = {
    ...claim1!,
    metadata: {
      ...claim1!.metadata,
      ownerReferences: claimOwnerRefs(claim1!, makeSet(policy('Delete', 'Delete')), pod1),
    },
  };
  assert.deepEqual(
    owned.metadata.ownerReferences.map((r) => r.kind),
    ['StatefulSet'],
  );
  assert.ok(!isClaimOwnerUpToDate(owned, set, pod1));
  assert.deepEqual(
    claimOwnerRefs(owned, set, pod1).map((r) => `${r.kind}/${r.uid}`),
    [`Pod/${pod1.metadata.uid ?? ''}`],
  );
});

test('a claim owned by another controller is left alone', () => {
  const set = makeSet(policy('Delete', 'Retain'));
  const pod = makePod(set, revisionOf(set), 0);
  const [claim] = makeClaims(set, [0]);
  const foreign = { apiVersion: 'x/v1', kind: 'Other', name: 'o', uid: 'o', controller: true };
  const c = { ...claim!, metadata: { ...claim!.metadata, ownerReferences: [foreign] } };
  assert.ok(isClaimOwnerUpToDate(c, set, pod));
});

test('with whenScaled Delete a claim still owned by a previous pod of that name is stale', () => {
  const set = makeSet(policy('Retain', 'Delete'));
  const placeholder = makePod(set, revisionOf(set), 0);
  delete placeholder.metadata.uid;
  const [claim] = makeClaims(set, [0]);
  const stale = {
    ...claim!,
    metadata: {
      ...claim!.metadata,
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Pod', name: 'web-0', uid: 'old', controller: true },
      ],
    },
  };
  const claims = new Map([[stale.metadata.name ?? '', stale]]);
  assert.ok(podClaimIsStale(set, placeholder, claims));
  assert.ok(!podClaimIsStale(makeSet(), placeholder, claims));
  const rev = revisionOf(set);
  const p = planStatefulSetSync({
    set,
    pods: [],
    claims: [stale],
    current: rev,
    update: rev,
    collisionCount: 0,
    nowMs: NOW,
  });
  assert.deepEqual(p.actions, []);
  assert.equal(p.note, 'waiting for stale claims of Pod web-0 to be deleted');
});
