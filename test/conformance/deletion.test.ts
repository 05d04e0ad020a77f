// Conformance: graceful pod deletion, finalizers, preconditions, propagation and garbage collection.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, type Target } from './target.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('deletion', () => {
  let t: Target;
  let ns: string;
  const until = async (fn: () => Promise<boolean>, ms = 10_000): Promise<void> => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (await fn()) return;
      await sleep(50);
    }
    assert.fail('condition not met in time');
  };
  const exists = async (path: string) => (await t.client.request('GET', path)).status === 200;
  before(async () => {
    t = await openTarget('del');
    ns = t.namespace;
  });
  after(() => t.close());

  it('deletes a scheduled pod gracefully and lets a later DELETE only shorten the grace period', async () => {
    const pods = `/api/v1/namespaces/${ns}/pods`;
    await t.client.request('POST', pods, {
      metadata: { name: 'g1' },
      spec: { nodeName: 'nowhere', containers: [{ name: 'c', image: 'busybox:1' }] },
    });
    const d1 = await t.client.request('DELETE', `${pods}/g1`);
    assert.equal(d1.status, 200);
    assert.equal(d1.json.kind, 'Pod');
    assert.equal(d1.json.metadata.deletionGracePeriodSeconds, 30);
    assert.ok(d1.json.metadata.deletionTimestamp);
    const d2 = await t.client.request('DELETE', `${pods}/g1`, { gracePeriodSeconds: 60 });
    assert.equal(
      d2.json.metadata.deletionGracePeriodSeconds,
      30,
      'a longer grace period is ignored',
    );
    const d3 = await t.client.request('DELETE', `${pods}/g1`, { gracePeriodSeconds: 5 });
    assert.equal(d3.json.metadata.deletionGracePeriodSeconds, 5);
    const d4 = await t.client.request('DELETE', `${pods}/g1`, { gracePeriodSeconds: 0 });
    assert.equal(d4.status, 200);
    assert.equal(await exists(`${pods}/g1`), false);
  });

  it('deletes an unscheduled pod at once', async () => {
    const pods = `/api/v1/namespaces/${ns}/pods`;
    await t.client.request('POST', pods, {
      metadata: { name: 'u1' },
      spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
    });
    await t.client.request('DELETE', `${pods}/u1`);
    assert.equal(await exists(`${pods}/u1`), false);
  });

  it('keeps an object with finalizers until they are removed', async () => {
    const cms = `/api/v1/namespaces/${ns}/configmaps`;
    await t.client.request('POST', cms, {
      metadata: { name: 'f1', finalizers: ['example.com/hold'] },
    });
    const d = await t.client.request('DELETE', `${cms}/f1`);
    assert.equal(d.status, 200);
    const held = await t.client.request('GET', `${cms}/f1`);
    assert.ok(held.json.metadata.deletionTimestamp);
    const add = await t.client.request(
      'PATCH',
      `${cms}/f1`,
      { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    assert.equal(add.status, 422, 'no new finalizers once deleting');
    const rel = await t.client.request(
      'PATCH',
      `${cms}/f1`,
      { metadata: { finalizers: null } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    assert.equal(rel.status, 200);
    assert.equal(await exists(`${cms}/f1`), false);
  });

  it('checks uid and resourceVersion preconditions', async () => {
    const cms = `/api/v1/namespaces/${ns}/configmaps`;
    await t.client.request('POST', cms, { metadata: { name: 'pc' } });
    const r = await t.client.request('DELETE', `${cms}/pc`, {
      preconditions: { uid: 'not-the-uid' },
    });
    assert.equal(r.status, 409);
    assert.match(
      r.json.message,
      /Precondition failed: UID in precondition: not-the-uid, UID in object meta: /,
    );
    assert.equal(await exists(`${cms}/pc`), true);
  });

  const ownerAndDependents = async (name: string): Promise<{ owner: string; deps: string[] }> => {
    const cms = `/api/v1/namespaces/${ns}/configmaps`;
    const owner = await t.client.request('POST', cms, { metadata: { name } });
    const ref = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name,
      uid: owner.json.metadata.uid,
      blockOwnerDeletion: true,
    };
    const deps = [`${name}-d1`, `${name}-d2`];
    for (const d of deps)
      await t.client.request('POST', cms, { metadata: { name: d, ownerReferences: [ref] } });
    return { owner: `${cms}/${name}`, deps: deps.map((d) => `${cms}/${d}`) };
  };

  it('garbage-collects dependents after a background deletion', async () => {
    const { owner, deps } = await ownerAndDependents('bg');
    const r = await t.client.request('DELETE', owner, { propagationPolicy: 'Background' });
    assert.equal(r.status, 200);
    await until(async () => !(await exists(deps[0]!)) && !(await exists(deps[1]!)));
  });

  it('orphans dependents with propagationPolicy Orphan', async () => {
    const { owner, deps } = await ownerAndDependents('or');
    await t.client.request('DELETE', owner, { propagationPolicy: 'Orphan' });
    await until(async () => !(await exists(owner)));
    const d = await t.client.request('GET', deps[0]!);
    assert.equal(d.status, 200);
    assert.equal(d.json.metadata.ownerReferences, undefined);
  });

  it('deletes dependents before the owner with propagationPolicy Foreground', async () => {
    const { owner, deps } = await ownerAndDependents('fg');
    const r = await t.client.request('DELETE', owner, { propagationPolicy: 'Foreground' });
    assert.equal(r.status, 202);
    assert.ok(r.json.metadata.finalizers.includes('foregroundDeletion'));
    await until(async () => !(await exists(owner)));
    assert.equal(await exists(deps[0]!), false);
    assert.equal(await exists(deps[1]!), false);
  });

  it('empties and removes a deleted namespace', async () => {
    const name = `${ns}-gone`;
    await t.client.request('POST', '/api/v1/namespaces', { metadata: { name } });
    await t.client.request('POST', `/api/v1/namespaces/${name}/configmaps`, {
      metadata: { name: 'x' },
    });
    const d = await t.client.request('DELETE', `/api/v1/namespaces/${name}`);
    assert.equal(d.status, 200);
    const refused = await t.client.request('POST', `/api/v1/namespaces/${name}/configmaps`, {
      metadata: { name: 'y' },
    });
    if (refused.status !== 404) {
      assert.equal(refused.status, 403);
      assert.match(refused.json.message, /because it is being terminated/);
    }
    await until(async () => !(await exists(`/api/v1/namespaces/${name}`)));
  });
});
