import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFieldError } from '../field-errors.ts';
import type { JSONSchemaProps } from './schema-types.ts';
import { validateCustomResource } from './structural.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['x'],
      properties: {
        x: { type: 'string' },
        instances: { type: 'integer', minimum: 1, maximum: 9 },
        replicas: { type: 'integer' },
        ratio: { type: 'number', exclusiveMaximum: true, maximum: 1.5 },
        mode: { type: 'string', enum: ['a', 'b'] },
        name: { type: 'string', maxLength: 3, pattern: '^[a-z]+$' },
        short: { type: 'string', minLength: 2 },
        when: { type: 'string', format: 'date-time' },
        blob: { type: 'string', format: 'byte' },
        port: { 'x-kubernetes-int-or-string': true },
        opt: { type: 'string', nullable: true },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 2, uniqueItems: true },
        few: { type: 'array', items: { type: 'integer' }, minItems: 1 },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        set: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' } } },
        },
        either: { oneOf: [{ required: ['a'] }, { required: ['b'] }], type: 'object' },
        tmpl: { type: 'object', 'x-kubernetes-embedded-resource': true },
      },
    },
  },
};

const messages = (spec: Record<string, unknown>): string[] =>
  validateCustomResource({ apiVersion: 'x/v1', kind: 'X', spec: { x: 'ok', ...spec } }, schema).map(
    formatFieldError,
  );

void describe('validateCustomResource', () => {
  void it('accepts a valid object', () => {
    assert.deepEqual(messages({ instances: 3, mode: 'a', port: 'http', opt: null }), []);
  });

  void it('reports bounds, types and enums with upstream wording', () => {
    assert.deepEqual(messages({ instances: -1 }), [
      'spec.instances: Invalid value: -1: spec.instances in body should be greater than or equal to 1',
    ]);
    assert.deepEqual(messages({ instances: 10 }), [
      'spec.instances: Invalid value: 10: spec.instances in body should be less than or equal to 9',
    ]);
    assert.deepEqual(messages({ ratio: 1.5 }), [
      'spec.ratio: Invalid value: 1.5: spec.ratio in body should be less than 1.5',
    ]);
    assert.deepEqual(messages({ replicas: 'string' }), [
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
    ]);
    assert.deepEqual(messages({ replicas: 1.5 }), [
      'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"',
    ]);
    assert.deepEqual(messages({ mode: 'bad' }), [
      'spec.mode: Unsupported value: "bad": supported values: "a", "b"',
    ]);
    assert.deepEqual(messages({ port: true }), [
      'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
    ]);
    assert.deepEqual(messages({ x: null }), [
      'spec.x: Invalid value: "null": spec.x in body must be of type string: "null"',
    ]);
  });

  void it('reports required fields', () => {
    const errs = validateCustomResource({ spec: {} }, schema).map(formatFieldError);
    assert.deepEqual(errs, ['spec.x: Required value']);
  });

  void it('checks strings, formats and arrays', () => {
    assert.deepEqual(messages({ name: 'abcd' }), [
      'spec.name: Too long: may not be more than 3 bytes',
    ]);
    assert.deepEqual(messages({ name: 'AB' }), [
      'spec.name: Invalid value: "AB": spec.name in body should match \'^[a-z]+$\'',
    ]);
    assert.deepEqual(messages({ short: 'a' }), [
      'spec.short: Invalid value: "a": spec.short in body should be at least 2 chars long',
    ]);
    assert.deepEqual(messages({ when: 'yesterday' }), [
      'spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"',
    ]);
    assert.deepEqual(messages({ when: '2024-01-02T03:04:05Z', blob: 'aGVsbG8=' }), []);
    assert.deepEqual(messages({ blob: 'not base64!' }).length, 1);
    assert.deepEqual(messages({ tags: ['a', 'a', 'b'] }), [
      'spec.tags: Too many: 3: must have at most 2 items',
      'spec.tags: Invalid value: "": spec.tags in body shouldn\'t contain duplicates',
    ]);
    assert.deepEqual(messages({ few: [] }), [
      'spec.few: Invalid value: 0: spec.few in body should have at least 1 items',
    ]);
    assert.deepEqual(messages({ few: ['x'] }), [
      'spec.few[0]: Invalid value: "string": spec.few[0] in body must be of type integer: "string"',
    ]);
    assert.deepEqual(messages({ labels: { a: 1 } }), [
      'spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"',
    ]);
  });

  void it('checks list types and embedded resources', () => {
    assert.deepEqual(messages({ set: ['a', 'b', 'a'] }), ['spec.set[2]: Duplicate value: "a"']);
    assert.deepEqual(messages({ ports: [{ name: 'p' }, { name: 'p' }] }), [
      'spec.ports[1]: Duplicate value: {"name":"p"}',
    ]);
    assert.deepEqual(messages({ tmpl: { kind: 'Pod' } }), [
      'spec.tmpl.apiVersion: Required value: must not be empty',
    ]);
  });

  void it('reports oneOf failures without a field, as apiextensions does', () => {
    assert.deepEqual(messages({ either: { a: 1 } }), []);
    assert.deepEqual(messages({ either: {} }), [
      '<nil>: Invalid value: "": "spec.either" must validate one and only one schema (oneOf). Found none valid',
      'spec.either.a: Required value',
    ]);
  });
});
