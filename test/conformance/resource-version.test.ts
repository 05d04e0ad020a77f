// Conformance: resourceVersion, optimistic concurrency and no-op writes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, type Target } from './target.ts';

describe('resourceVersion and optimistic concurrency', () => {
  let t: Target;
  let base: string;
  before(async () => {
    t = await openTarget('rv');
    base = `/api/v1/namespaces/${t.namespace}/configmaps`;
  });
  after(() => t.close());

  it('assigns increasing resourceVersions across resources', async () => {
    const a = await t.client.request('POST', base, { metadata: { name: 'a' }, data: { k: '1' } });
    assert.equal(a.status, 201);
    const s = await t.client.request('POST', `/api/v1/namespaces/${t.namespace}/secrets`, {
      metadata: { name: 's' },
    });
    const b = await t.client.request('POST', base, { metadata: { name: 'b' } });
    const rvs = [a, s, b].map((r) => Number(r.json.metadata.resourceVersion));
    assert.ok(rvs[0]! < rvs[1]! && rvs[1]! < rvs[2]!, `not increasing: ${rvs.join(',')}`);
    const list = await t.client.request('GET', base);
    assert.ok(Number(list.json.metadata.resourceVersion) >= rvs[2]!);
  });

  it('answers a stale update with upstream 409 Conflict', async () => {
    const created = await t.client.request('POST', base, {
      metadata: { name: 'c' },
      data: { v: '1' },
    });
    const stale = created.json;
    const first = await t.client.request('PUT', `${base}/c`, { ...stale, data: { v: '2' } });
    assert.equal(first.status, 200);
    const second = await t.client.request('PUT', `${base}/c`, { ...stale, data: { v: '3' } });
    assert.equal(second.status, 409);
    assert.equal(second.json.reason, 'Conflict');
    assert.equal(
      second.json.message,
      'Operation cannot be fulfilled on configmaps "c": the object has been modified; please apply your changes to the latest version and try again',
    );
    assert.deepEqual(second.json.details, { name: 'c', kind: 'configmaps' });
  });

  it('treats an update without resourceVersion as unconditional', async () => {
    await t.client.request('POST', base, { metadata: { name: 'd' }, data: { v: '1' } });
    const r = await t.client.request('PUT', `${base}/d`, {
      metadata: { name: 'd' },
      data: { v: '9' },
    });
    assert.equal(r.status, 200);
    assert.equal(r.json.data.v, '9');
  });

  it('does not bump resourceVersion on a no-op update', async () => {
    const c = await t.client.request('POST', base, { metadata: { name: 'e' }, data: { v: '1' } });
    const r = await t.client.request('PUT', `${base}/e`, c.json);
    assert.equal(r.status, 200);
    assert.equal(r.json.metadata.resourceVersion, c.json.metadata.resourceVersion);
  });

  it('refuses to create an object twice with 409 AlreadyExists', async () => {
    await t.client.request('POST', base, { metadata: { name: 'f' } });
    const r = await t.client.request('POST', base, { metadata: { name: 'f' } });
    assert.equal(r.status, 409);
    assert.equal(r.json.reason, 'AlreadyExists');
    assert.equal(r.json.message, 'configmaps "f" already exists');
  });
});
