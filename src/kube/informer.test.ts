import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubernetesObject } from '@kubernetes/client-node';
import { FakeClock } from '../lib/clock.ts';
import { Informer } from './informer.ts';
import { FakeListWatch } from './fake-list-watch.ts';

type Obj = KubernetesObject & { data?: string };
const obj = (name: string, data = 'v1', namespace = 'ns'): Obj => ({
  metadata: { name, namespace },
  data,
});

function setup(): { clock: FakeClock; api: FakeListWatch<Obj>; inf: Informer<Obj>; log: string[] } {
  const clock = new FakeClock();
  const api = new FakeListWatch<Obj>();
  const inf = new Informer<Obj>({ listWatch: api, clock });
  const log: string[] = [];
  inf.addHandlers({
    onAdd: (o) => log.push(`add ${o.metadata!.name} ${o.data}`),
    onUpdate: (old, o) => log.push(`update ${o.metadata!.name} ${old.data}->${o.data}`),
    onDelete: (o) => log.push(`delete ${o.metadata!.name}`),
  });
  return { clock, api, inf, log };
}

const names = (inf: Informer<Obj>): string[] =>
  inf
    .list()
    .map((o) => `${o.metadata!.name}=${o.data}`)
    .sort();

void test('lists, syncs, then watches from the list resourceVersion; events update cache and handlers', async () => {
  const { clock, api, inf, log } = setup();
  api.put(obj('a'));
  api.put(obj('b'));
  inf.start();
  await inf.waitForSync();
  await clock.advance(0);
  assert.ok(inf.hasSynced());
  assert.deepEqual(api.watchCalls, [api.resourceVersion]);
  assert.deepEqual(log.sort(), ['add a v1', 'add b v1']);
  log.length = 0;
  api.put(obj('c'));
  api.put(obj('a', 'v2'));
  api.remove('ns/b');
  assert.deepEqual(log, ['add c v1', 'update a v1->v2', 'delete b']);
  assert.deepEqual(names(inf), ['a=v2', 'c=v1']);
  assert.equal(inf.get('ns', 'a')?.data, 'v2');
  assert.equal(inf.list('other').length, 0);
  assert.equal(inf.lastResourceVersion(), api.resourceVersion);
  await inf.stop();
  assert.equal(api.open, 0);
  assert.equal(clock.pending, 0);
});

void test('a bookmark moves the resourceVersion; a stream end re-watches from it without relisting', async () => {
  const { clock, api, inf, log } = setup();
  api.put(obj('a'));
  inf.start();
  await clock.advance(0);
  api.put(obj('x', 'other-ns', 'elsewhere'));
  api.bookmark();
  const bookmarkRv = api.resourceVersion;
  assert.equal(inf.lastResourceVersion(), bookmarkRv);
  api.endStreams();
  api.put(obj('a', 'v2')); // happens between two streams: replayed from history
  await clock.advance(0);
  assert.deepEqual(api.watchCalls.slice(1), [bookmarkRv]);
  assert.equal(api.listCalls, 1);
  assert.ok(log.includes('update a v1->v2'));
  assert.equal(inf.lastResourceVersion(), api.resourceVersion);
  await inf.stop();
});

void test('a 410 ERROR event triggers a relist that emits exactly the differences', async () => {
  const { clock, api, inf, log } = setup();
  api.put(obj('keep'));
  api.put(obj('change'));
  api.put(obj('gone'));
  inf.start();
  await clock.advance(0);
  api.down = true;
  api.endStreams(new Error('connection reset'));
  await clock.advance(0);
  api.put(obj('change', 'v2'));
  api.remove('ns/gone');
  api.put(obj('new'));
  api.compact();
  api.down = false;
  log.length = 0;
  await clock.advance(800);
  assert.equal(api.listCalls, 2);
  assert.deepEqual(log.sort(), ['add new v1', 'delete gone', 'update change v1->v2']);
  assert.deepEqual(names(inf), ['change=v2', 'keep=v1', 'new=v1']);
  assert.equal(api.open, 1, 'watching again');
  assert.equal(api.watchCalls.at(-1), api.resourceVersion);
  await inf.stop();
});

void test('an HTTP 410 on the watch request also relists', async () => {
  const { clock, api, inf } = setup();
  inf.start();
  await clock.advance(0);
  api.endStreams(Object.assign(new Error('Gone'), { statusCode: 410 }));
  await clock.advance(0);
  assert.equal(api.listCalls, 2);
  await inf.stop();
});

void test('connection refused: capped exponential backoff, then recovery without losing events', async () => {
  const { clock, api, inf, log } = setup();
  api.down = true;
  inf.start();
  const synced = inf.waitForSync();
  const attempts: number[] = [];
  const t0 = clock.now();
  for (let i = 0; i < 900; i++) {
    const before = api.listCalls;
    await clock.advance(100);
    if (api.listCalls > before) attempts.push(clock.now() - t0);
  }
  assert.equal(inf.hasSynced(), false);
  assert.deepEqual(
    attempts,
    [800, 2400, 5600, 12000, 24800, 50400, 80400],
    '800 ms doubling, capped at 30 s',
  );
  api.down = false;
  api.put(obj('a'));
  await clock.advance(30_000);
  await synced;
  assert.deepEqual(log, ['add a v1']);
  // The API server restarts while we watch: the watch resumes from the last resourceVersion.
  api.down = true;
  api.endStreams(new Error('socket hang up'));
  await clock.advance(5_000);
  api.put(obj('b'));
  api.down = false;
  await clock.advance(5_000);
  assert.deepEqual(log, ['add a v1', 'add b v1']);
  assert.equal(api.listCalls, attempts.length + 2, 'no relist needed after a watch outage');
  await inf.stop();
});

void test('never silently stops: throwing handlers and empty streams that close at once do not end it', async () => {
  const { clock, api, inf } = setup();
  inf.addHandlers({
    onAdd: () => {
      throw new Error('handler bug');
    },
  });
  inf.start();
  await clock.advance(0);
  for (let i = 0; i < 5; i++) {
    api.endStreams();
    await clock.advance(0);
  }
  const calls = api.watchCalls.length;
  assert.ok(calls <= 7, `backs off instead of spinning (${calls} watch calls)`);
  await clock.advance(60_000);
  api.put(obj('late'));
  assert.equal(inf.get('ns', 'late')?.data, 'v1');
  await inf.stop();
});

void test('handlers added after sync get the cache replayed as adds; waitForSync honours abort', async () => {
  const { clock, api, inf } = setup();
  const ctl = new AbortController();
  api.down = true;
  inf.start();
  const w = inf.waitForSync(ctl.signal);
  ctl.abort(new Error('gave up'));
  await assert.rejects(w, /gave up/);
  api.down = false;
  api.put(obj('a'));
  await clock.advance(1000);
  const seen: string[] = [];
  inf.addHandlers({ onAdd: (o) => seen.push(o.metadata!.name!) });
  assert.deepEqual(seen, ['a']);
  await inf.stop();
});
