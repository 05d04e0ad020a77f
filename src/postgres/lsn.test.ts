import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StewardError } from '../lib/errors.ts';
import {
  compareLsn,
  formatLsn,
  lsnDiff,
  maxLsn,
  parseLsn,
  parseLsnOrNull,
  tryParseLsn,
} from './lsn.ts';

test('parses and formats LSNs like PostgreSQL', () => {
  assert.equal(parseLsn('0/3000060'), 0x3000060n);
  assert.equal(parseLsn('16/B374D848'), (0x16n << 32n) | 0xb374d848n);
  assert.equal(parseLsn('ffffffff/ffffffff'), 0xffffffffffffffffn);
  assert.equal(formatLsn(0x3000060n), '0/3000060');
  assert.equal(formatLsn((0x16n << 32n) | 0xb374d848n), '16/B374D848');
  assert.equal(formatLsn(0n), '0/0');
  for (const s of ['0/0', '1/0', 'A/FFFFFFFF', 'FFFFFFFF/FFFFFFFF']) {
    assert.equal(formatLsn(parseLsn(s)), s);
  }
});

test('rejects malformed LSNs with a typed error', () => {
  for (const bad of ['', '0', '0/', '/1', 'x/1', '1/2/3', '123456789/0', '-1/0']) {
    assert.equal(tryParseLsn(bad), undefined, bad);
    assert.throws(
      () => parseLsn(bad),
      (e: unknown) => e instanceof StewardError && e.code === 'INVALID_LSN',
    );
  }
  assert.throws(() => formatLsn(-1n), StewardError);
  assert.throws(() => formatLsn(1n << 64n), StewardError);
});

test('compares, diffs and picks the maximum', () => {
  const a = parseLsn('0/3000000');
  const b = parseLsn('1/0');
  assert.equal(compareLsn(a, b), -1);
  assert.equal(compareLsn(b, a), 1);
  assert.equal(compareLsn(a, a), 0);
  assert.equal(lsnDiff(b, a), 0x100000000n - 0x3000000n);
  assert.equal(lsnDiff(a, b), -(0x100000000n - 0x3000000n));
  assert.equal(maxLsn(null, a, undefined, b), b);
  assert.equal(maxLsn(null), null);
  assert.equal(parseLsnOrNull(null), null);
  assert.equal(parseLsnOrNull('0/10'), 16n);
  assert.deepEqual([b, a].sort(compareLsn), [a, b]);
});
