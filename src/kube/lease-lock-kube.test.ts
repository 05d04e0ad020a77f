import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiException, V1MicroTime, type V1Lease } from '@kubernetes/client-node';
// The generated serializer is what client-node applies to request and response bodies.
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js';
import {
  KubeLeaseLock,
  leaseSpecFromRecord,
  recordFromLeaseSpec,
  type LeaseApi,
} from './lease-lock-kube.ts';
import { leaseLockContract, sampleRecord } from './lease-lock-contract.ts';

const MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** An in-memory Lease endpoint that sees exactly the JSON client-node would send and parses what it would receive. */
function fakeLeaseApi(): LeaseApi {
  let stored: Record<string, unknown> | null = null;
  let rv = 100;
  const wire = (body: V1Lease): Record<string, unknown> =>
    JSON.parse(JSON.stringify(ObjectSerializer.serialize(body, 'V1Lease', ''))) as Record<
      string,
      unknown
    >;
  const read = (): V1Lease =>
    ObjectSerializer.deserialize(structuredClone(stored), 'V1Lease', '') as V1Lease;
  const check = (obj: Record<string, unknown>): void => {
    const spec = obj.spec as Record<string, unknown>;
    for (const f of ['acquireTime', 'renewTime']) {
      const v = spec[f] as string | undefined;
      if (v !== undefined && !MICRO.test(v))
        throw new ApiException(400, `bad MicroTime ${v}`, '', {});
    }
  };
  const store = (obj: Record<string, unknown>): V1Lease => {
    check(obj);
    (obj.metadata as Record<string, unknown>).resourceVersion = String(++rv);
    stored = obj;
    return read();
  };
  return {
    readNamespacedLease: () =>
      stored ? Promise.resolve(read()) : Promise.reject(new ApiException(404, 'nf', '', {})),
    createNamespacedLease: ({ body }) => {
      if (stored) return Promise.reject(new ApiException(409, 'exists', '', {}));
      return Promise.resolve(store(wire(body)));
    },
    replaceNamespacedLease: ({ body }) => {
      const obj = wire(body);
      const cur = (stored?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
      if (!stored) return Promise.reject(new ApiException(404, 'nf', '', {}));
      if ((obj.metadata as { resourceVersion?: string }).resourceVersion !== cur)
        return Promise.reject(new ApiException(409, 'conflict', '', {}));
      return Promise.resolve(store(obj));
    },
  };
}

leaseLockContract('KubeLeaseLock (serializer-level fake)', () => {
  const api = fakeLeaseApi();
  return Promise.resolve([
    new KubeLeaseLock(api, 'ns', 'lease'),
    new KubeLeaseLock(api, 'ns', 'lease'),
  ]);
});

void test('client-node passes MicroTime strings through untouched and would send plain Dates with milliseconds only', () => {
  const spec = leaseSpecFromRecord(sampleRecord('a'));
  const sent = JSON.parse(JSON.stringify(ObjectSerializer.serialize({ spec }, 'V1Lease', '')));
  assert.equal(sent.spec.renewTime, '2024-01-02T03:04:07.654321Z');
  const viaDate = JSON.parse(
    JSON.stringify(ObjectSerializer.serialize({ spec: { renewTime: new Date(0) } }, 'V1Lease', '')),
  );
  assert.doesNotMatch(viaDate.spec.renewTime, MICRO);
});

void test('recordFromLeaseSpec accepts V1MicroTime objects and fills zero values', () => {
  assert.deepEqual(recordFromLeaseSpec(undefined), {
    holderIdentity: '',
    leaseDurationSeconds: 0,
    acquireTime: '',
    renewTime: '',
    leaseTransitions: 0,
  });
  const r = recordFromLeaseSpec({ renewTime: new V1MicroTime(Date.UTC(2024, 0, 1)) });
  assert.equal(r.renewTime, '2024-01-01T00:00:00.000000Z');
});

void test('non-HTTP-409 failures are wrapped with context', async () => {
  const api = fakeLeaseApi();
  api.readNamespacedLease = () => Promise.reject(new ApiException(500, 'boom', '', {}));
  const lock = new KubeLeaseLock(api, 'ns', 'l');
  await assert.rejects(lock.get(), /while reading lease ns\/l/);
});
