import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KubeConfig, type KubernetesListObject, type V1ConfigMap } from '@kubernetes/client-node';
import { clientNodeListWatch } from './list-watch.ts';

const never = (): Promise<KubernetesListObject<V1ConfigMap>> => new Promise(() => undefined);

void test('a list that never answers is abandoned when the signal aborts', async () => {
  const lw = clientNodeListWatch(new KubeConfig(), { path: '/api/v1/configmaps', list: never });
  const stop = new AbortController();
  const listing = lw.list(stop.signal);
  stop.abort();
  await assert.rejects(listing, { code: 'LIST_ABORTED' });
});

void test('a list that never answers times out after listTimeoutMs', async () => {
  const lw = clientNodeListWatch(new KubeConfig(), {
    path: '/api/v1/configmaps',
    list: never,
    listTimeoutMs: 20,
  });
  await assert.rejects(lw.list(new AbortController().signal), { code: 'LIST_ABORTED' });
});

void test('list items are handed out in wire form with the list resourceVersion', async () => {
  let seen: AbortSignal | null = null;
  const lw = clientNodeListWatch<V1ConfigMap>(new KubeConfig(), {
    path: '/api/v1/configmaps',
    list: (signal) => {
      seen = signal;
      return Promise.resolve({
        metadata: { resourceVersion: '7' },
        items: [{ metadata: { name: 'a', creationTimestamp: new Date(0) } }],
      });
    },
  });
  const res = await lw.list(new AbortController().signal);
  assert.equal(res.resourceVersion, '7');
  assert.equal(res.items[0]?.metadata?.creationTimestamp, '1970-01-01T00:00:00.000Z' as never);
  assert.ok(seen !== null, 'the list call receives a signal');
});
