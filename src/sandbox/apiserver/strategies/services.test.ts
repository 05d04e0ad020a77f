import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors.ts';
import type { KubeObject } from '../types.ts';
import { errorText, fakeContext } from './fake-context.ts';
import { serviceStrategy as s } from './services.ts';

function svc(spec: Record<string, unknown>): KubeObject {
  return { metadata: { name: 'pg', namespace: 'db' }, spec };
}

function create(obj: KubeObject, ctx = fakeContext()): KubeObject {
  s.applyDefaults?.(obj, ctx);
  s.prepareForCreate?.(obj, ctx);
  return obj;
}

void test('ClusterIP service: defaults and allocation', () => {
  const obj = create(svc({ selector: { app: 'pg' }, ports: [{ port: 5432 }] }));
  assert.deepEqual(obj.spec, {
    selector: { app: 'pg' },
    ports: [{ port: 5432, protocol: 'TCP', targetPort: 5432 }],
    type: 'ClusterIP',
    sessionAffinity: 'None',
    internalTrafficPolicy: 'Cluster',
    clusterIP: '10.96.0.1',
    clusterIPs: ['10.96.0.1'],
    ipFamilyPolicy: 'SingleStack',
    ipFamilies: ['IPv4'],
  });
  assert.deepEqual(obj.status, { loadBalancer: {} });
});

void test('headless service keeps None and needs no ports', () => {
  const obj = create(svc({ clusterIP: 'None', selector: { app: 'pg' } }));
  const spec = obj.spec as Record<string, unknown>;
  assert.deepEqual(spec.clusterIPs, ['None']);
  assert.equal(spec.ipFamilyPolicy, 'SingleStack');
  assert.equal(errorText(s.validateCreate?.(obj, fakeContext())), '');
  const noSelector = create(svc({ clusterIP: 'None' }));
  assert.equal((noSelector.spec as Record<string, unknown>).ipFamilyPolicy, 'RequireDualStack');
});

void test('a requested IP that is taken is refused with upstream text', () => {
  const ctx = fakeContext([], ['10.96.0.10']);
  assert.throws(
    () => create(svc({ clusterIP: '10.96.0.10', ports: [{ port: 53 }] }), ctx),
    (e: unknown) =>
      e instanceof ApiError &&
      e.code === 422 &&
      e.message ===
        'Service "pg" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
  );
  const free = create(svc({ clusterIP: '10.96.0.11', ports: [{ port: 53 }] }), ctx);
  assert.deepEqual((free.spec as Record<string, unknown>).clusterIPs, ['10.96.0.11']);
});

void test('validation: ports required, names required when several and unique', () => {
  const v = (spec: Record<string, unknown>): string => {
    const obj = svc(spec);
    s.applyDefaults?.(obj, fakeContext());
    return errorText(s.validateCreate?.(obj, fakeContext()));
  };
  assert.equal(v({}), 'spec.ports: Required value');
  assert.equal(
    v({ ports: [{ port: 1 }, { port: 2 }] }),
    '[spec.ports[0].name: Required value, spec.ports[1].name: Required value]',
  );
  assert.equal(
    v({
      ports: [
        { name: 'a', port: 1 },
        { name: 'a', port: 2 },
      ],
    }),
    'spec.ports[1].name: Duplicate value: "a"',
  );
  assert.equal(
    v({ ports: [{ port: 70000 }] }),
    '[spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive]',
  );
});

void test('update: allocated IPs are kept when omitted and may not change', () => {
  const old = create(svc({ selector: { app: 'pg' }, ports: [{ port: 5432 }] }));
  const next = svc({ selector: { app: 'pg' }, ports: [{ port: 5432 }] });
  s.applyDefaults?.(next, fakeContext());
  s.prepareForUpdate?.(next, old, fakeContext());
  assert.equal((next.spec as Record<string, unknown>).clusterIP, '10.96.0.1');
  assert.equal(errorText(s.validateUpdate?.(next, old, fakeContext())), '');

  const headless = svc({ ...(structuredClone(old.spec) as object), clusterIP: 'None' });
  s.applyDefaults?.(headless, fakeContext());
  s.prepareForUpdate?.(headless, old, fakeContext());
  assert.equal(
    errorText(s.validateUpdate?.(headless, old, fakeContext())),
    'spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set',
  );
});
