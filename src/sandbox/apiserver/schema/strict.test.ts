import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { strictDecodingMessage, unknownFieldWarnings } from './strict.ts';

void describe('strict field validation messages', () => {
  void it('words errors and warnings as the apiserver does', () => {
    assert.equal(
      strictDecodingMessage('Deployment', 'v1', [
        'spec.template.spec.containers[0].imagePullPolicyy',
      ]),
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullPolicyy"',
    );
    assert.deepEqual(unknownFieldWarnings(['spec.a', 'spec.b']), [
      'unknown field "spec.a"',
      'unknown field "spec.b"',
    ]);
  });
});
