// Conformance: discovery documents, Table output and /openapi/v3 as kubectl reads them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, type Target } from './target.ts';

const TABLE = {
  Accept:
    'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
};

describe('discovery, tables and openapi', () => {
  let t: Target;
  before(async () => {
    t = await openTarget('disc');
  });
  after(() => t.close());

  it('lists the core version and the groups', async () => {
    const api = await t.client.request('GET', '/api');
    assert.equal(api.json.kind, 'APIVersions');
    assert.deepEqual(api.json.versions, ['v1']);
    const apis = await t.client.request('GET', '/apis');
    const names = apis.json.groups.map((g: { name: string }) => g.name);
    for (const g of [
      'apps',
      'batch',
      'coordination.k8s.io',
      'storage.k8s.io',
      'policy',
      'rbac.authorization.k8s.io',
      'discovery.k8s.io',
      'apiextensions.k8s.io',
    ]) {
      assert.ok(names.includes(g), `missing group ${g}`);
    }
  });

  it('describes resources with short names, categories and subresources', async () => {
    const core = await t.client.request('GET', '/api/v1');
    const pods = core.json.resources.find((r: { name: string }) => r.name === 'pods');
    assert.deepEqual(pods.shortNames, ['po']);
    assert.deepEqual(pods.categories, ['all']);
    assert.equal(pods.kind, 'Pod');
    assert.equal(pods.namespaced, true);
    const evict = core.json.resources.find((r: { name: string }) => r.name === 'pods/eviction');
    assert.deepEqual([evict.group, evict.version, evict.kind], ['policy', 'v1', 'Eviction']);
    const apps = await t.client.request('GET', '/apis/apps/v1');
    const scale = apps.json.resources.find(
      (r: { name: string }) => r.name === 'statefulsets/scale',
    );
    assert.deepEqual([scale.group, scale.version, scale.kind], ['autoscaling', 'v1', 'Scale']);
    const sts = apps.json.resources.find((r: { name: string }) => r.name === 'statefulsets');
    assert.deepEqual(sts.shortNames, ['sts']);
    for (const [path, name, short] of [
      ['/api/v1', 'persistentvolumeclaims', 'pvc'],
      ['/api/v1', 'persistentvolumes', 'pv'],
      ['/api/v1', 'configmaps', 'cm'],
      ['/api/v1', 'namespaces', 'ns'],
      ['/api/v1', 'services', 'svc'],
      ['/api/v1', 'events', 'ev'],
    ] as const) {
      const doc = await t.client.request('GET', path);
      const r = doc.json.resources.find((x: { name: string }) => x.name === name);
      assert.ok(r.shortNames.includes(short), `${name} lacks ${short}`);
    }
  });

  it('answers kubectl get with a Table carrying upstream columns and row metadata', async () => {
    await t.client.request('POST', `/api/v1/namespaces/${t.namespace}/pods`, {
      metadata: { name: 'p', labels: { a: 'b' } },
      spec: { containers: [{ name: 'c', image: 'x:1' }] },
    });
    const r = await t.client.request(
      'GET',
      `/api/v1/namespaces/${t.namespace}/pods`,
      undefined,
      TABLE,
    );
    assert.equal(r.json.kind, 'Table');
    assert.equal(r.json.apiVersion, 'meta.k8s.io/v1');
    const cols = r.json.columnDefinitions.map(
      (c: { name: string; priority: number }) => `${c.name}/${c.priority}`,
    );
    assert.deepEqual(cols, [
      'Name/0',
      'Ready/0',
      'Status/0',
      'Restarts/0',
      'Age/0',
      'IP/1',
      'Node/1',
      'Nominated Node/1',
      'Readiness Gates/1',
    ]);
    assert.deepEqual(r.json.rows[0].cells.slice(0, 4), ['p', '0/1', 'Pending', '0']);
    assert.equal(r.json.rows[0].object.kind, 'PartialObjectMetadata');
    assert.deepEqual(r.json.rows[0].object.metadata.labels, { a: 'b' });
  });

  it('publishes /openapi/v3 with PATCH operations that accept fieldValidation', async () => {
    const index = await t.client.request('GET', '/openapi/v3');
    const entry = index.json.paths['apis/apps/v1'];
    assert.match(entry.serverRelativeURL, /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const doc = await t.client.request('GET', entry.serverRelativeURL as string);
    const path = doc.json.paths['/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}'];
    assert.ok(path.patch, 'no PATCH operation');
    assert.deepEqual(path.patch['x-kubernetes-group-version-kind'], {
      group: 'apps',
      version: 'v1',
      kind: 'StatefulSet',
    });
    const params = [...(path.parameters ?? []), ...(path.patch.parameters ?? [])].map(
      (p: { name?: string; $ref?: string }) => p.name ?? p.$ref,
    );
    assert.ok(
      params.some((p) => (p ?? '').includes('fieldValidation')),
      'no fieldValidation parameter',
    );
  });

  it('refuses namespaced writes into a namespace that does not exist', async () => {
    const r = await t.client.request('POST', '/api/v1/namespaces/does-not-exist/configmaps', {
      metadata: { name: 'x' },
    });
    assert.equal(r.status, 404);
    assert.equal(r.json.message, 'namespaces "does-not-exist" not found');
  });
});
