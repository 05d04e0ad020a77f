// End to end: an Informer whose resourceVersion was compacted away relists and ends up exact.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { rawClient } from '../support/http.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { CmScript, maskDeletes, replaySeen } from './cm-script.ts';
import {
  cachePicture,
  clientsFor,
  configMapInformer,
  createNamespace,
  kubeconfigVia,
  recordingLogger,
  serverPicture,
  waitFor,
} from './support.ts';
import { TcpProxy } from './tcp-proxy.ts';

let sb: TestSandbox | null = null;
let proxy: TcpProxy | null = null;
after(async () => {
  await proxy?.close();
  await sb?.stop();
});

void test('informer: a forced compaction while it is cut off leads to one relist and an exact cache', async (t) => {
  sb = await startTestSandbox();
  proxy = await TcpProxy.start(Number(new URL(sb.url).port));
  const direct = clientsFor(sb.kubeconfig);
  const viaProxy = clientsFor(kubeconfigVia(sb, proxy.url, 'kubeconfig-proxy'));
  const namespace = await createNamespace(direct, 'informer-gone');
  const selector = 'app=e2e';
  const script = new CmScript(direct, namespace, { app: 'e2e' });
  const logger = recordingLogger();
  let lists = 0;
  // A short server-side timeout: the watch ends (with a bookmark) and is re-opened every second.
  const { informer, seen } = configMapInformer(viaProxy, {
    namespace,
    labelSelector: selector,
    logger,
    timeoutSeconds: 1,
    onList: () => lists++,
  });
  t.after(() => informer.stop());
  // The first ConfigMap exists before the informer lists (see the todo test below for why).
  await script.create('ignored', '1', false);
  informer.start();
  await informer.waitForSync(AbortSignal.timeout(10_000));
  const converged = async (): Promise<boolean> =>
    JSON.stringify(cachePicture(informer)) ===
    JSON.stringify(await serverPicture(direct, namespace, selector));

  await script.create('c1', '1');
  await script.create('c2', '1');
  await script.update('ignored', '2', false);
  await new Promise((r) => setTimeout(r, 1_500)); // let one watch time out and be re-opened
  await script.update('c1', '2');
  await waitFor(converged, 'informer caught up while connected');
  assert.deepEqual(maskDeletes(seen), script.expected, 'live events, each exactly once');
  const liveEvents = seen.length;

  // Cut the informer off, change things, compact the watch history, change more.
  proxy.block();
  await waitFor(() => logger.count('list/watch failed; retrying') > 0, 'informer saw the cut');
  await script.update('c1', '3');
  await script.remove('c2');
  await script.create('c3', '1');
  await script.update('ignored', '3', false);
  sb.sandbox.core.store.compact();
  await script.create('c4', '1');
  await script.update('c3', '2');
  proxy.unblock();
  await script.remove('c1');
  await script.create('c5', '1');
  await script.update('c4', '2');
  await waitFor(converged, 'informer caught up after the relist');

  assert.equal(logger.count('resourceVersion too old; relisting'), 1, JSON.stringify(logger.lines));
  assert.equal(lists, 2, 'the initial list and exactly one relist');
  assert.deepEqual(replaySeen(seen), cachePicture(informer), 'handlers tell a consistent story');
  assert.deepEqual(cachePicture(informer), await serverPicture(direct, namespace, selector));
  const after = seen.slice(liveEvents).map((s) => s.split(' ').slice(0, 2).join(' '));
  assert.ok(after.includes('delete c2'), `c2's deletion reached the handlers: ${after.join(', ')}`);
  assert.ok(!after.includes('add c1'), 'no second add for an object the informer already had');
});

void test(
  'sandbox: a watch from a list taken before the first object of a resource existed',
  {},
  async () => {
    const fresh = await startTestSandbox();
    try {
      const raw = rawClient(fresh.url, fresh.caCert, fresh.token);
      const base = '/api/v1/namespaces/default/configmaps';
      const list = await raw.request('GET', base);
      await raw.request('POST', base, { metadata: { name: 'first' } });
      const rv = String(list.json.metadata.resourceVersion);
      const events = await raw.watch(
        `${base}?watch=true&resourceVersion=${rv}&timeoutSeconds=1`,
        (e) => e.length >= 1,
        3_000,
      );
      assert.deepEqual(
        events.map((e) => e.type),
        ['ADDED'],
      );
    } finally {
      await fresh.stop();
    }
  },
);
