import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planRootCa } from './root-ca-publisher.ts';
import { buildKubernetesEndpoints, buildKubernetesService } from './kubernetes-service.ts';

test('kube-root-ca.crt is created, left alone when right, and restored when edited', () => {
  const created = planRootCa('team', undefined, 'PEM');
  assert.equal(created?.metadata.name, 'kube-root-ca.crt');
  assert.deepEqual(created?.data, { 'ca.crt': 'PEM' });
  assert.match(
    created?.metadata.annotations?.['kubernetes.io/description'] ?? '',
    /^Contains a CA bundle/,
  );
  assert.equal(planRootCa('team', created, 'PEM'), undefined);
  assert.deepEqual(
    planRootCa(
      'team',
      {
        ...created,
        metadata: { name: 'kube-root-ca.crt' },
        data: { 'ca.crt': 'x' },
      },
      'PEM',
    )?.data,
    {
      'ca.crt': 'PEM',
    },
  );
});

test('the kubernetes Service and Endpoints point at the API server', () => {
  const svc = buildKubernetesService('127.96.0.1', { ip: '127.0.0.1', port: 6443 });
  assert.deepEqual(svc.spec?.ports, [
    { name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 },
  ]);
  assert.equal(svc.spec?.clusterIP, '127.96.0.1');
  assert.deepEqual(buildKubernetesEndpoints({ ip: '127.0.0.1', port: 6443 }).subsets, [
    { addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
  ]);
});
