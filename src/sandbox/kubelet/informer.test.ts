import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiRequestError, type ApiClient, type WatchEvent } from './api.ts';
import { Informer } from './informer.ts';
import type { KubeObject } from '../apiserver/types.ts';

const obj = (name: string, rv: string): KubeObject => ({
  metadata: { name, namespace: 'ns', resourceVersion: rv },
});

/** A fake API: scripted lists and watches, recording the paths asked for. */
function fakeClient(
  lists: KubeObject[][],
  watches: ((emit: (e: WatchEvent<KubeObject>) => void) => void)[],
) {
  const paths: string[] = [];
  let listRv = 10;
  const client = {
    get: (path: string) => {
      paths.push(path);
      const items = lists.shift() ?? [];
      return Promise.resolve({ metadata: { resourceVersion: String(listRv++) }, items });
    },
    watch: (path: string, onEvent: (e: WatchEvent<KubeObject>) => void, signal: AbortSignal) => {
      paths.push(path);
      const next = watches.shift();
      if (!next) return new Promise<void>((r) => signal.addEventListener('abort', () => r()));
      try {
        next(onEvent);
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
      return Promise.resolve();
    },
  };
  return { client: client as unknown as ApiClient, paths };
}

test('lists, watches from the list RV, resumes from the last event, relists on 410', async () => {
  const seen: string[] = [];
  const { client, paths } = fakeClient(
    [[obj('a', '1'), obj('b', '2')], [obj('a', '30')]],
    [
      (emit) => {
        emit({ type: 'MODIFIED', object: obj('a', '20') });
        emit({ type: 'BOOKMARK', object: obj('', '21') });
      },
      () => {
        throw new ApiRequestError(410, { reason: 'Expired' });
      },
    ],
  );
  const inf = new Informer<KubeObject>(
    client,
    { path: '/api/v1/pods', query: 'x=1', retryMs: 1, timeoutSeconds: 300 },
    {
      onChange: (o, deleted) =>
        seen.push(
          `${deleted ? 'del' : 'upd'} ${o.metadata.name ?? ''}@${o.metadata.resourceVersion ?? ''}`,
        ),
    },
  );
  const run = inf.run();
  await new Promise((r) => setTimeout(r, 50));
  inf.stop();
  await run;
  assert.deepEqual(paths, [
    '/api/v1/pods?x=1',
    '/api/v1/pods?x=1&watch=true&allowWatchBookmarks=true&timeoutSeconds=300&resourceVersion=10',
    '/api/v1/pods?x=1&watch=true&allowWatchBookmarks=true&timeoutSeconds=300&resourceVersion=21',
    '/api/v1/pods?x=1',
    '/api/v1/pods?x=1&watch=true&allowWatchBookmarks=true&timeoutSeconds=300&resourceVersion=11',
  ]);
  assert.deepEqual(seen, ['upd a@1', 'upd b@2', 'upd a@20', 'upd a@30', 'del b@2']);
  assert.deepEqual([...inf.cache.keys()], ['ns/a']);
});
