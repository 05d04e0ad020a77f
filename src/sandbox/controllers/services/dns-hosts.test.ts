import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderDnsHosts } from './dns-hosts.ts';
import { svc } from './fixtures.test-util.ts';
import type { EndpointSliceObject, SliceEndpoint } from './types.ts';

const ep = (ip: string, ready: boolean, hostname?: string): SliceEndpoint => ({
  addresses: [ip],
  conditions: { ready },
  ...(hostname ? { hostname } : {}),
});

const slice = (svcName: string, endpoints: SliceEndpoint[]): EndpointSliceObject => ({
  metadata: {
    name: `${svcName}-abcde`,
    namespace: 'ns',
    labels: { 'kubernetes.io/service-name': svcName },
  },
  addressType: 'IPv4',
  endpoints,
});

test('ClusterIP services and ready endpoints of headless services, sorted by name then IP', () => {
  const services = [
    svc({}, 'web'),
    svc({ clusterIP: 'None' }, 'pg'),
    svc({ type: 'ExternalName', clusterIP: '' }, 'ext'),
  ];
  const slices = [
    slice('pg', [
      ep('127.1.2.2', true, 'pg-1'),
      ep('127.1.1.2', true, 'pg-0'),
      ep('127.1.3.2', false, 'pg-2'),
    ]),
    slice('web', [ep('127.1.1.9', true)]),
  ];
  assert.equal(
    renderDnsHosts(services, slices, 'cluster.local'),
    [
      '127.1.1.2 pg-0.pg.ns.svc.cluster.local pg-0.pg.ns.svc pg-0.pg.ns',
      '127.1.2.2 pg-1.pg.ns.svc.cluster.local pg-1.pg.ns.svc pg-1.pg.ns',
      '127.1.1.2 pg.ns.svc.cluster.local pg.ns.svc pg.ns',
      '127.1.2.2 pg.ns.svc.cluster.local pg.ns.svc pg.ns',
      '127.96.0.20 web.ns.svc.cluster.local web.ns.svc web.ns',
      '',
    ].join('\n'),
  );
});

test('rendering does not depend on input order', () => {
  const services = [svc({ clusterIP: 'None' }, 'pg'), svc({}, 'web')];
  const slices = [slice('pg', [ep('127.1.2.2', true), ep('127.1.1.2', true)])];
  assert.equal(
    renderDnsHosts(services, slices, 'cluster.local'),
    renderDnsHosts(
      [...services].reverse(),
      [slice('pg', [ep('127.1.1.2', true), ep('127.1.2.2', true)])],
      'cluster.local',
    ),
  );
});
