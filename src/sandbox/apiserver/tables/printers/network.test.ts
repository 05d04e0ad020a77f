import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../types.ts';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './network.ts';

const NOW = new Date('2024-06-01T12:00:00Z');
const meta = { name: 'pg', namespace: 'db', creationTimestamp: '2024-06-01T11:57:00Z' };
const svc = (spec: object, status: object = {}): KubeObject => ({ metadata: meta, spec, status });

void test('service columns', () => {
  assert.deepEqual(
    servicePrinter.columns.map((c) => [c.name, c.priority]),
    [
      ['Name', 0],
      ['Type', 0],
      ['Cluster-IP', 0],
      ['External-IP', 0],
      ['Port(s)', 0],
      ['Age', 0],
      ['Selector', 1],
    ],
  );
});

void test('ClusterIP, headless, NodePort, LoadBalancer and ExternalName services', () => {
  const ports = [{ port: 5432, protocol: 'TCP' }];
  const clusterIP = svc({
    type: 'ClusterIP',
    clusterIP: '10.96.0.10',
    clusterIPs: ['10.96.0.10'],
    ports,
    selector: { role: 'primary', app: 'pg' },
  });
  assert.deepEqual(servicePrinter.cells(clusterIP, NOW), [
    'pg',
    'ClusterIP',
    '10.96.0.10',
    '<none>',
    '5432/TCP',
    '3m',
    'app=pg,role=primary',
  ]);
  const headless = svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] });
  assert.deepEqual(servicePrinter.cells(headless, NOW).slice(1, 5), [
    'ClusterIP',
    'None',
    '<none>',
    '<none>',
  ]);
  const nodePort = svc({
    type: 'NodePort',
    clusterIP: '10.96.0.11',
    ports: [
      { port: 80, nodePort: 30080, protocol: 'TCP' },
      { port: 53, protocol: 'UDP' },
    ],
  });
  assert.deepEqual(servicePrinter.cells(nodePort, NOW).slice(1, 5), [
    'NodePort',
    '10.96.0.11',
    '<none>',
    '80:30080/TCP,53/UDP',
  ]);
  const pending = svc({ type: 'LoadBalancer', clusterIP: '10.96.0.12', ports });
  assert.equal(servicePrinter.cells(pending, NOW)[3], '<pending>');
  const lb = svc(
    { type: 'LoadBalancer', clusterIP: '10.96.0.12', externalIPs: ['192.0.2.9'], ports },
    {
      loadBalancer: {
        ingress: [{ ip: '203.0.113.7' }, { hostname: 'a-very-long-hostname.example.com' }],
      },
    },
  );
  assert.equal(
    servicePrinter.cells(lb, NOW)[3],
    '203.0.113.7,a-very-long-hostname.example.com,192.0.2.9',
  );
  const ext = svc({ type: 'ExternalName', externalName: 'db.example.com' });
  assert.deepEqual(servicePrinter.cells(ext, NOW).slice(1, 5), [
    'ExternalName',
    '<none>',
    'db.example.com',
    '<none>',
  ]);
});

void test('endpoints: up to three host:port entries, then "+ N more..."', () => {
  const ep = (subsets: unknown): KubeObject => ({ metadata: meta, subsets });
  assert.deepEqual(endpointsPrinter.cells(ep(undefined), NOW), ['pg', '<none>', '3m']);
  const two = ep([{ addresses: [{ ip: '10.0.0.1' }, { ip: 'fd00::2' }], ports: [{ port: 5432 }] }]);
  assert.equal(endpointsPrinter.cells(two, NOW)[1], '10.0.0.1:5432,[fd00::2]:5432');
  const many = ep([
    {
      addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
      ports: [{ port: 5432 }, { port: 8008 }],
    },
    { addresses: [{ ip: '10.0.0.3' }] },
  ]);
  assert.equal(
    endpointsPrinter.cells(many, NOW)[1],
    '10.0.0.1:5432,10.0.0.2:5432,10.0.0.1:8008 + 2 more...',
  );
  assert.equal(
    endpointsPrinter.cells(ep([{ notReadyAddresses: [{ ip: '10.0.0.9' }] }]), NOW)[1],
    '',
  );
});

void test('endpointslice: ADDRESSTYPE PORTS ENDPOINTS AGE', () => {
  const es: KubeObject = {
    metadata: { ...meta, name: 'pg-abcde' },
    addressType: 'IPv4',
    ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }],
    endpoints: [
      { addresses: ['10.0.0.1'] },
      { addresses: ['10.0.0.2'] },
      { addresses: ['10.0.0.3'] },
      { addresses: ['10.0.0.4'] },
    ],
  };
  assert.deepEqual(endpointSlicePrinter.cells(es, NOW), [
    'pg-abcde',
    'IPv4',
    '5432',
    '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...',
    '3m',
  ]);
  const empty: KubeObject = { metadata: meta, addressType: 'IPv4', ports: [{ name: 'x' }, {}] };
  assert.deepEqual(endpointSlicePrinter.cells(empty, NOW).slice(1, 4), ['IPv4', 'x,*', '<unset>']);
});
