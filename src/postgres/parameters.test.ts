import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBool, parseIntegerWithUnit } from './parameter-values.ts';
import { isManagedParameter, requiresRestart } from './parameters.ts';

test('parses booleans like PostgreSQL', () => {
  for (const t of ['on', 'ON', 'true', 't', 'tr', 'yes', 'y', '1'])
    assert.equal(parseBool(t), true, t);
  for (const f of ['off', 'of', 'false', 'f', 'no', 'n', '0']) assert.equal(parseBool(f), false, f);
  for (const bad of ['', 'o', 'maybe', '2', 'onn']) assert.equal(parseBool(bad), undefined, bad);
});

test('parses integers with memory and time units into the base unit', () => {
  assert.deepEqual(parseIntegerWithUnit('128MB', '8kB'), { value: 16384 });
  assert.deepEqual(parseIntegerWithUnit('1.5GB', 'kB'), { value: 1572864 });
  assert.deepEqual(parseIntegerWithUnit(' 64 kB ', 'kB'), { value: 64 });
  assert.deepEqual(parseIntegerWithUnit('5min', 's'), { value: 300 });
  assert.deepEqual(parseIntegerWithUnit('2h', 'ms'), { value: 7_200_000 });
  assert.deepEqual(parseIntegerWithUnit('-1', 'ms'), { value: -1 });
  assert.deepEqual(parseIntegerWithUnit('0x10', undefined), { value: 16 });
  assert.ok('error' in parseIntegerWithUnit('5 minutes', 's'));
  assert.ok('error' in parseIntegerWithUnit('10MB', 's'));
  assert.ok('error' in parseIntegerWithUnit('10', undefined) === false);
  assert.deepEqual(parseIntegerWithUnit('10MB', undefined), {
    error: 'does not take a unit ("MB")',
  });
  assert.deepEqual(parseIntegerWithUnit('lots', 'kB'), { error: 'is not a number' });
});

test('knows managed parameters and which changes need a restart', () => {
  assert.equal(isManagedParameter('WAL_LEVEL'), true);
  assert.equal(isManagedParameter('work_mem'), false);
  assert.equal(requiresRestart('shared_buffers'), true);
  assert.equal(requiresRestart('primary_conninfo'), false);
  assert.equal(requiresRestart('work_mem'), false);
  assert.equal(requiresRestart('no_such_thing'), undefined);
  assert.equal(requiresRestart('constructor'), undefined);
});
