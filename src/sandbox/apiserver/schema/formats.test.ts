import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSupportedFormat, matchesFormat } from './formats.ts';

void describe('formats', () => {
  void it('recognises the formats apiextensions keeps and ignores others', () => {
    assert.ok(isSupportedFormat('date-time'));
    assert.ok(isSupportedFormat('uuid'));
    assert.ok(!isSupportedFormat('int32'));
    assert.ok(!isSupportedFormat('quantity'));
    assert.ok(matchesFormat('int32', 'anything'));
  });

  void it('checks values', () => {
    const cases: [string, string, boolean][] = [
      ['date-time', '2024-02-29T10:00:00Z', true],
      ['date-time', '2024-02-30T10:00:00Z', false],
      ['date-time', '2024-01-01T10:00:00.123+02:00', true],
      ['date', '2024-01-31', true],
      ['date', '2024-13-01', false],
      ['ipv4', '10.0.0.1', true],
      ['ipv4', '10.0.0.256', false],
      ['ipv6', '::1', true],
      ['cidr', '10.0.0.0/8', true],
      ['cidr', '10.0.0.0/33', false],
      ['uuid', '123e4567-e89b-12d3-a456-426614174000', true],
      ['uuid', 'nope', false],
      ['byte', 'aGVsbG8=', true],
      ['byte', 'a', false],
      ['duration', '1h30m', true],
      ['duration', 'soon', false],
      ['hostname', 'db-0.example.com', true],
      ['hostname', '-bad-', false],
      ['email', 'a@b.c', true],
      ['mac', '00:1a:2b:3c:4d:5e', true],
    ];
    for (const [format, value, ok] of cases) {
      assert.equal(matchesFormat(format, value), ok, `${format} ${value}`);
    }
  });
});
