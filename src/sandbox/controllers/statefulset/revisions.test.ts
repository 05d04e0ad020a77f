import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeSet, revisionOf } from './fixtures.test-util.ts';
import { applyRevision, planRevisions, revisionData } from './revisions.ts';

test('revision data is the template with $patch replace', () => {
  const set = makeSet();
  const data = revisionData(set);
  assert.equal(data.spec.template.$patch, 'replace');
  assert.deepEqual(data.spec.template.metadata, {
    creationTimestamp: null,
    labels: { app: 'web' },
  });
  const r = revisionOf(set);
  assert.equal(r.metadata.labels?.app, 'web');
  assert.equal(r.metadata.labels?.['controller.kubernetes.io/hash'], r.metadata.name?.slice(4));
  assert.deepEqual(applyRevision(makeSet({}, 'other'), r).spec.template, set.spec.template);
});

test('first sync creates revision 1, which is both current and update', () => {
  const set = makeSet();
  const p = planRevisions(set, []);
  assert.equal(p.step.kind, 'create');
  assert.equal(p.update.revision, 1);
  assert.equal(p.current, p.update);
});

test('an unchanged template reuses the latest revision', () => {
  const set = makeSet();
  const r1 = revisionOf(set, 1);
  set.status = { replicas: 0, availableReplicas: 0, currentRevision: r1.metadata.name ?? '' };
  const p = planRevisions(set, [r1]);
  assert.deepEqual(p.step, { kind: 'none' });
  assert.equal(p.update.metadata.name, r1.metadata.name);
  assert.equal(p.current.metadata.name, r1.metadata.name);
});

test('a new template creates revision n+1; the current revision stays', () => {
  const v1 = makeSet({}, 'a');
  const r1 = revisionOf(v1, 1);
  const v2 = makeSet({}, 'b');
  v2.status = { replicas: 3, availableReplicas: 3, currentRevision: r1.metadata.name ?? '' };
  const p = planRevisions(v2, [r1]);
  assert.equal(p.step.kind, 'create');
  assert.equal(p.update.revision, 2);
  assert.equal(p.current.metadata.name, r1.metadata.name);
});

test('reverting to an older template renumbers that revision instead of creating one', () => {
  const r1 = revisionOf(makeSet({}, 'a'), 1);
  const r2 = revisionOf(makeSet({}, 'b'), 2);
  const p = planRevisions(makeSet({}, 'a'), [r2, r1]);
  assert.deepEqual(p.step, { kind: 'renumber', name: r1.metadata.name, revision: 3 });
  assert.equal(p.update.metadata.name, r1.metadata.name);
});
