// Conformance: the eviction subresource honours PodDisruptionBudgets (429 with upstream's text).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, type Target } from './target.ts';

describe('eviction', () => {
  let t: Target;
  let pods: string;
  before(async () => {
    t = await openTarget('evict');
    pods = `/api/v1/namespaces/${t.namespace}/pods`;
  });
  after(() => t.close());

  const runningPod = async (name: string): Promise<void> => {
    await t.client.request('POST', pods, {
      metadata: { name, labels: { app: 'db' } },
      spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x:1' }] },
    });
    const st = await t.client.request(
      'PATCH',
      `${pods}/${name}/status`,
      { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    assert.equal(st.status, 200, st.text);
  };

  it('refuses an eviction that would violate the budget, allows one that does not', async () => {
    await runningPod('db-0');
    await runningPod('db-1');
    const pdbs = `/apis/policy/v1/namespaces/${t.namespace}/poddisruptionbudgets`;
    const pdb = await t.client.request('POST', pdbs, {
      metadata: { name: 'db' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'db' } } },
    });
    assert.equal(pdb.status, 201, pdb.text);
    // What the disruption controller would report for two healthy pods and maxUnavailable 1.
    const status = {
      observedGeneration: pdb.json.metadata.generation,
      currentHealthy: 2,
      desiredHealthy: 1,
      disruptionsAllowed: 1,
      expectedPods: 2,
    };
    await t.client.request(
      'PATCH',
      `${pdbs}/db/status`,
      { status },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    const eviction = (name: string) => ({
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name, namespace: t.namespace },
    });
    const ok = await t.client.request('POST', `${pods}/db-0/eviction`, eviction('db-0'));
    assert.equal(ok.status, 201, ok.text);
    const gone = await t.client.request('GET', `${pods}/db-0`);
    assert.ok(gone.status === 404 || gone.json.metadata.deletionTimestamp);
    const refused = await t.client.request('POST', `${pods}/db-1/eviction`, eviction('db-1'));
    assert.equal(refused.status, 429);
    assert.equal(
      refused.json.message,
      "Cannot evict pod as it would violate the pod's disruption budget.",
    );
    assert.equal(refused.json.details.causes[0].reason, 'DisruptionBudget');
    assert.match(
      refused.json.details.causes[0].message,
      /^The disruption budget db needs 1 healthy pods and has 2 currently$/,
    );
  });
});
