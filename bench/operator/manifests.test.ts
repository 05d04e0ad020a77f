import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { KNOB, knobPatch, readyCluster, smallCluster, smallName, toYaml } from './manifests.ts';

test('smallName pads so that names sort in creation order', () => {
  assert.deepEqual([1, 12, 150].map(smallName), ['bench-001', 'bench-012', 'bench-150']);
});

test('a small cluster has one instance, small settings and the knob', () => {
  const c = smallCluster('bench-001', '60000') as {
    spec: { instances: number; postgresql: { parameters: Record<string, string> } };
  };
  assert.equal(c.spec.instances, 1);
  assert.deepEqual(c.spec.postgresql.parameters, {
    shared_buffers: '16MB',
    max_connections: '20',
    [KNOB]: '60000',
  });
  assert.equal((readyCluster('r') as { spec: { instances: number } }).spec.instances, 3);
});

test('knobPatch is a merge patch of the knob only', () => {
  assert.deepEqual(JSON.parse(knobPatch('7')), {
    spec: { postgresql: { parameters: { [KNOB]: '7' } } },
  });
});

test('toYaml is a stream of documents kubectl can read back', () => {
  const docs = parseAllDocuments(toYaml([smallCluster('a'), smallCluster('b')]));
  assert.deepEqual(
    docs.map((d) => (d.toJS() as { metadata: { name: string } }).metadata.name),
    ['a', 'b'],
  );
});
