import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodes, pod, svc } from './fixtures.test-util.ts';
import { planSlices, type SlicePlan } from './plan-slices.ts';
import { desiredSlices } from './slice-endpoints.ts';
import type { EndpointSliceObject, PodObject, ServiceObject } from './types.ts';

/** Applies a plan like the API server would (names for generateName), returning the new set. */
function apply(existing: EndpointSliceObject[], plan: SlicePlan): EndpointSliceObject[] {
  let n = 0;
  const gone = new Set(plan.delete.map((s) => s.metadata.name));
  const updated = new Map(plan.update.map((s) => [s.metadata.name, s]));
  const kept = existing
    .filter((s) => !gone.has(s.metadata.name))
    .map((s) => updated.get(s.metadata.name) ?? s);
  const created = plan.create.map((s) => ({
    ...s,
    metadata: { ...s.metadata, name: `${s.metadata.generateName ?? ''}x${String(n++)}` },
  }));
  return JSON.parse(JSON.stringify([...kept, ...created])) as EndpointSliceObject[];
}

const run = (
  s: ServiceObject,
  pods: PodObject[],
  existing: EndpointSliceObject[] = [],
): SlicePlan => planSlices(s, desiredSlices(s, pods, nodes()), existing, 0);

test('a new Service gets one slice with upstream labels, owner and endpoint conditions', () => {
  const s = svc();
  const plan = run(s, [
    pod('a', '127.1.1.2'),
    pod('b', '127.1.2.2', { ready: false, node: 'node-2' }),
  ]);
  assert.equal(plan.create.length, 1);
  const slice = plan.create[0] as EndpointSliceObject;
  assert.equal(slice.metadata.generateName, 'web-');
  assert.deepEqual(slice.metadata.labels, {
    'kubernetes.io/service-name': 'web',
    'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
  });
  assert.deepEqual(slice.metadata.ownerReferences, [
    {
      apiVersion: 'v1',
      kind: 'Service',
      name: 'web',
      uid: 'uid-web',
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  assert.equal(slice.addressType, 'IPv4');
  assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  assert.deepEqual(slice.endpoints?.[1], {
    addresses: ['127.1.2.2'],
    conditions: { ready: false, serving: false, terminating: false },
    nodeName: 'node-2',
    zone: 'zone-b',
    targetRef: { kind: 'Pod', namespace: 'ns', name: 'b', uid: 'uid-b' },
  });
});

test('terminating pods stay with ready=false, serving as before; publishNotReadyAddresses makes them ready', () => {
  const pods = [pod('a', '127.1.1.2', { terminating: true })];
  const ep = run(svc(), pods).create[0]?.endpoints?.[0];
  assert.deepEqual(ep?.conditions, { ready: false, serving: true, terminating: true });
  const ep2 = run(svc({ publishNotReadyAddresses: true }), [
    pod('b', '127.1.1.3', { ready: false }),
  ]).create[0]?.endpoints?.[0];
  assert.deepEqual(ep2?.conditions, { ready: true, serving: false, terminating: false });
});

test('reconciling again changes nothing; a changed pod updates its slice in place', () => {
  const s = svc();
  const pods = [pod('a', '127.1.1.2'), pod('b', '127.1.1.3')];
  const slices = apply([], run(s, pods));
  assert.deepEqual(run(s, pods, slices), { create: [], update: [], delete: [] });
  const plan = run(s, [pod('a', '127.1.1.2'), pod('b', '127.1.1.3', { ready: false })], slices);
  assert.equal(plan.update.length, 1);
  assert.equal(plan.update[0]?.metadata.name, slices[0]?.metadata.name);
  assert.equal(plan.update[0]?.endpoints?.[1]?.conditions.ready, false);
});

test('no endpoints: one placeholder slice, kept across reconciles and reused when pods come', () => {
  const s = svc();
  const slices = apply([], run(s, []));
  assert.equal(slices.length, 1);
  assert.deepEqual(slices[0]?.endpoints, []);
  assert.deepEqual(slices[0]?.ports, []);
  assert.deepEqual(run(s, [], slices), { create: [], update: [], delete: [] });
  const plan = run(s, [pod('a', '127.1.1.2')], slices);
  assert.equal(plan.create.length + plan.delete.length, 0);
  assert.equal(plan.update[0]?.metadata.name, slices[0]?.metadata.name);
});

test('at most 100 endpoints per slice; pods on unknown nodes are skipped', () => {
  const pods = Array.from({ length: 150 }, (_, i) =>
    pod(`p${String(i)}`, `127.1.1.${String(i + 2)}`),
  );
  const plan = run(svc(), pods);
  assert.deepEqual(
    plan.create.map((x) => x.endpoints?.length),
    [100, 50],
  );
  const d = desiredSlices(svc(), [pod('a', '127.1.1.2', { node: 'node-9' })], nodes());
  assert.equal(d.missingNode, true);
  assert.equal(d.groups.size, 0);
});

test('slices not owned by the Service are deleted (recycled into updates when a slice is needed)', () => {
  const s = svc();
  const slices = apply([], run(s, [pod('a', '127.1.1.2')]));
  const foreign = {
    ...slices[0],
    metadata: { ...slices[0]?.metadata, ownerReferences: [] },
  } as EndpointSliceObject;
  const plan = run(s, [pod('a', '127.1.1.2')], [foreign]);
  assert.equal(plan.delete.length, 1);
  assert.equal(plan.create.length, 1);
});
