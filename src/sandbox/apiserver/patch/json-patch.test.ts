import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyJsonPatch, tryApplyJsonPatch } from './json-patch.ts';
import { ApiError } from '../errors.ts';

const sts = () => ({
  metadata: { name: 'web', labels: { app: 'web' }, annotations: { 'a/b': '1', 'c~d': '2' } },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'pg', image: 'pg:16' }] } } },
});

const isApiError = (code: number, reason: string) => (e: unknown) =>
  e instanceof ApiError && e.code === code && e.status.reason === reason;

void test('add, replace, remove on objects and arrays, with the "-" index', () => {
  const out = applyJsonPatch(sts(), [
    { op: 'replace', path: '/spec/replicas', value: 3 },
    { op: 'add', path: '/metadata/labels/tier', value: 'db' },
    { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'sidecar' } },
    { op: 'add', path: '/spec/template/spec/containers/0', value: { name: 'init' } },
    { op: 'remove', path: '/metadata/labels/app' },
  ]) as ReturnType<typeof sts>;
  assert.equal(out.spec.replicas, 3);
  assert.deepEqual(out.metadata.labels, { tier: 'db' });
  assert.deepEqual(
    out.spec.template.spec.containers.map((c) => c.name),
    ['init', 'pg', 'sidecar'],
  );
});

void test('JSON pointer escaping: ~1 is "/" and ~0 is "~"', () => {
  const out = applyJsonPatch(sts(), [
    { op: 'replace', path: '/metadata/annotations/a~1b', value: 'x' },
    { op: 'remove', path: '/metadata/annotations/c~0d' },
  ]) as ReturnType<typeof sts>;
  assert.deepEqual(out.metadata.annotations, { 'a/b': 'x' });
});

void test('move and copy', () => {
  const out = applyJsonPatch({ a: { x: 1 }, b: [1, 2] }, [
    { op: 'copy', from: '/a', path: '/c' },
    { op: 'move', from: '/b/0', path: '/b/-' },
    { op: 'move', from: '/a/x', path: '/a/y' },
  ]);
  assert.deepEqual(out, { a: { y: 1 }, b: [2, 1], c: { x: 1 } });
});

void test('test op passes on equal values, fails with 422 otherwise', () => {
  const ok = applyJsonPatch(sts(), [
    { op: 'test', path: '/spec/replicas', value: 1 },
    { op: 'test', path: '/metadata/labels', value: { app: 'web' } },
    { op: 'test', path: '/metadata/missing', value: null },
    { op: 'replace', path: '/spec/replicas', value: 2 },
  ]) as ReturnType<typeof sts>;
  assert.equal(ok.spec.replicas, 2);
  assert.throws(
    () => applyJsonPatch(sts(), [{ op: 'test', path: '/spec/replicas', value: 5 }]),
    (e: unknown) =>
      isApiError(422, 'Invalid')(e) &&
      (e as ApiError).status.message ===
        'the server rejected our request due to an error in our request' &&
      JSON.stringify((e as ApiError).status.details) === '{}',
  );
});

void test('failing operations report the library reason through tryApplyJsonPatch', () => {
  const fail = (patch: unknown) => {
    const r = tryApplyJsonPatch(sts(), patch);
    assert.equal(r.ok, false, JSON.stringify(patch));
    return r.ok ? '' : r.reason;
  };
  assert.match(
    fail([{ op: 'remove', path: '/spec/nope' }]),
    /Unable to remove nonexistent key: nope/,
  );
  assert.match(fail([{ op: 'add', path: '/spec/a/b', value: 1 }]), /doc is missing path/);
  assert.match(
    fail([{ op: 'add', path: '/spec/template/spec/containers/5', value: 1 }]),
    /invalid index/,
  );
  assert.match(
    fail([{ op: 'replace', path: '/spec/template/spec/containers/1', value: 1 }]),
    /invalid index/,
  );
  assert.match(fail([{ op: 'frobnicate', path: '/a' }]), /Unexpected kind: frobnicate/);
  assert.match(fail([{ op: 'add', value: 1 }]), /missing path/);
  assert.match(fail([{ op: 'add', path: '', value: 1 }]), /doc is missing path/);
  assert.match(fail([{ op: 'test', path: '/spec/replicas' }]), /test failed/);
});

void test('upstream quirks: replace adds a missing member, negative indices count from the end', () => {
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }]), {
    a: 1,
    b: 2,
  });
  assert.deepEqual(applyJsonPatch({ l: [1, 2, 3] }, [{ op: 'remove', path: '/l/-1' }]), {
    l: [1, 2],
  });
  assert.deepEqual(applyJsonPatch({ l: [1, 2] }, [{ op: 'add', path: '/l/-1', value: 9 }]), {
    l: [1, 2, 9],
  });
  assert.deepEqual(applyJsonPatch({ a: 1 }, [{ op: 'add', path: '/b' }]), { a: 1, b: null });
});

void test('a later failure leaves the input untouched', () => {
  const doc = sts();
  const before = JSON.stringify(doc);
  assert.throws(() =>
    applyJsonPatch(doc, [
      { op: 'replace', path: '/spec/replicas', value: 9 },
      { op: 'remove', path: '/nope' },
    ]),
  );
  assert.equal(JSON.stringify(doc), before);
});

void test('a patch that is not a list of objects is a 400 with the decoder message', () => {
  assert.throws(
    () => applyJsonPatch({}, { op: 'add', path: '/a', value: 1 }),
    (e: unknown) =>
      isApiError(400, 'BadRequest')(e) &&
      (e as ApiError).status.message ===
        'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
  );
  assert.throws(
    () => applyJsonPatch({}, ['add']),
    (e: unknown) =>
      isApiError(400, 'BadRequest')(e) &&
      (e as ApiError).status.message ===
        'json: cannot unmarshal string into Go value of type jsonpatch.Operation',
  );
  assert.deepEqual(applyJsonPatch({ a: 1 }, null), { a: 1 });
});

void test('more than 10000 operations is a 413', () => {
  const ops = Array.from({ length: 10001 }, () => ({ op: 'test', path: '/a', value: 1 }));
  assert.throws(
    () => applyJsonPatch({ a: 1 }, ops),
    (e: unknown) =>
      isApiError(413, 'RequestEntityTooLarge')(e) &&
      (e as ApiError).status.message ===
        'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
  );
});

void test('"__proto__" is an ordinary key', () => {
  const out = applyJsonPatch({}, [{ op: 'add', path: '/__proto__', value: { x: 1 } }]) as object;
  assert.deepEqual(JSON.parse(JSON.stringify(out)), { ['__proto__']: { x: 1 } });
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
});
