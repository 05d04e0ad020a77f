import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildControllerRevision,
  equalRevision,
  findEqualRevisions,
  nextRevision,
  planHistoryTruncation,
  REVISION_HASH_LABEL,
  revisionName,
  revisionNameFor,
  sortRevisions,
  type ControllerRevision,
} from './history.ts';

const parent = { metadata: { name: 'web', namespace: 'default', uid: 'u1' } };
const owner = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  name: 'web',
  uid: 'u1',
  controller: true,
  blockOwnerDeletion: true,
};
const build = (data: unknown, revision = 1, collisionCount = 0): ControllerRevision =>
  buildControllerRevision({
    parent,
    owner,
    templateLabels: { app: 'web' },
    data,
    revision,
    collisionCount,
  });

test('a revision is named <parent>-<hash>, labelled with the hash and owned by the parent', () => {
  const r = build({ spec: { template: { $patch: 'replace' } } });
  const hash = r.metadata.labels?.[REVISION_HASH_LABEL] ?? '';
  assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(r.metadata.name, `web-${hash}`);
  assert.equal(r.metadata.labels?.app, 'web');
  assert.deepEqual(r.metadata.ownerReferences, [owner]);
  assert.equal(r.revision, 1);
});

test('the same data gives the same name; a collision count gives another one', () => {
  const a = build({ x: 1 });
  assert.equal(build({ x: 1 }, 7).metadata.name, a.metadata.name);
  assert.notEqual(build({ x: 1 }, 1, 1).metadata.name, a.metadata.name);
  assert.equal(revisionNameFor('web', a, 1), build({ x: 1 }, 1, 1).metadata.name);
  assert.equal(revisionName('x'.repeat(300), 'h').length, 225);
});

test('equality compares data, not revision numbers', () => {
  assert.ok(equalRevision(build({ x: 1 }, 1), build({ x: 1 }, 2)));
  assert.ok(!equalRevision(build({ x: 1 }), build({ x: 2 })));
  assert.ok(equalRevision(undefined, undefined));
  assert.ok(!equalRevision(build({ x: 1 }), undefined));
  const revs = [build({ x: 1 }, 1), build({ x: 2 }, 2), build({ x: 1 }, 3)];
  assert.deepEqual(
    findEqualRevisions(revs, build({ x: 1 })).map((r) => r.revision),
    [1, 3],
  );
});

test('sorting by revision and the next revision number', () => {
  const revs = sortRevisions([build({ a: 1 }, 3), build({ a: 2 }, 1), build({ a: 3 }, 2)]);
  assert.deepEqual(
    revs.map((r) => r.revision),
    [1, 2, 3],
  );
  assert.equal(nextRevision(revs), 4);
  assert.equal(nextRevision([]), 1);
});

test('history truncation keeps live revisions and the newest `limit` others', () => {
  const revs = [1, 2, 3, 4, 5].map((n) => build({ n }, n));
  const name = (n: number): string => revs[n - 1]?.metadata.name ?? '';
  const live = new Set([name(1), name(5)]);
  assert.deepEqual(planHistoryTruncation(revs, live, 1), [name(2), name(3)]);
  assert.deepEqual(planHistoryTruncation(revs, live, 3), []);
  assert.deepEqual(planHistoryTruncation(revs, live, 0), [name(2), name(3), name(4)]);
});
