import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ApiError } from '../errors.ts';
import { decodeKubernetesProtobuf, PROTOBUF_MAGIC } from './envelope.ts';
import { knownKinds, SCHEMA } from './kinds.ts';
import { WELL_KNOWN_TYPES } from './well-known.ts';

interface Fixture {
  command: string;
  body: string;
  expected: Record<string, unknown>;
}

const dir = join(import.meta.dirname, 'fixtures');

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const fixture = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Fixture;
  test(`decodes the body of \`${fixture.command}\``, () => {
    const decoded = decodeKubernetesProtobuf(Buffer.from(fixture.body, 'base64'));
    assert.deepEqual(decoded.object, fixture.expected);
    assert.equal(decoded.kind, fixture.expected.kind);
  });
}

// A tiny encoder, enough to craft bodies kubectl does not send as protobuf.
const varint = (n: number): Buffer => {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
};
const num = (field: number, n: number): Buffer => Buffer.concat([varint(field << 3), varint(n)]);
const len = (field: number, ...parts: (Buffer | string)[]): Buffer => {
  const value = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
  return Buffer.concat([varint((field << 3) | 2), varint(value.length), value]);
};
const body = (apiVersion: string, kind: string, raw: Buffer): Buffer =>
  Buffer.concat([
    PROTOBUF_MAGIC,
    len(1, len(1, apiVersion), len(2, kind)),
    len(2, raw),
    len(3),
    len(4),
  ]);

test('decodes an Eviction with DeleteOptions, keeping a zero grace period', () => {
  const raw = Buffer.concat([
    len(1, len(1, 'p1'), len(3, 'default'), len(8)),
    len(2, num(1, 0), len(2, len(1, 'uid-1')), len(4, 'Foreground'), len(5, 'All')),
  ]);
  const decoded = decodeKubernetesProtobuf(body('policy/v1', 'Eviction', raw));
  assert.deepEqual(decoded.object, {
    kind: 'Eviction',
    apiVersion: 'policy/v1',
    metadata: { name: 'p1', namespace: 'default', creationTimestamp: null },
    deleteOptions: {
      gracePeriodSeconds: 0,
      preconditions: { uid: 'uid-1' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    },
  });
});

test('decodes Time as RFC 3339 seconds and MicroTime with microseconds', () => {
  const stamp = Buffer.concat([num(1, 1_700_000_000), num(2, 123_456_789)]);
  const raw = Buffer.concat([
    len(1, len(1, 'l'), len(8, stamp)),
    len(2, len(1, 'me'), num(2, 15), len(4, stamp), num(5, 0)),
  ]);
  const decoded = decodeKubernetesProtobuf(body('coordination.k8s.io/v1', 'Lease', raw));
  assert.deepEqual(decoded.object, {
    kind: 'Lease',
    apiVersion: 'coordination.k8s.io/v1',
    metadata: { name: 'l', creationTimestamp: '2023-11-14T22:13:20Z' },
    spec: {
      holderIdentity: 'me',
      leaseDurationSeconds: 15,
      renewTime: '2023-11-14T22:13:20.123456Z',
      leaseTransitions: 0,
    },
  });
});

test('inlines embedded structs and decodes IntOrString, Quantity and empty messages', () => {
  const probe = Buffer.concat([
    len(1, len(2, len(1, '/healthz'), len(2, num(1, 1), len(3, 'http')))),
    num(4, 5),
  ]);
  const container = Buffer.concat([
    len(1, 'c'),
    len(8, len(1, len(1, 'cpu'), len(2, len(1, '500m')))),
    len(10, probe),
    len(19, len(2, len(1, len(1, 'cm')))),
  ]);
  const spec = Buffer.concat([len(1, len(1, 'data'), len(2, len(2))), len(2, container)]);
  const decoded = decodeKubernetesProtobuf(body('v1', 'Pod', len(2, spec)));
  assert.deepEqual(decoded.object, {
    kind: 'Pod',
    apiVersion: 'v1',
    spec: {
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [
        {
          name: 'c',
          resources: { limits: { cpu: '500m' } },
          livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
          envFrom: [{ configMapRef: { name: 'cm' } }],
        },
      ],
    },
  });
});

test('answers 415 for a kind it does not know, as upstream does for custom resources', () => {
  const err = (() => {
    try {
      decodeKubernetesProtobuf(body('example.com/v1', 'Widget', Buffer.alloc(0)));
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof ApiError);
  assert.equal(err.code, 415);
  assert.equal(
    err.status.message,
    'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
  );
});

test('answers 400 for a body without the magic prefix or with broken framing', () => {
  assert.throws(
    () => decodeKubernetesProtobuf(Buffer.from('{}')),
    (e: unknown) => e instanceof ApiError && e.code === 400,
  );
  const broken = Buffer.concat([PROTOBUF_MAGIC, Buffer.from([0x12, 0x09, 0x00])]);
  assert.throws(
    () => decodeKubernetesProtobuf(broken),
    (e: unknown) => e instanceof ApiError && e.code === 400,
  );
});

test('every known kind and every referenced message has a field table', () => {
  for (const { kind } of knownKinds()) assert.ok(SCHEMA.has(kind), kind);
  for (const [message, fields] of SCHEMA) {
    for (const spec of fields.values()) {
      if (spec.kind !== 'message' && spec.kind !== 'map') continue;
      const type = spec.type ?? '';
      const ok = SCHEMA.has(type) || WELL_KNOWN_TYPES.includes(type) || spec.kind === 'map';
      assert.ok(ok, `${message}.${spec.name} refers to unknown ${type}`);
      if (spec.kind === 'map' && !['string', 'bytes'].includes(type)) {
        assert.ok(SCHEMA.has(type) || WELL_KNOWN_TYPES.includes(type), `${message}.${spec.name}`);
      }
    }
  }
});
