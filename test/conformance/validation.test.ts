// Conformance: admission defaults and the validation rules Steward depends on.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTarget, type Target } from './target.ts';

const sts = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name },
  spec: {
    serviceName: name,
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'c', image: 'postgres:15' }] },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ],
  },
});

describe('validation and defaults', () => {
  let t: Target;
  let ns: string;
  before(async () => {
    t = await openTarget('val');
    ns = t.namespace;
  });
  after(() => t.close());

  it('defaults pods as admission does', async () => {
    const r = await t.client.request('POST', `/api/v1/namespaces/${ns}/pods`, {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] },
    });
    assert.equal(r.status, 201, r.text);
    const spec = r.json.spec;
    assert.equal(spec.terminationGracePeriodSeconds, 30);
    assert.equal(spec.restartPolicy, 'Always');
    assert.equal(spec.dnsPolicy, 'ClusterFirst');
    assert.equal(spec.schedulerName, 'default-scheduler');
    assert.equal(spec.serviceAccountName, 'default');
    assert.equal(spec.containers[0].imagePullPolicy, 'IfNotPresent');
    assert.equal(spec.containers[0].terminationMessagePath, '/dev/termination-log');
    const tol = spec.tolerations.map(
      (x: { key: string; tolerationSeconds: number; effect: string; operator: string }) =>
        `${x.key}:${x.operator}:${x.effect}:${x.tolerationSeconds}`,
    );
    assert.deepEqual(tol.sort(), [
      'node.kubernetes.io/not-ready:Exists:NoExecute:300',
      'node.kubernetes.io/unreachable:Exists:NoExecute:300',
    ]);
    assert.equal(r.json.status.phase, 'Pending');
  });

  it('defaults StatefulSets', async () => {
    const r = await t.client.request(
      'POST',
      `/apis/apps/v1/namespaces/${ns}/statefulsets`,
      sts('d'),
    );
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.spec.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(r.json.spec.updateStrategy, {
      type: 'RollingUpdate',
      rollingUpdate: { partition: 0 },
    });
    assert.equal(r.json.spec.revisionHistoryLimit, 10);
    assert.deepEqual(r.json.spec.persistentVolumeClaimRetentionPolicy, {
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
  });

  it('refuses changes to immutable StatefulSet fields with upstream 422 text', async () => {
    const c = await t.client.request(
      'POST',
      `/apis/apps/v1/namespaces/${ns}/statefulsets`,
      sts('imm'),
    );
    const changed = structuredClone(c.json);
    changed.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi';
    const r = await t.client.request(
      'PUT',
      `/apis/apps/v1/namespaces/${ns}/statefulsets/imm`,
      changed,
    );
    assert.equal(r.status, 422);
    assert.equal(
      r.json.message,
      "StatefulSet.apps \"imm\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    );
    assert.equal(r.json.details.causes[0].reason, 'FieldValueForbidden');
    const scaled = await t.client.request(
      'PATCH',
      `/apis/apps/v1/namespaces/${ns}/statefulsets/imm`,
      { spec: { replicas: 3 } },
      { 'Content-Type': 'application/merge-patch+json' },
    );
    assert.equal(scaled.status, 200);
  });

  it('refuses to shrink a bound claim below its capacity', async () => {
    const pvcs = `/api/v1/namespaces/${ns}/persistentvolumeclaims`;
    const c = await t.client.request('POST', pvcs, {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } },
    });
    assert.equal(c.status, 201, c.text);
    const bound = await t.client.request(
      'PATCH',
      `${pvcs}/data/status`,
      { status: { phase: 'Bound', capacity: { storage: '2Gi' } } },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    assert.equal(bound.status, 200, bound.text);
    const r = await t.client.request(
      'PATCH',
      `${pvcs}/data`,
      { spec: { resources: { requests: { storage: '1Gi' } } } },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    assert.equal(r.status, 422);
    assert.match(
      r.json.message,
      /spec.resources.requests.storage: Forbidden: field can not be less than status.capacity/,
    );
    const other = await t.client.request(
      'PATCH',
      `${pvcs}/data`,
      { spec: { accessModes: ['ReadWriteMany'] } },
      {
        'Content-Type': 'application/merge-patch+json',
      },
    );
    assert.equal(other.status, 422);
    assert.match(
      other.json.message,
      /spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims/,
    );
  });

  it('requires the fields a pod cannot run without', async () => {
    const r = await t.client.request('POST', `/api/v1/namespaces/${ns}/pods`, {
      metadata: { name: 'bad' },
      spec: { containers: [{ name: 'c' }] },
    });
    assert.equal(r.status, 422);
    assert.match(r.json.message, /spec.containers\[0\].image: Required value/);
  });
});
