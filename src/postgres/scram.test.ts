import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildScramVerifier, scramVerifier } from './scram.ts';

test('builds SCRAM-SHA-256 verifiers in the stored format', () => {
  const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
  const v = buildScramVerifier('pencil', salt);
  assert.match(
    v,
    /^SCRAM-SHA-256\$4096:W22ZaJ0SNY7soEsUEjb6gQ==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/,
  );
  assert.equal(buildScramVerifier('pencil', salt), v);
  assert.notEqual(buildScramVerifier('pencil2', salt), v);
  assert.notEqual(scramVerifier('pencil'), scramVerifier('pencil'));
  // NFKC: a composed and a decomposed "é" give the same verifier.
  assert.equal(buildScramVerifier('caf\u00e9', salt), buildScramVerifier('cafe\u0301', salt));
});
