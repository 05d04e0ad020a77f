// Conformance: bad input gets upstream-shaped Status errors and never corrupts state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, type Target } from './target.ts';

describe('errors and bad input', () => {
  let t: Target;
  let base: string;
  before(async () => {
    t = await openTarget('err');
    base = `/api/v1/namespaces/${t.namespace}/configmaps`;
  });
  after(() => t.close());

  it('answers a missing object with 404 NotFound naming the resource', async () => {
    const r = await t.client.request(
      'GET',
      `/apis/apps/v1/namespaces/${t.namespace}/statefulsets/web`,
    );
    assert.equal(r.status, 404);
    assert.deepEqual(r.json, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'statefulsets.apps "web" not found',
      reason: 'NotFound',
      details: { name: 'web', group: 'apps', kind: 'statefulsets' },
      code: 404,
    });
  });

  it('answers an unknown resource with 404', async () => {
    const r = await t.client.request('GET', `/api/v1/namespaces/${t.namespace}/widgets`);
    assert.equal(r.status, 404);
    assert.equal(r.json.reason, 'NotFound');
  });

  it('rejects malformed JSON with 400 and stores nothing', async () => {
    const r = await t.client.request('POST', base, '{"metadata": {"name": "x"', {
      'Content-Type': 'application/json',
    });
    assert.equal(r.status, 400);
    assert.equal(r.json.kind, 'Status');
    assert.equal(r.json.reason, 'BadRequest');
    const list = await t.client.request('GET', base);
    assert.equal(list.json.items.length, 0);
  });

  it('rejects malformed YAML with 400', async () => {
    const r = await t.client.request('POST', base, 'metadata: [unclosed', {
      'Content-Type': 'application/yaml',
    });
    assert.equal(r.status, 400);
    assert.equal(r.json.reason, 'BadRequest');
  });

  it('rejects a body of the wrong apiVersion or kind with 400', async () => {
    const a = await t.client.request('POST', base, {
      apiVersion: 'apps/v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
    });
    assert.equal(a.status, 400);
    const k = await t.client.request('POST', base, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'x' },
    });
    assert.equal(k.status, 400);
  });

  it('rejects an invalid name with 422 Invalid and the field path', async () => {
    const r = await t.client.request('POST', base, { metadata: { name: 'Bad_Name' } });
    assert.equal(r.status, 422);
    assert.equal(r.json.reason, 'Invalid');
    assert.equal(r.json.details.kind, 'ConfigMap');
    assert.equal(r.json.details.causes[0].field, 'metadata.name');
    assert.match(
      r.json.message,
      /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
  });

  it('rejects an unknown patch content type with 415', async () => {
    await t.client.request('POST', base, { metadata: { name: 'p' } });
    const r = await t.client.request('PATCH', `${base}/p`, '{}', {
      'Content-Type': 'application/x-unknown',
    });
    assert.equal(r.status, 415);
    assert.equal(r.json.reason, 'UnsupportedMediaType');
    assert.match(
      r.json.message,
      /^the body of the request was in an unknown format - accepted media types include: /,
    );
  });

  it('rejects an invalid JSON patch without changing the object', async () => {
    const before = await t.client.request('POST', base, {
      metadata: { name: 'jp' },
      data: { a: '1' },
    });
    const r = await t.client.request(
      'PATCH',
      `${base}/jp`,
      [{ op: 'test', path: '/data/a', value: '2' }],
      {
        'Content-Type': 'application/json-patch+json',
      },
    );
    assert.ok(r.status === 422 || r.status === 400 || r.status === 500, `status ${r.status}`);
    assert.equal(r.json.kind, 'Status');
    const after = await t.client.request('GET', `${base}/jp`);
    assert.equal(after.json.metadata.resourceVersion, before.json.metadata.resourceVersion);
  });

  it('rejects an oversized body with 413', async () => {
    const big = { metadata: { name: 'big' }, data: { blob: 'x'.repeat(4 * 1024 * 1024) } };
    const r = await t.client.request('POST', base, big);
    assert.equal(r.status, 413);
    assert.equal(r.json.reason, 'RequestEntityTooLarge');
  });

  it('rejects an unsupported field selector with upstream 400 text', async () => {
    const r = await t.client.request('GET', `${base}?fieldSelector=foo.bar%3Dbaz`);
    assert.equal(r.status, 400);
    assert.equal(
      r.json.message,
      'Unable to find "configmaps" that match label selector "", field selector "foo.bar=baz": "foo.bar" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });

  it('honours fieldValidation=Strict|Warn|Ignore for unknown fields', async () => {
    const body = (name: string) => ({ metadata: { name }, data: { a: 'b' }, bogus: 1 });
    const strict = await t.client.request(
      'POST',
      `${base}?fieldValidation=Strict`,
      body('fv-strict'),
    );
    assert.equal(strict.status, 400);
    assert.equal(
      strict.json.message,
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"',
    );
    const warn = await t.client.request('POST', `${base}?fieldValidation=Warn`, body('fv-warn'));
    assert.equal(warn.status, 201);
    assert.match(String(warn.headers.warning), /unknown field \\?"bogus\\?"/);
    assert.equal(warn.json.bogus, undefined, 'the unknown field is dropped');
    const ignore = await t.client.request(
      'POST',
      `${base}?fieldValidation=Ignore`,
      body('fv-ignore'),
    );
    assert.equal(ignore.status, 201);
    assert.equal(ignore.headers.warning, undefined);
    const bad = await t.client.request('POST', `${base}?fieldValidation=Loud`, body('fv-bad'));
    assert.equal(bad.status, 400);
  });

  it('keeps serving after all of the above', async () => {
    const r = await t.client.request('GET', '/api/v1/namespaces');
    assert.equal(r.status, 200);
  });
});
