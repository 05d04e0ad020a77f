// Conformance: label and field selectors on list.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, type Target } from './target.ts';

describe('selectors', () => {
  let t: Target;
  let base: string;
  const names = async (query: string): Promise<string[]> => {
    const r = await t.client.request('GET', `${base}?${query}`);
    assert.equal(r.status, 200, r.text);
    return (r.json.items as { metadata: { name: string } }[]).map((i) => i.metadata.name).sort();
  };
  before(async () => {
    t = await openTarget('sel');
    base = `/api/v1/namespaces/${t.namespace}/configmaps`;
    for (const [name, labels] of [
      ['a', { app: 'web', tier: 'front' }],
      ['b', { app: 'web', tier: 'back' }],
      ['c', { app: 'db' }],
      ['d', {}],
    ] as const) {
      await t.client.request('POST', base, { metadata: { name, labels } });
    }
  });
  after(() => t.close());

  it('supports equality, inequality, set and existence requirements', async () => {
    assert.deepEqual(await names('labelSelector=app%3Dweb'), ['a', 'b']);
    assert.deepEqual(await names('labelSelector=app%3D%3Dweb'), ['a', 'b']);
    assert.deepEqual(await names('labelSelector=app!%3Dweb'), ['c', 'd']);
    assert.deepEqual(await names(`labelSelector=${encodeURIComponent('tier in (front,back)')}`), [
      'a',
      'b',
    ]);
    assert.deepEqual(await names(`labelSelector=${encodeURIComponent('app notin (web)')}`), [
      'c',
      'd',
    ]);
    assert.deepEqual(await names('labelSelector=tier'), ['a', 'b']);
    assert.deepEqual(await names('labelSelector=!tier'), ['c', 'd']);
    assert.deepEqual(await names('labelSelector=app%3Dweb,tier%3Dback'), ['b']);
  });

  it('supports metadata.name and metadata.namespace field selectors', async () => {
    assert.deepEqual(await names('fieldSelector=metadata.name%3Dc'), ['c']);
    assert.deepEqual(await names('fieldSelector=metadata.name!%3Dc'), ['a', 'b', 'd']);
    assert.deepEqual(await names(`fieldSelector=metadata.namespace%3D${t.namespace}`), [
      'a',
      'b',
      'c',
      'd',
    ]);
  });

  it('supports kind-specific field selectors such as pods by spec.nodeName and status.phase', async () => {
    const pods = `/api/v1/namespaces/${t.namespace}/pods`;
    const spec = (node?: string) => ({
      containers: [{ name: 'c', image: 'busybox:1' }],
      ...(node ? { nodeName: node } : {}),
    });
    await t.client.request('POST', pods, { metadata: { name: 'p1' }, spec: spec('n1') });
    await t.client.request('POST', pods, { metadata: { name: 'p2' }, spec: spec() });
    const r = await t.client.request('GET', `${pods}?fieldSelector=spec.nodeName%3Dn1`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.json.items.map((i: { metadata: { name: string } }) => i.metadata.name),
      ['p1'],
    );
    const pending = await t.client.request('GET', `${pods}?fieldSelector=status.phase%3DPending`);
    assert.equal(pending.json.items.length, 2);
  });
});
