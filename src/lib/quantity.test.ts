import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareQuantities,
  parseQuantity,
  QUANTITY_FORMAT_ERROR,
  QUANTITY_SUFFIX_ERROR,
} from './quantity.ts';

void test('binary, decimal and exponent suffixes in milli-units', () => {
  assert.equal(parseQuantity('1Ki'), 1024_000n);
  assert.equal(parseQuantity('10Gi'), 10n * 1024n ** 3n * 1000n);
  assert.equal(parseQuantity('1Ei'), 1024n ** 6n * 1000n);
  assert.equal(parseQuantity('500m'), 500n);
  assert.equal(parseQuantity('1.5'), 1500n);
  assert.equal(parseQuantity('2k'), 2_000_000n);
  assert.equal(parseQuantity('1M'), 1_000_000_000n);
  assert.equal(parseQuantity('1e3'), 1_000_000n);
  assert.equal(parseQuantity('1E-3'), 1n);
  assert.equal(parseQuantity('.5Gi'), 512n * 1024n * 1024n * 1000n);
  assert.equal(parseQuantity('-1'), -1000n);
});

void test('sub-milli values round up', () => {
  assert.equal(parseQuantity('1n'), 1n);
  assert.equal(parseQuantity('1500u'), 2n);
});

void test('comparisons across units', () => {
  assert.equal(compareQuantities('1Gi', '1G'), 1);
  assert.equal(compareQuantities('1000M', '1G'), 0);
  assert.equal(compareQuantities('100m', '0.2'), -1);
});

void test('upstream errors for malformed quantities', () => {
  assert.throws(() => parseQuantity('abc'), { message: QUANTITY_FORMAT_ERROR });
  assert.equal(
    QUANTITY_FORMAT_ERROR,
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  );
  assert.throws(() => parseQuantity('1Gb'), { message: QUANTITY_FORMAT_ERROR });
  assert.throws(() => parseQuantity('1KiB'), { message: QUANTITY_FORMAT_ERROR });
  assert.throws(() => parseQuantity('1kM'), { message: QUANTITY_SUFFIX_ERROR });
  assert.throws(() => parseQuantity('1.2.3'), {
    message: 'unable to parse numeric part of quantity',
  });
});
