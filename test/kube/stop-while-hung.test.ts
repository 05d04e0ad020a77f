// End to end: an Informer and a LeaderElector neither hang nor stall when the API server stops
// answering (a black hole, not a refused connection): they stop promptly and recover.
import assert from 'node:assert/strict';
import { after, before, test, type TestContext } from 'node:test';
import { KubeLeaseLock } from '../../src/kube/lease-lock-kube.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { runCandidate, TIMINGS } from './election-harness.ts';
import {
  clientsFor,
  configMapInformer,
  kubeconfigVia,
  recordingLogger,
  waitFor,
} from './support.ts';
import { TcpProxy } from './tcp-proxy.ts';

let sb: TestSandbox;
before(async () => {
  sb = await startTestSandbox();
});
after(() => sb.stop());

/** A proxy in front of the sandbox, closed when the test ends. */
async function proxyFor(t: TestContext): Promise<TcpProxy> {
  const p = await TcpProxy.start(Number(new URL(sb.url).port));
  t.after(() => p.close());
  return p;
}

/** Resolves with how long `p` took; fails the test if it takes longer than `ms`. */
async function within(ms: number, what: string, p: Promise<unknown>): Promise<number> {
  const start = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${String(ms)} ms`)), ms);
  });
  try {
    await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
  return Date.now() - start;
}

void test('informer and elector stop promptly while the API server does not answer', async (t) => {
  const proxy = await proxyFor(t);
  const c = clientsFor(kubeconfigVia(sb, proxy.url, 'kc-stop'));
  const { informer } = configMapInformer(c, {
    namespace: 'default',
    labelSelector: 'app=e2e',
    logger: recordingLogger(),
  });
  informer.start();
  await informer.waitForSync(AbortSignal.timeout(10_000));
  const a = runCandidate('a', new KubeLeaseLock(c.coordination, 'default', 'hung'), true);
  await waitFor(() => a.startedAt !== null, 'a leads');

  const before = proxy.connections;
  const stalledAt = Date.now();
  proxy.stall();
  // Both reconnect into the black hole: the informer's list or watch, a's renewals.
  await waitFor(() => proxy.connections >= before + 2, 'clients reconnect into the stall');
  await waitFor(() => a.stoppedAt !== null, 'a stops leading when renewals hang', 10_000);
  assert.ok(a.stoppedAt! - stalledAt <= TIMINGS.renewDeadlineMs + 1_000, 'a stops in time');

  await within(2_000, 'informer.stop() while watching', informer.stop());
  // An informer whose very first list hangs.
  const late = configMapInformer(c, {
    namespace: 'default',
    labelSelector: 'app=e2e',
    logger: recordingLogger(),
  }).informer;
  const seenBefore = proxy.connections;
  late.start();
  await waitFor(() => proxy.connections > seenBefore, 'the list call reaches the stall');
  await within(2_000, 'informer.stop() while listing', late.stop());
  a.cancel.abort();
  await within(TIMINGS.renewDeadlineMs + 2_000, 'elector run() to return', a.done);
});

void test('informer: a list that never answers times out, and the informer syncs once the API is back', async (t) => {
  const hole = await proxyFor(t);
  const logger = recordingLogger();
  const { informer } = configMapInformer(clientsFor(kubeconfigVia(sb, hole.url, 'kc-list')), {
    namespace: 'default',
    labelSelector: 'app=e2e',
    logger,
    listTimeoutMs: 1_000,
  });
  t.after(() => informer.stop());
  hole.stall();
  informer.start();
  await waitFor(() => logger.count('list/watch failed; retrying') > 0, 'the hung list times out');
  assert.equal(informer.hasSynced(), false);
  hole.unblock();
  await informer.waitForSync(AbortSignal.timeout(10_000));
});

void test('elector: a standby whose lease read hangs still takes over once the API answers again', async (t) => {
  const hole = await proxyFor(t);
  const direct = clientsFor(sb.kubeconfig);
  const viaHole = clientsFor(kubeconfigVia(sb, hole.url, 'kc-standby'));
  const a = runCandidate('a', new KubeLeaseLock(direct.coordination, 'default', 'standby'), true);
  t.after(() => {
    a.cancel.abort();
    return a.done;
  });
  await waitFor(() => a.startedAt !== null, 'a leads');
  hole.stall();
  const b = runCandidate('b', new KubeLeaseLock(viaHole.coordination, 'default', 'standby'), false);
  t.after(() => {
    b.cancel.abort();
    return b.done;
  });
  await waitFor(() => hole.connections > 0, "b's first lease read is swallowed");
  hole.unblock();
  a.cancel.abort();
  await a.done;
  // Upstream bounds each lease request by the renew deadline; b must not wait forever.
  await waitFor(() => b.startedAt !== null, 'b takes over', 3 * TIMINGS.leaseDurationMs);
});
