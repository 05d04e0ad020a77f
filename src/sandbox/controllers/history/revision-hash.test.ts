import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fnv1, fnv1a, goJson, hashControllerRevision, safeEncodeString } from './revision-hash.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

test('FNV-1 and FNV-1a match the reference vectors', () => {
  assert.equal(fnv1(bytes('')), 0x811c9dc5);
  assert.equal(fnv1(bytes('a')), 0x050c5d7e);
  assert.equal(fnv1a(bytes('a')), 0xe40c292c);
  assert.equal(fnv1(bytes('foobar')), 0x31f0b262);
  assert.equal(fnv1a(bytes('foobar')), 0xbf9cf968);
});

test('safeEncodeString maps digits to consonants and digits', () => {
  // '0'..'9' are code points 48..57: 48 % 27 = 21 -> '4', 57 % 27 = 3 -> 'f'.
  assert.equal(safeEncodeString('0123456789'), '456789bcdf');
  assert.match(safeEncodeString('1234567890'), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
});

test('goJson sorts keys, is compact and escapes HTML characters like Go', () => {
  assert.equal(goJson({ b: 1, a: { d: [1, 'x'], c: null } }), '{"a":{"c":null,"d":[1,"x"]},"b":1}');
  assert.equal(goJson({ s: 'a<b>&c' }), '{"s":"a\\u003cb\\u003e\\u0026c"}');
  assert.equal(goJson({ $patch: 'replace', a: 1 }), '{"$patch":"replace","a":1}');
});

test('the collision count changes the hash', () => {
  const a = hashControllerRevision('{"spec":{}}', 0);
  const b = hashControllerRevision('{"spec":{}}', 1);
  assert.notEqual(a, b);
  assert.equal(a, hashControllerRevision('{"spec":{}}', 0));
});
