import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pod, svc } from './fixtures.test-util.ts';
import { buildSubsets, planEndpoints, truncateSubsets } from './plan-endpoints.ts';
import type { EndpointSubset } from './types.ts';

const ref = (name: string): { kind: string; namespace: string; name: string; uid: string } => ({
  kind: 'Pod',
  namespace: 'ns',
  name,
  uid: `uid-${name}`,
});

test('ready pods go to addresses, unready to notReadyAddresses, sorted by IP', () => {
  const subsets = buildSubsets(svc(), [
    pod('b', '127.1.2.2'),
    pod('a', '127.1.10.2'),
    pod('c', '127.1.3.2', { ready: false, node: 'node-3' }),
  ]);
  assert.deepEqual(subsets, [
    {
      addresses: [
        { ip: '127.1.2.2', nodeName: 'node-1', targetRef: ref('b') },
        { ip: '127.1.10.2', nodeName: 'node-1', targetRef: ref('a') },
      ],
      notReadyAddresses: [{ ip: '127.1.3.2', nodeName: 'node-3', targetRef: ref('c') }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    },
  ]);
});

test('publishNotReadyAddresses publishes unready and terminating pods as ready', () => {
  const pods = [
    pod('a', '127.1.1.2', { ready: false }),
    pod('b', '127.1.1.3', { terminating: true }),
  ];
  const [s] = buildSubsets(svc({ publishNotReadyAddresses: true }), pods);
  assert.deepEqual(
    s?.addresses?.map((a) => a.ip),
    ['127.1.1.2', '127.1.1.3'],
  );
  assert.equal(s?.notReadyAddresses, undefined);
  const [t] = buildSubsets(svc(), pods);
  assert.deepEqual(
    t?.notReadyAddresses?.map((a) => a.ip),
    ['127.1.1.2'],
  );
  assert.equal(t?.addresses, undefined);
});

test('hostname, named target ports, missing ports and headless services without ports', () => {
  const s = svc({
    ports: [
      { name: 'h', port: 80, targetPort: 'web' },
      { name: 'x', port: 81, targetPort: 'nope' },
    ],
  });
  const [sub] = buildSubsets(s, [pod('a', '127.1.1.2', { hostname: 'a', subdomain: 'web' })]);
  assert.equal(sub?.addresses?.[0]?.hostname, 'a');
  assert.deepEqual(sub?.ports, [{ name: 'h', port: 8080, protocol: 'TCP' }]);
  const headless = buildSubsets(svc({ clusterIP: 'None', ports: [] }), [pod('a', '127.1.1.2')]);
  assert.deepEqual(headless, [
    { addresses: [{ ip: '127.1.1.2', nodeName: 'node-1', targetRef: ref('a') }], ports: [] },
  ]);
});

test('pods with different port resolutions land in different subsets', () => {
  const s = svc({ ports: [{ name: 'h', port: 80, targetPort: 'web' }] });
  const other = pod('b', '127.1.1.3');
  other.spec = {
    ...other.spec,
    containers: [{ name: 'c', ports: [{ name: 'web', containerPort: 9090 }] }],
  };
  const subsets = buildSubsets(s, [pod('a', '127.1.1.2'), other]);
  assert.equal(subsets.length, 2);
});

test('planEndpoints creates, then does nothing when unchanged, then updates', () => {
  const s = svc({}, 'web');
  s.metadata.labels = { team: 'db' };
  const pods = [pod('a', '127.1.1.2')];
  const first = planEndpoints(s, pods, undefined, Date.parse('2024-01-01T00:00:00Z'));
  assert.equal(first.action, 'create');
  assert.deepEqual(first.endpoints.metadata.labels, {
    team: 'db',
    'endpoints.kubernetes.io/managed-by': 'endpoint-controller',
  });
  assert.equal(
    first.endpoints.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'],
    '2024-01-01T00:00:00Z',
  );
  const stored = JSON.parse(JSON.stringify(first.endpoints)) as typeof first.endpoints;
  assert.equal(planEndpoints(s, pods, stored, 0).action, 'none');
  const next = planEndpoints(s, [...pods, pod('b', '127.1.1.3')], stored, 0);
  assert.equal(next.action, 'update');
  const headless = planEndpoints(svc({ clusterIP: 'None' }), pods, undefined, 0);
  assert.ok(
    headless.action === 'create' &&
      headless.endpoints.metadata.labels?.['service.kubernetes.io/headless'] === '',
  );
});

test('truncation keeps 1000 addresses, ready first', () => {
  const addrs = (n: number, base: number): { ip: string }[] =>
    Array.from({ length: n }, (_, i) => ({
      ip: `10.${String(base)}.${String(Math.floor(i / 256))}.${String(i % 256)}`,
    }));
  const subsets: EndpointSubset[] = [
    { addresses: addrs(900, 1), notReadyAddresses: addrs(300, 2) },
  ];
  assert.equal(truncateSubsets(subsets), true);
  assert.equal(subsets[0]?.addresses?.length, 900);
  assert.equal(subsets[0]?.notReadyAddresses?.length, 100);
});
