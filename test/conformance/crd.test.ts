// Conformance: CustomResourceDefinitions register served resources with validation, defaults,
// pruning, status and scale subresources, printer columns, short names and categories.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, type Target } from './target.ts';

const GROUP = 'conformance.steward.dev';

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: {
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      shortNames: ['wdg'],
      categories: ['all'],
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: {
          status: {},
          scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
        },
        additionalPrinterColumns: [
          { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
          { name: 'Mode', type: 'string', jsonPath: '.spec.mode', priority: 1 },
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1 },
                  replicas: { type: 'integer', default: 1 },
                  mode: { type: 'string', enum: ['fast', 'safe'], default: 'safe' },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                },
              },
              status: {
                type: 'object',
                properties: { replicas: { type: 'integer' }, phase: { type: 'string' } },
              },
            },
          },
        },
      },
    ],
  },
};

describe('custom resources', () => {
  let t: Target;
  let base: string;
  before(async () => {
    t = await openTarget('crd');
    const r = await t.client.request(
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      crd,
    );
    assert.equal(r.status, 201, r.text);
    base = `/apis/${GROUP}/v1/namespaces/${t.namespace}/widgets`;
    for (let i = 0; i < 100; i++) {
      const got = await t.client.request(
        'GET',
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${GROUP}`,
      );
      const est = (got.json.status?.conditions ?? []).find(
        (c: { type: string }) => c.type === 'Established',
      );
      if (est?.status === 'True' && (await t.client.request('GET', base)).status === 200) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    assert.fail('CRD not established');
  });
  after(async () => {
    await t.client.request(
      'DELETE',
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${GROUP}`,
    );
    await t.close();
  });

  it('reports NamesAccepted and Established conditions', async () => {
    const got = await t.client.request(
      'GET',
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${GROUP}`,
    );
    const types = got.json.status.conditions.map(
      (c: { type: string; status: string }) => `${c.type}=${c.status}`,
    );
    assert.ok(
      types.includes('NamesAccepted=True') && types.includes('Established=True'),
      types.join(','),
    );
    assert.deepEqual(got.json.status.acceptedNames.shortNames, ['wdg']);
  });

  it('appears in discovery with its short names and categories', async () => {
    const r = await t.client.request('GET', `/apis/${GROUP}/v1`);
    const w = r.json.resources.find((x: { name: string }) => x.name === 'widgets');
    assert.deepEqual(w.shortNames, ['wdg']);
    assert.deepEqual(w.categories, ['all']);
    assert.ok(r.json.resources.some((x: { name: string }) => x.name === 'widgets/status'));
    assert.ok(r.json.resources.some((x: { name: string }) => x.name === 'widgets/scale'));
  });

  it('applies defaults, prunes unknown fields, keeps preserved ones', async () => {
    const r = await t.client.request('POST', base, {
      apiVersion: `${GROUP}/v1`,
      kind: 'Widget',
      metadata: { name: 'w1' },
      spec: { size: 3, bogus: true, extra: { anything: 1 } },
    });
    assert.equal(r.status, 201, r.text);
    assert.deepEqual(r.json.spec, { size: 3, replicas: 1, mode: 'safe', extra: { anything: 1 } });
    assert.equal(r.json.metadata.generation, 1);
  });

  it('rejects unknown fields under fieldValidation=Strict', async () => {
    const r = await t.client.request('POST', `${base}?fieldValidation=Strict`, {
      apiVersion: `${GROUP}/v1`,
      kind: 'Widget',
      metadata: { name: 'w2' },
      spec: { size: 3, bogus: true },
    });
    assert.equal(r.status, 400);
    assert.match(r.json.message, /strict decoding error: unknown field "spec.bogus"/);
  });

  it('rejects schema violations with field paths', async () => {
    const r = await t.client.request('POST', base, {
      apiVersion: `${GROUP}/v1`,
      kind: 'Widget',
      metadata: { name: 'w3' },
      spec: { size: 0, mode: 'wild' },
    });
    assert.equal(r.status, 422);
    const fields = r.json.details.causes.map((c: { field: string }) => c.field).sort();
    assert.deepEqual(fields, ['spec.mode', 'spec.size']);
    assert.match(
      r.json.message,
      /spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1/,
    );
    assert.match(
      r.json.message,
      /spec.mode: Unsupported value: "wild": supported values: "fast", "safe"/,
    );
    const missing = await t.client.request('POST', base, {
      apiVersion: `${GROUP}/v1`,
      kind: 'Widget',
      metadata: { name: 'w4' },
      spec: {},
    });
    assert.equal(missing.status, 422);
    assert.match(missing.json.message, /spec.size: Required value/);
  });

  it('splits status from spec and bumps generation on spec changes only', async () => {
    const c = await t.client.request('POST', base, {
      apiVersion: `${GROUP}/v1`,
      kind: 'Widget',
      metadata: { name: 'w5' },
      spec: { size: 1 },
      status: { phase: 'x' },
    });
    assert.equal(c.json.status, undefined);
    const st = await t.client.request(
      'PATCH',
      `${base}/w5/status`,
      { status: { phase: 'Ready', replicas: 1 } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    assert.equal(st.status, 200, st.text);
    assert.equal(st.json.status.phase, 'Ready');
    assert.equal(st.json.metadata.generation, 1);
    const sp = await t.client.request(
      'PATCH',
      `${base}/w5`,
      { spec: { size: 2 } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    assert.equal(sp.json.metadata.generation, 2);
    assert.equal(sp.json.status.phase, 'Ready');
  });

  it('serves the scale subresource', async () => {
    await t.client.request('POST', base, {
      apiVersion: `${GROUP}/v1`,
      kind: 'Widget',
      metadata: { name: 'w6' },
      spec: { size: 1, replicas: 2 },
    });
    const s = await t.client.request('GET', `${base}/w6/scale`);
    assert.equal(s.json.kind, 'Scale');
    assert.equal(s.json.spec.replicas, 2);
    const p = await t.client.request(
      'PATCH',
      `${base}/w6/scale`,
      { spec: { replicas: 4 } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    assert.equal(p.json.spec.replicas, 4);
    const w = await t.client.request('GET', `${base}/w6`);
    assert.equal(w.json.spec.replicas, 4);
  });

  it('prints additionalPrinterColumns in Table output', async () => {
    const r = await t.client.request('GET', base, undefined, {
      Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
    });
    assert.equal(r.json.kind, 'Table');
    const cols = r.json.columnDefinitions.map(
      (c: { name: string; priority: number }) => `${c.name}/${c.priority}`,
    );
    assert.deepEqual(cols, ['Name/0', 'Replicas/0', 'Mode/1']);
  });

  it('refuses strategic merge patches for custom resources with 415', async () => {
    const r = await t.client.request(
      'PATCH',
      `${base}/w6`,
      { spec: { size: 5 } },
      { 'Content-Type': 'application/strategic-merge-patch+json' },
    );
    assert.equal(r.status, 415);
  });
});
