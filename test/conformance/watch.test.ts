// Conformance: watch from a resourceVersion, synthetic ADDED, DELETED RVs, filtered transitions,
// timeouts, bookmarks and 410 Expired.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, type Target } from './target.ts';

describe('watch', () => {
  let t: Target;
  let base: string;
  before(async () => {
    t = await openTarget('watch');
    base = `/api/v1/namespaces/${t.namespace}/configmaps`;
  });
  after(() => t.close());

  it('sends synthetic ADDED events when no resourceVersion is given', async () => {
    await t.client.request('POST', base, { metadata: { name: 'w1' } });
    const events = await t.client.watch(`${base}?watch=true`, (e) => e.length >= 1, 3000);
    assert.equal(events[0]?.type, 'ADDED');
    assert.equal(events[0]?.object.metadata.name, 'w1');
  });

  it('sends only changes after the given resourceVersion, DELETED with the deletion RV', async () => {
    const c = await t.client.request('POST', base, { metadata: { name: 'w2' } });
    const rv = c.json.metadata.resourceVersion as string;
    const watching = t.client.watch(
      `${base}?watch=true&resourceVersion=${rv}`,
      (e) => e.length >= 2,
      5000,
    );
    await new Promise((r) => setTimeout(r, 200));
    const upd = await t.client.request('PUT', `${base}/w2`, {
      metadata: { name: 'w2' },
      data: { a: 'b' },
    });
    const del = await t.client.request('DELETE', `${base}/w2`);
    assert.equal(del.status, 200);
    const events = await watching;
    assert.deepEqual(
      events.map((e) => e.type),
      ['MODIFIED', 'DELETED'],
    );
    assert.equal(events[0]?.object.metadata.resourceVersion, upd.json.metadata.resourceVersion);
    assert.ok(
      Number(events[1]?.object.metadata.resourceVersion) >
        Number(upd.json.metadata.resourceVersion),
    );
  });

  it('turns label transitions into ADDED and DELETED for a filtered watch', async () => {
    const c = await t.client.request('POST', base, {
      metadata: { name: 'w3', labels: { pick: 'no' } },
    });
    const rv = c.json.metadata.resourceVersion as string;
    const watching = t.client.watch(
      `${base}?watch=true&labelSelector=pick%3Dyes&resourceVersion=${rv}`,
      (e) => e.length >= 3,
      5000,
    );
    await new Promise((r) => setTimeout(r, 200));
    await t.client.request('PUT', `${base}/w3`, {
      metadata: { name: 'w3', labels: { pick: 'yes' } },
    });
    await t.client.request('PUT', `${base}/w3`, {
      metadata: { name: 'w3', labels: { pick: 'yes' } },
      data: { x: 'y' },
    });
    await t.client.request('PUT', `${base}/w3`, {
      metadata: { name: 'w3', labels: { pick: 'no' } },
    });
    const events = await watching;
    assert.deepEqual(
      events.map((e) => e.type),
      ['ADDED', 'MODIFIED', 'DELETED'],
    );
  });

  it('ends the stream after timeoutSeconds', async () => {
    const started = Date.now();
    const events = await t.client.watch(
      `${base}?watch=true&resourceVersion=0&timeoutSeconds=1`,
      () => false,
      10_000,
    );
    const took = Date.now() - started;
    assert.ok(took >= 900 && took < 5000, `took ${took} ms`);
    assert.ok(events.every((e) => e.type === 'ADDED' || e.type === 'BOOKMARK'));
  });

  it(
    'sends bookmarks with a current resourceVersion when allowed',
    { skip: false },
    async (ctx) => {
      if (!t.isSandbox) {
        ctx.skip('bookmarks arrive about once a minute on a real cluster');
        return;
      }
      const c = await t.client.request('POST', base, { metadata: { name: 'bm' } });
      const rv = c.json.metadata.resourceVersion as string;
      const events = await t.client.watch(
        `${base}?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`,
        (e) => e.some((x) => x.type === 'BOOKMARK'),
        5000,
      );
      const bm = events.find((e) => e.type === 'BOOKMARK');
      assert.ok(bm, 'no bookmark');
      assert.equal(bm.object.kind, 'ConfigMap');
      assert.ok(Number(bm.object.metadata.resourceVersion) >= Number(rv));
      assert.deepEqual(Object.keys(bm.object.metadata), ['resourceVersion']);
    },
  );

  it('answers a compacted resourceVersion with a 410 ERROR event', async () => {
    const c = await t.client.request('POST', base, { metadata: { name: 'w4' } });
    const rv = Number(c.json.metadata.resourceVersion);
    await t.client.request('PUT', `${base}/w4`, { metadata: { name: 'w4' }, data: { a: '1' } });
    if (t.compact) t.compact();
    const from = t.isSandbox ? rv - 1 : 1;
    const events = await t.client.watch(
      `${base}?watch=true&resourceVersion=${from}`,
      (e) => e.length >= 1,
      5000,
    );
    assert.equal(events.length, 1);
    assert.equal(events[0]?.type, 'ERROR');
    assert.equal(events[0]?.object.code, 410);
    assert.equal(events[0]?.object.reason, 'Expired');
    assert.match(events[0]?.object.message as string, /^too old resource version: \d+ \(\d+\)$/);
  });
});
