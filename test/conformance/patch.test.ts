// Conformance: strategic merge, JSON merge and JSON patches, and server-side apply.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, type Target } from './target.ts';

const SMP = { 'Content-Type': 'application/strategic-merge-patch+json' };
const APPLY = { 'Content-Type': 'application/apply-patch+yaml' };

describe('patch', () => {
  let t: Target;
  let deps: string;
  before(async () => {
    t = await openTarget('patch');
    deps = `/apis/apps/v1/namespaces/${t.namespace}/deployments`;
  });
  after(() => t.close());

  const create = (name: string) =>
    t.client.request('POST', deps, {
      metadata: { name },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [
              {
                name: 'a',
                image: 'a:1',
                env: [
                  { name: 'X', value: '1' },
                  { name: 'Y', value: '2' },
                ],
              },
              { name: 'b', image: 'b:1' },
            ],
          },
        },
      },
    });

  it('merges containers by name and env by name with a strategic merge patch', async () => {
    await create('smp');
    const r = await t.client.request(
      'PATCH',
      `${deps}/smp`,
      {
        spec: {
          template: {
            spec: {
              containers: [
                { name: 'b', image: 'b:2' },
                { name: 'a', env: [{ name: 'Y', $patch: 'delete' }] },
              ],
            },
          },
        },
      },
      SMP,
    );
    assert.equal(r.status, 200, r.text);
    const cs = r.json.spec.template.spec.containers;
    assert.deepEqual(
      cs.map((c: { name: string; image: string }) => `${c.name}=${c.image}`).sort(),
      ['a=a:1', 'b=b:2'],
    );
    const a = cs.find((c: { name: string }) => c.name === 'a');
    assert.deepEqual(
      a.env.map((e: { name: string }) => e.name),
      ['X'],
    );
  });

  it('replaces lists wholesale with a JSON merge patch', async () => {
    await create('merge');
    const r = await t.client.request(
      'PATCH',
      `${deps}/merge`,
      { spec: { template: { spec: { containers: [{ name: 'only', image: 'o:1' }] } } } },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.json.spec.template.spec.containers.map((c: { name: string }) => c.name),
      ['only'],
    );
  });

  it('applies JSON patches', async () => {
    await create('json');
    const r = await t.client.request(
      'PATCH',
      `${deps}/json`,
      [
        { op: 'replace', path: '/spec/replicas', value: 4 },
        { op: 'add', path: '/metadata/labels', value: { x: 'y' } },
      ],
      {
        'Content-Type': 'application/json-patch+json',
      },
    );
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.spec.replicas, 4);
    assert.deepEqual(r.json.metadata.labels, { x: 'y' });
  });

  it('creates, updates and detects conflicts with server-side apply', async () => {
    const cms = `/api/v1/namespaces/${t.namespace}/configmaps`;
    const doc = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n';
    const created = await t.client.request('PATCH', `${cms}/ssa?fieldManager=alice`, doc, APPLY);
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.metadata.managedFields[0].manager, 'alice');
    assert.equal(created.json.metadata.managedFields[0].operation, 'Apply');
    const other = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "2"\n';
    const conflict = await t.client.request('PATCH', `${cms}/ssa?fieldManager=bob`, other, APPLY);
    assert.equal(conflict.status, 409);
    assert.match(conflict.json.message, /conflict with "alice"/);
    const forced = await t.client.request(
      'PATCH',
      `${cms}/ssa?fieldManager=bob&force=true`,
      other,
      APPLY,
    );
    assert.equal(forced.status, 200);
    assert.equal(forced.json.data.a, '2');
    const noManager = await t.client.request('PATCH', `${cms}/ssa`, other, APPLY);
    assert.equal(noManager.status, 400);
  });
});
