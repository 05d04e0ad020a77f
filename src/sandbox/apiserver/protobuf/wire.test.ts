import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFields, readPackedVarints, readVarint, WireError } from './wire.ts';

test('reads varints of one and several bytes', () => {
  assert.deepEqual(readVarint(Buffer.from([0x01]), 0), { value: 1n, next: 1 });
  assert.deepEqual(readVarint(Buffer.from([0xac, 0x02]), 0), { value: 300n, next: 2 });
  const minusOne = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  assert.equal(BigInt.asIntN(64, readVarint(minusOne, 0).value), -1n);
});

test('splits a message into varint, length-delimited, 64-bit and 32-bit fields', () => {
  const buf = Buffer.concat([
    Buffer.from([0x08, 0x96, 0x01]), // 1: varint 150
    Buffer.from([0x12, 0x02, 0x68, 0x69]), // 2: "hi"
    Buffer.from([0x19, 1, 0, 0, 0, 0, 0, 0, 0]), // 3: fixed64 1
    Buffer.from([0x25, 2, 0, 0, 0]), // 4: fixed32 2
  ]);
  const fields = readFields(buf);
  assert.deepEqual(
    fields.map((f) => [f.num, f.wire, Buffer.isBuffer(f.value) ? f.value.toString() : f.value]),
    [
      [1, 0, 150n],
      [2, 2, 'hi'],
      [3, 1, 1n],
      [4, 5, 2n],
    ],
  );
});

test('reads packed varints', () => {
  assert.deepEqual(readPackedVarints(Buffer.from([0x01, 0xac, 0x02])), [1n, 300n]);
});

test('rejects truncated input and group wire types', () => {
  assert.throws(() => readFields(Buffer.from([0x12, 0x05, 0x68])), WireError);
  assert.throws(() => readFields(Buffer.from([0x80])), WireError);
  assert.throws(() => readFields(Buffer.from([0x0b])), WireError);
});
