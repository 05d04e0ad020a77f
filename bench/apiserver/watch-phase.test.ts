import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addedIndex } from './watch-phase.ts';

test('addedIndex finds the object index of ADDED events only', () => {
  const added = '{"type":"ADDED","object":{"kind":"ConfigMap","metadata":{"name":"fan-17","x":1}}}';
  assert.equal(addedIndex(added, 'fan'), 17);
  assert.equal(addedIndex(added, 'lat'), -1);
  assert.equal(addedIndex(added.replace('ADDED', 'MODIFIED'), 'fan'), -1);
  assert.equal(addedIndex('{"type":"BOOKMARK","object":{}}', 'fan'), -1);
});
