import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuantity } from '../lib/quantity.ts';
import type { JSONSchemaProps } from './schema-builder.ts';
import { QUANTITY_PATTERN } from './schema-builder.ts';
import { schemaIssues } from './schema-check.ts';
import { postgresClusterOpenApiSchema } from './schema.ts';

/** Every node of a schema with its path. */
function* walk(s: JSONSchemaProps, path: string): Generator<[string, JSONSchemaProps]> {
  yield [path, s];
  for (const [k, p] of Object.entries(s.properties ?? {})) yield* walk(p, `${path}.${k}`);
  if (s.additionalProperties) yield* walk(s.additionalProperties, `${path}.*`);
  if (s.items) yield* walk(s.items, `${path}[]`);
}

const root = postgresClusterOpenApiSchema();

void test('every field is structural and described (metadata excepted, as upstream requires)', () => {
  for (const [path, s] of walk(root, '')) {
    if (path === '.metadata') {
      assert.deepEqual(s, { type: 'object' });
      continue;
    }
    assert.ok(s.description, `${path} has a description`);
    assert.ok(s.type || s['x-kubernetes-int-or-string'], `${path} has a type`);
  }
});

void test('every default validates against its own node', () => {
  for (const [path, s] of walk(root, '')) {
    if (s.default === undefined) continue;
    assert.deepEqual(schemaIssues(s.default, s, path), [], path);
  }
});

void test('every pattern compiles as a Unicode regular expression', () => {
  for (const [path, s] of walk(root, '')) {
    if (s.pattern) assert.doesNotThrow(() => new RegExp(s.pattern ?? '', 'u'), path);
  }
});

void test('the quantity pattern and the quantity parser agree on usual and malformed quantities', () => {
  const re = new RegExp(QUANTITY_PATTERN, 'u');
  for (const q of ['1Gi', '10G', '500m', '1.5', '.5Ki', '1e3', '+2M', '-1']) {
    assert.ok(re.test(q), q);
    assert.doesNotThrow(() => parseQuantity(q), q);
  }
  for (const q of ['10Zz', 'Gi', '1 Gi', '1gi', '', '1.2.3']) {
    assert.equal(re.test(q), false, q);
    assert.throws(() => parseQuantity(q), q);
  }
});

void test('the root requires spec and spec requires storage.size', () => {
  assert.deepEqual(root.required, ['spec']);
  assert.deepEqual(root.properties?.['spec']?.required, ['storage']);
  assert.deepEqual(root.properties?.['spec']?.properties?.['storage']?.required, ['size']);
});
