// Conformance: metadata.generation rules and the status subresource split.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, type Target } from './target.ts';

const deployment = (name: string, image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
  },
});

describe('generation and status', () => {
  let t: Target;
  let base: string;
  before(async () => {
    t = await openTarget('gen');
    base = `/apis/apps/v1/namespaces/${t.namespace}/deployments`;
  });
  after(() => t.close());

  it('starts at 1, grows with spec changes only', async () => {
    const c = await t.client.request('POST', base, deployment('d1', 'nginx:1'));
    assert.equal(c.status, 201, c.text);
    assert.equal(c.json.metadata.generation, 1);
    const labelled = await t.client.request(
      'PATCH',
      `${base}/d1`,
      { metadata: { labels: { x: 'y' } } },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    assert.equal(labelled.json.metadata.generation, 1);
    const changed = await t.client.request(
      'PATCH',
      `${base}/d1`,
      { spec: { replicas: 3 } },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    assert.equal(changed.json.metadata.generation, 2);
  });

  it('ignores status on the main resource and spec on the status subresource', async () => {
    const c = await t.client.request('POST', base, {
      ...deployment('d2', 'nginx:1'),
      status: { replicas: 7 },
    });
    assert.equal(c.json.status?.replicas, undefined, 'status is dropped on create');
    const main = await t.client.request('PUT', `${base}/d2`, {
      ...c.json,
      status: { replicas: 5 },
    });
    assert.equal(main.json.status?.replicas, undefined);
    const st = await t.client.request('PUT', `${base}/d2/status`, {
      ...main.json,
      spec: { ...main.json.spec, replicas: 9 },
      status: { replicas: 1, observedGeneration: 1 },
    });
    assert.equal(st.status, 200, st.text);
    assert.equal(st.json.status.replicas, 1);
    assert.equal(st.json.spec.replicas, 1);
    assert.equal(st.json.metadata.generation, 1, 'a status write leaves generation alone');
  });

  it('does not keep a generation for pods', async () => {
    const r = await t.client.request('POST', `/api/v1/namespaces/${t.namespace}/pods`, {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'busybox:1' }] },
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.metadata.generation, undefined);
  });
});
