import assert from 'node:assert/strict';
import { test } from 'node:test';
import { integer, listOf, mapOf, object, oneOf, quantity, string } from './schema-builder.ts';

void test('object lists required properties and nests property schemas', () => {
  const n = object(
    { a: string('A.').required(), b: integer('B.', { minimum: 1 }).withDefault(2) },
    'Thing.',
  );
  assert.deepEqual(n.schema, {
    type: 'object',
    description: 'Thing.',
    properties: {
      a: { type: 'string', description: 'A.' },
      b: { type: 'integer', format: 'int32', description: 'B.', minimum: 1, default: 2 },
    },
    required: ['a'],
  });
});

void test('defaults are copied, enums and quantities keep their shape', () => {
  const value = { x: 1 };
  const n = mapOf(integer('X.'), 'M.').withDefault(value);
  value.x = 2;
  assert.deepEqual(n.schema.default, { x: 1 });
  assert.deepEqual(oneOf(['a', 'b'], 'E.').schema.enum, ['a', 'b']);
  const q = quantity('Q.').schema;
  assert.equal(q['x-kubernetes-int-or-string'], true);
  assert.equal(q.type, undefined);
});

void test('lists carry their list type and map keys', () => {
  const l = listOf(object({ name: string('N.').required() }, 'I.'), 'L.', {
    listType: 'map',
    mapKeys: ['name'],
  });
  assert.equal(l.schema['x-kubernetes-list-type'], 'map');
  assert.deepEqual(l.schema['x-kubernetes-list-map-keys'], ['name']);
  assert.equal(l.schema.items?.required?.[0], 'name');
});
