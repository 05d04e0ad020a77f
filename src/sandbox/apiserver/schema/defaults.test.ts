import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDefaults } from './defaults.ts';
import type { JSONSchemaProps } from './schema-types.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        instances: { type: 'integer', default: 3 },
        storage: {
          type: 'object',
          default: {},
          properties: { size: { type: 'string', default: '1Gi' } },
        },
        backup: { type: 'object', properties: { retention: { type: 'string', default: '7d' } } },
        opt: { type: 'string', nullable: true, default: 'x' },
        req: { type: 'string', default: 'r' },
        list: {
          type: 'array',
          items: {
            type: 'object',
            default: { name: 'dflt' },
            properties: { port: { type: 'integer', default: 80 } },
          },
        },
        map: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            properties: { on: { type: 'boolean', default: true } },
          },
        },
      },
    },
  },
};

void describe('applyDefaults', () => {
  void it('defaults present parents only, recursing into defaulted values', () => {
    const obj = { spec: { opt: null, req: null } };
    applyDefaults(obj, schema);
    assert.deepEqual(obj, {
      spec: { instances: 3, storage: { size: '1Gi' }, opt: null, req: 'r' },
    });
  });

  void it('defaults inside array items and map values', () => {
    const obj = { spec: { list: [{}, null], map: { a: {} } } };
    applyDefaults(obj, schema);
    assert.deepEqual(obj.spec.list, [{ port: 80 }, { name: 'dflt', port: 80 }]);
    assert.deepEqual(obj.spec.map, { a: { on: true } });
  });

  void it('does not create missing parents', () => {
    const obj = {};
    applyDefaults(obj, schema);
    assert.deepEqual(obj, {});
  });
});
