import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pruneCustomResource } from './prune.ts';
import type { JSONSchemaProps } from './schema-types.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        a: { type: 'string' },
        list: { type: 'array', items: { type: 'object', properties: { n: { type: 'string' } } } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        pod: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      },
    },
  },
};

void describe('pruneCustomResource', () => {
  void it('drops unknown fields and reports their paths', () => {
    const obj = {
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'n', bogus: 1 },
      spec: {
        a: 'ok',
        foo: 1,
        list: [{ n: 'x', extra: true }],
        free: { anything: { goes: 1 } },
        labels: { k: 'v' },
        pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { c: 1 }, junk: 2 },
      },
      status: {},
    };
    const pruned = pruneCustomResource(obj, schema);
    assert.deepEqual(pruned, [
      'metadata.bogus',
      'spec.foo',
      'spec.list[0].extra',
      'spec.pod.junk',
      'status',
    ]);
    assert.deepEqual(obj, {
      apiVersion: 'x/v1',
      kind: 'X',
      metadata: { name: 'n' },
      spec: {
        a: 'ok',
        list: [{ n: 'x' }],
        free: { anything: { goes: 1 } },
        labels: { k: 'v' },
        pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { c: 1 } },
      },
    });
  });

  void it('keeps everything under a preserving root', () => {
    const obj = { apiVersion: 'x/v1', kind: 'X', metadata: {}, spec: { z: 1 } };
    assert.deepEqual(
      pruneCustomResource(obj, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
      [],
    );
    assert.deepEqual(obj.spec, { z: 1 });
  });
});
