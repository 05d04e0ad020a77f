// End to end: the Deployment and ReplicaSet controllers against the sandbox API server and the
// real kubectl, with a fake kubelet running every pod.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { R } from '../../src/sandbox/controllers/local-client.ts';
import { startDeploymentController } from '../../src/sandbox/controllers/deployment/component.ts';
import type { Deployment } from '../../src/sandbox/controllers/deployment/types.ts';
import { startReplicaSetController } from '../../src/sandbox/controllers/replicaset/component.ts';
import { kubectlOk } from '../support/kubectl.ts';
import { startWorkloadHarness, waitFor, type WorkloadHarness } from './workload-support.ts';

let h: WorkloadHarness;
before(async () => {
  h = await startWorkloadHarness([startReplicaSetController, startDeploymentController], {
    auto: true,
  });
});
after(async () => {
  await h.stop();
});

const manifest = (image: string, strategy: Record<string, unknown> = {}): string =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'op', namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'op' } },
      template: {
        metadata: { labels: { app: 'op' } },
        spec: { containers: [{ name: 'c', image }] },
      },
      ...strategy,
    },
  });
const deploy = (): Deployment | undefined =>
  h.client.get<Deployment>(R.deployments, 'default', 'op');
const rsNames = (): string[] =>
  h.client
    .list(R.replicasets, 'default')
    .map((r) => r.metadata.name ?? '')
    .sort();

test('a deployment creates a replica set and its pods; rollout status completes', async () => {
  await kubectlOk(h.ts.kubeconfig, ['apply', '-f', '-'], { input: manifest('op:1') });
  const out = await kubectlOk(h.ts.kubeconfig, ['rollout', 'status', 'deploy/op', '--timeout=15s']);
  assert.match(out, /deployment "op" successfully rolled out/);
  const d = deploy()!;
  assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  assert.equal(d.status?.availableReplicas, 2);
  const conds = Object.fromEntries(
    (d.status?.conditions ?? []).map((c) => [c.type, `${c.status}/${c.reason ?? ''}`]),
  );
  assert.deepEqual(conds, {
    Available: 'True/MinimumReplicasAvailable',
    Progressing: 'True/NewReplicaSetAvailable',
  });
  const [rs] = h.client.list(R.replicasets, 'default');
  const hash = rs?.metadata.labels?.['pod-template-hash'] ?? '';
  assert.equal(rs?.metadata.name, `op-${hash}`);
  const pods = h.client.list(R.pods, 'default', { matchLabels: { app: 'op' } });
  assert.equal(pods.length, 2);
  assert.ok(
    pods.every(
      (p) =>
        p.metadata.name?.startsWith(`op-${hash}-`) &&
        p.metadata.labels?.['pod-template-hash'] === hash,
    ),
  );
  assert.equal((rs?.status as { fullyLabeledReplicas?: number }).fullyLabeledReplicas, 2);
});

test('a new template rolls out a second replica set; the old one is scaled to zero', async () => {
  await kubectlOk(h.ts.kubeconfig, ['set', 'image', 'deploy/op', 'c=op:2']);
  const out = await kubectlOk(h.ts.kubeconfig, ['rollout', 'status', 'deploy/op', '--timeout=15s']);
  assert.match(out, /successfully rolled out/);
  assert.equal(rsNames().length, 2);
  assert.equal(deploy()?.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  const sizes = h.client
    .list(R.replicasets, 'default')
    .map((r) => (r.spec as { replicas: number }).replicas)
    .sort();
  assert.deepEqual(sizes, [0, 2]);
  await waitFor('old pods gone', () => h.client.list(R.pods, 'default').length === 2);
  const events = await kubectlOk(h.ts.kubeconfig, [
    'get',
    'events',
    '--field-selector',
    'involvedObject.kind=Deployment',
    '-o',
    'jsonpath={range .items[*]}{.message}{"\\n"}{end}',
  ]);
  assert.match(events, /Scaled up replica set op-\w+ from 0 to 1/);
  assert.match(events, /Scaled down replica set op-\w+ from 2 to 1/);
});

test('scale through the scale subresource, and the Recreate strategy', async () => {
  await kubectlOk(h.ts.kubeconfig, ['scale', 'deploy/op', '--replicas=3']);
  await kubectlOk(h.ts.kubeconfig, ['rollout', 'status', 'deploy/op', '--timeout=15s']);
  assert.equal(h.client.list(R.pods, 'default').length, 3);
  await kubectlOk(h.ts.kubeconfig, ['apply', '-f', '-'], {
    input: manifest('op:3', { replicas: 3, strategy: { type: 'Recreate' } }),
  });
  await kubectlOk(h.ts.kubeconfig, ['rollout', 'status', 'deploy/op', '--timeout=15s']);
  assert.equal(deploy()?.status?.updatedReplicas, 3);
  assert.equal(rsNames().length, 3);
});
