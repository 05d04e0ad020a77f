import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildInstanceContainer, buildResources } from './container.ts';
import { sampleCluster } from './sample-cluster.ts';

test('probes hit the agent status port: startup and liveness /healthz, readiness /readyz', () => {
  const c = buildInstanceContainer(sampleCluster());
  const status = c.ports?.find((p) => p.name === 'status');
  assert.equal(status?.containerPort, 8008);
  for (const [probe, path] of [
    [c.startupProbe, '/healthz'],
    [c.livenessProbe, '/healthz'],
    [c.readinessProbe, '/readyz'],
  ] as const) {
    assert.deepEqual(probe?.httpGet, { path, port: 'status', scheme: 'HTTP' });
  }
  assert.equal(c.readinessProbe?.periodSeconds, 2);
  const startup = c.startupProbe!;
  assert.ok(startup.periodSeconds! * startup.failureThreshold! >= 300, 'generous start-up');
});

test('the agent identity comes from the downward API', () => {
  const env = buildInstanceContainer(sampleCluster()).env ?? [];
  const field = (n: string) => env.find((e) => e.name === n)?.valueFrom?.fieldRef?.fieldPath;
  assert.equal(field('POD_NAME'), 'metadata.name');
  assert.equal(field('POD_NAMESPACE'), 'metadata.namespace');
  assert.equal(field('POD_IP'), 'status.podIP');
  const value = (n: string) => env.find((e) => e.name === n)?.value;
  assert.equal(value('CLUSTER_NAME'), 'pg');
  assert.equal(value('PGDATA'), '/data/pgdata');
  assert.equal(value('STEWARD_RUN_DIR'), '/run/steward');
});

test('resources: copied from the spec, numbers as quantity strings, empty when unset', () => {
  assert.deepEqual(buildResources(sampleCluster()), {});
  const c = sampleCluster({ resources: { requests: { cpu: 1 }, limits: { memory: '1Gi' } } });
  assert.deepEqual(buildResources(c), { requests: { cpu: '1' }, limits: { memory: '1Gi' } });
});

test('image: spec.image wins over the version default', () => {
  assert.equal(buildInstanceContainer(sampleCluster()).image, 'steward/instance:15');
  assert.equal(buildInstanceContainer(sampleCluster({ image: 'x/y:1' })).image, 'x/y:1');
});
