import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EndpointSliceObject, SliceEndpoint } from '../controllers/services/types.ts';
import { chooseBackend, newPickState, serviceBackends } from './backends.ts';
import { planListeners } from './listeners.ts';

const ep = (ip: string, c: SliceEndpoint['conditions']): SliceEndpoint => ({
  addresses: [ip],
  conditions: c,
});
const slice = (endpoints: SliceEndpoint[]): EndpointSliceObject => ({
  metadata: { name: 's' },
  addressType: 'IPv4',
  ports: [
    { name: 'http', port: 8080, protocol: 'TCP' },
    { name: 'metrics', port: 9090, protocol: 'TCP' },
  ],
  endpoints,
});

test('only ready endpoints of the named port; serving+terminating ones when none is ready', () => {
  const s = slice([
    ep('127.1.1.2', { ready: true }),
    ep('127.1.1.3', { ready: false, serving: true, terminating: true }),
  ]);
  assert.deepEqual(serviceBackends([s], 'http'), [{ ip: '127.1.1.2', port: 8080 }]);
  assert.deepEqual(serviceBackends([s], 'metrics'), [{ ip: '127.1.1.2', port: 9090 }]);
  assert.deepEqual(serviceBackends([s], 'nope'), []);
  const t = slice([
    ep('127.1.1.3', { ready: false, serving: true, terminating: true }),
    ep('127.1.1.4', { ready: false }),
  ]);
  assert.deepEqual(serviceBackends([t], 'http'), [{ ip: '127.1.1.3', port: 8080 }]);
});

test('round-robin, refusal without backends, and ClientIP affinity with expiry', () => {
  const bs = [
    { ip: 'a', port: 1 },
    { ip: 'b', port: 1 },
  ];
  const st = newPickState();
  const none = { kind: 'None' } as const;
  assert.deepEqual(
    [0, 1, 2].map(() => chooseBackend(bs, st, none, 'c', 0)?.ip),
    ['a', 'b', 'a'],
  );
  assert.equal(chooseBackend([], st, none, 'c', 0), undefined);
  const sticky = { kind: 'ClientIP', timeoutMs: 1000 } as const;
  const s2 = newPickState();
  const first = chooseBackend(bs, s2, sticky, 'c1', 0)?.ip;
  assert.equal(chooseBackend(bs, s2, sticky, 'c1', 500)?.ip, first);
  assert.equal(chooseBackend(bs, s2, sticky, 'c1', 900)?.ip, first);
  assert.notEqual(chooseBackend(bs, s2, sticky, 'c2', 900)?.ip, first);
});

test('listeners for TCP ports of ClusterIP services only', () => {
  const base = { apiVersion: 'v1', kind: 'Service' };
  const l = planListeners([
    {
      ...base,
      metadata: { name: 'a', namespace: 'n' },
      spec: {
        clusterIP: '127.96.0.10',
        ports: [
          { name: 'h', port: 80 },
          { port: 53, protocol: 'UDP' },
        ],
      },
    },
    {
      ...base,
      metadata: { name: 'b', namespace: 'n' },
      spec: { clusterIP: 'None', ports: [{ port: 5432 }] },
    },
  ]);
  assert.deepEqual([...l.keys()], ['127.96.0.10:80']);
  assert.equal(l.get('127.96.0.10:80')?.portName, 'h');
});
