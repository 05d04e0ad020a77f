// End to end, real time, real Leases: LeaderElector + KubeLeaseLock against the sandbox.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { JITTER_FACTOR } from '../../src/kube/leader-elector.ts';
import { KubeLeaseLock } from '../../src/kube/lease-lock-kube.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import {
  LeasePoller,
  LeaderSampler,
  runCandidate,
  TIMINGS,
  type Candidate,
} from './election-harness.ts';
import { clientsFor, createNamespace, kubeconfigVia, waitFor } from './support.ts';
import { TcpProxy } from './tcp-proxy.ts';

const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
/** Slack for scheduling on a loaded machine. */
const SLACK_MS = 1_000;
/** The longest wait between two acquire attempts (retry period with full jitter). */
const MAX_RETRY_MS = TIMINGS.retryPeriodMs * (1 + JITTER_FACTOR);

let sb: TestSandbox | null = null;
let proxy: TcpProxy | null = null;
after(async () => {
  await proxy?.close();
  await sb?.stop();
});

void test('leader election: one leader at a time, fenced failover, clean hand-over', async (t) => {
  sb = await startTestSandbox();
  proxy = await TcpProxy.start(Number(new URL(sb.url).port));
  const direct = clientsFor(sb.kubeconfig);
  const viaProxy = clientsFor(kubeconfigVia(sb, proxy.url, 'kubeconfig-proxy'));
  const namespace = await createNamespace(direct, 'election');
  const name = 'leader';
  const sampler = new LeaderSampler();
  const poller = new LeasePoller(direct, namespace, name);
  const all: Candidate[] = sampler.candidates;
  t.after(async () => {
    for (const c of all) c.cancel.abort();
    await Promise.all(all.map((c) => c.done));
    sampler.stop();
    await poller.stop();
  });
  const read = async (): Promise<Record<string, unknown>> =>
    (await direct.coordination.readNamespacedLease({ name, namespace })).spec as Record<
      string,
      unknown
    >;

  // a (whose API access goes through the proxy) leads; b contends.
  const a = runCandidate('a', new KubeLeaseLock(viaProxy.coordination, namespace, name), false);
  all.push(a);
  await waitFor(() => a.startedAt !== null, 'a acquires the free lease');
  const b = runCandidate('b', new KubeLeaseLock(direct.coordination, namespace, name), true);
  all.push(b);
  await new Promise((r) => setTimeout(r, TIMINGS.leaseDurationMs + TIMINGS.retryPeriodMs));
  assert.equal(b.startedAt, null, 'b never leads while a renews');
  let spec = await read();
  assert.equal(spec.holderIdentity, 'a');
  assert.equal(spec.leaseTransitions, 0);
  assert.equal(spec.leaseDurationSeconds, 3);
  assert.match(String(spec.renewTime), MICRO_TIME);
  assert.match(String(spec.acquireTime), MICRO_TIME);
  assert.ok(Date.parse(String(spec.renewTime)) > a.startedAt! + TIMINGS.leaseDurationMs, 'renewed');

  // Cut a off the API: it must stop leading within the renew deadline, and b may lead only a
  // full lease duration after the last renewal it could have seen.
  const killedAt = Date.now();
  proxy.block();
  await a.done;
  await waitFor(() => b.startedAt !== null, 'b takes over', 15_000);
  const lastRenewA = poller.lastRenewOf('a');
  assert.ok(a.stoppedAt! - killedAt <= TIMINGS.renewDeadlineMs + SLACK_MS, 'a stops in time');
  assert.ok(a.stoppedAt! < b.startedAt!, 'a stopped before b started');
  assert.ok(b.startedAt! >= lastRenewA + TIMINGS.leaseDurationMs, 'b waited a lease duration');
  // b sees a's last renewal at its next poll (≤ one retry later) and acquires at the first poll
  // after a lease duration has passed since then (≤ one more retry).
  assert.ok(
    b.startedAt! <= lastRenewA + TIMINGS.leaseDurationMs + 2 * MAX_RETRY_MS + SLACK_MS,
    `b took over promptly (${String(b.startedAt! - lastRenewA)} ms after a's last renewal)`,
  );
  t.diagnostic(
    `a stopped ${String(a.stoppedAt! - killedAt)} ms after the cut; b started ` +
      `${String(b.startedAt! - lastRenewA)} ms after a's last renewal`,
  );
  spec = await read();
  assert.equal(spec.holderIdentity, 'b');
  assert.equal(spec.leaseTransitions, 1);
  assert.match(String(spec.renewTime), MICRO_TIME);
  assert.match(String(spec.acquireTime), MICRO_TIME);

  // c contends; b shuts down cleanly with releaseOnCancel, so c takes over within a retry.
  const c = runCandidate('c', new KubeLeaseLock(direct.coordination, namespace, name), false);
  all.push(c);
  await new Promise((r) => setTimeout(r, MAX_RETRY_MS)); // c has seen b's valid lease
  assert.equal(c.startedAt, null, 'c waits while b leads');
  b.cancel.abort();
  await b.done;
  const releasedAt = Date.now();
  await waitFor(() => c.startedAt !== null, 'c takes over after the release');
  assert.ok(b.stoppedAt! < c.startedAt!, 'b stopped before c started');
  assert.ok(c.startedAt! - releasedAt <= MAX_RETRY_MS + SLACK_MS, 'c took over within a retry');
  t.diagnostic(`c started ${String(c.startedAt! - releasedAt)} ms after b released`);
  spec = await read();
  assert.equal(spec.holderIdentity, 'c');
  assert.equal(spec.leaseTransitions, 2);

  sampler.sample();
  assert.deepEqual(sampler.overlaps(), [], 'never two leaders at once');
  assert.deepEqual(sampler.notExactly('a', a.startedAt! + 100, killedAt), []);
  assert.deepEqual(sampler.notExactly('b', b.startedAt! + 100, b.stoppedAt! - 100), []);
  assert.ok(sampler.samples.length > 100, 'the sampler ran throughout');
});
