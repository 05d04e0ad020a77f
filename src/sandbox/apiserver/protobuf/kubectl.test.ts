// End to end: the real kubectl sends protobuf bodies to the sandbox, which must accept them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { kubectlOk } from '../../../../test/support/kubectl.ts';
import { startTestSandbox, type TestSandbox } from '../../../../test/support/sandbox.ts';

let sb: TestSandbox;
before(async () => {
  sb = await startTestSandbox();
});
after(async () => {
  await sb.stop();
});

test('kubectl create configmap --from-literal is stored and reads back', async () => {
  await kubectlOk(sb.kubeconfig, ['create', 'configmap', 'x', '--from-literal=a=b']);
  const cm = JSON.parse(await kubectlOk(sb.kubeconfig, ['get', 'configmap', 'x', '-o', 'json']));
  assert.equal(cm.kind, 'ConfigMap');
  assert.equal(cm.metadata.name, 'x');
  assert.deepEqual(cm.data, { a: 'b' });
});

test('kubectl create deployment is stored and reads back', async () => {
  await kubectlOk(sb.kubeconfig, [
    'create',
    'deployment',
    'web',
    '--image=nginx:1.27',
    '--replicas=2',
  ]);
  const dep = JSON.parse(
    await kubectlOk(sb.kubeconfig, ['get', 'deployment', 'web', '-o', 'json']),
  );
  assert.equal(dep.spec.replicas, 2);
  assert.deepEqual(dep.spec.selector, { matchLabels: { app: 'web' } });
  assert.equal(dep.spec.template.spec.containers[0].image, 'nginx:1.27');
  assert.equal(dep.spec.template.metadata.labels.app, 'web');
});

test('kubectl create secret generic stores base64 data', async () => {
  await kubectlOk(sb.kubeconfig, ['create', 'secret', 'generic', 's', '--from-literal=user=admin']);
  const s = JSON.parse(await kubectlOk(sb.kubeconfig, ['get', 'secret', 's', '-o', 'json']));
  assert.equal(Buffer.from(s.data.user as string, 'base64').toString(), 'admin');
});

test('kubectl create token gets a token back', async () => {
  const token = await kubectlOk(sb.kubeconfig, ['create', 'token', 'default']);
  assert.match(token.trim(), /^[\w-]+\.[\w-]+\.[\w-]+$/);
});
