import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch } from './merge-patch.ts';
import { ApiError } from '../errors.ts';

void test('RFC 7386 appendix A examples', () => {
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [doc, patch, want] of cases) {
    assert.deepEqual(applyMergePatch(doc, patch), want, JSON.stringify(patch));
  }
});

void test('kubectl scale and label patches', () => {
  const sts = {
    metadata: { name: 'web', labels: { app: 'web', tier: 'db' } },
    spec: { replicas: 1 },
  };
  assert.deepEqual(applyMergePatch(sts, { spec: { replicas: 3 } }), {
    metadata: { name: 'web', labels: { app: 'web', tier: 'db' } },
    spec: { replicas: 3 },
  });
  assert.deepEqual(applyMergePatch(sts, { metadata: { labels: { tier: null, x: 'y' } } }), {
    metadata: { name: 'web', labels: { app: 'web', x: 'y' } },
    spec: { replicas: 1 },
  });
});

void test('arrays are replaced wholesale, not merged', () => {
  const pod = { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b' }] } };
  const out = applyMergePatch(pod, { spec: { containers: [{ name: 'a', image: 'y' }] } });
  assert.deepEqual(out, { spec: { containers: [{ name: 'a', image: 'y' }] } });
});

void test('does not mutate its inputs', () => {
  const doc = { a: { b: 1 } };
  const patch = { a: { c: 2 } };
  applyMergePatch(doc, patch);
  assert.deepEqual(doc, { a: { b: 1 } });
  assert.deepEqual(patch, { a: { c: 2 } });
});

void test('upstream quirks: nulls pruned inside added values, array patch replaces the document', () => {
  assert.deepEqual(applyMergePatch({}, { a: { b: null, c: [1, null, { d: null }] } }), {
    a: { c: [1, {}] },
  });
  assert.deepEqual(applyMergePatch({ a: 1 }, [1, null]), [1]);
});

void test('null or scalar top-level patch is a 400 Invalid JSON Patch', () => {
  for (const patch of [null, 3, 'x', true]) {
    assert.throws(
      () => applyMergePatch({ a: 1 }, patch),
      (e: unknown) =>
        e instanceof ApiError &&
        e.code === 400 &&
        e.status.reason === 'BadRequest' &&
        e.status.message === 'Invalid JSON Patch',
    );
  }
});
