import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Command } from 'commander';
import type { Clock } from '../lib/clock.ts';
import { agentStatus, demoCluster, FakeClusterApi, pod } from './cluster-fixtures.ts';
import {
  promote,
  registerClusterCommands,
  showStatus,
  type ClusterDeps,
  type ConnectOptions,
} from './cluster-commands.ts';
import type { CliContext } from './context.ts';
import { CliError } from './errors.ts';

/** A clock whose sleep moves time forward at once. */
function steppingClock(): Clock {
  let t = 0;
  return {
    now: () => t,
    setTimeout: () => ({ id: 0 }),
    clearTimeout: () => undefined,
    sleep: (ms) => {
      t += ms;
      return Promise.resolve();
    },
  };
}

/** demo-0 primary; demo-1 ready but 4 KiB behind; demo-2 ready and caught up. */
function healthyApi(): FakeClusterApi {
  return new FakeClusterApi(demoCluster(), [
    pod('demo-0', {
      ready: true,
      status: agentStatus('demo-0', { role: 'primary', streaming: false }),
    }),
    pod('demo-1', { ready: true, status: agentStatus('demo-1', { lagBytes: 4096 }) }),
    pod('demo-2', { ready: true, status: agentStatus('demo-2', { lagBytes: 0 }) }),
  ]);
}

function deps(api: FakeClusterApi): ClusterDeps & { out: string[] } {
  const out: string[] = [];
  return { api, namespace: 'default', clock: steppingClock(), stdout: (l) => out.push(l), out };
}

/** Plays the agents: `reads` cluster reads after the target is set, the target becomes primary. */
function agentsSwitchAfter(api: FakeClusterApi, reads: number): void {
  let seen = 0;
  api.onGet = (c) => {
    const target = c.status?.targetPrimary;
    if (!target || target === c.status?.currentPrimary || ++seen < reads) return;
    c.status = { ...c.status, currentPrimary: target, timeline: 2 };
  };
}

async function refused(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof CliError, String(err));
  assert.equal(err.exitCode, 1);
  return err.message;
}

void describe('promote', () => {
  void test('targets the best replica, conditionally on the resourceVersion, and waits for it', async () => {
    const api = healthyApi();
    agentsSwitchAfter(api, 3);
    const d = deps(api);
    await promote(d, { cluster: 'demo' }, { wait: true, timeout: 60 });
    assert.deepEqual(api.patches, [{ target: 'demo-2', resourceVersion: '7' }]);
    assert.deepEqual(d.out, [
      'demo: switching over from demo-0 to demo-2, the best replica (0 bytes behind)',
      'demo-2 is the primary on timeline 2 after 0.5s',
    ]);
  });

  void test('--no-wait returns once the target is set', async () => {
    const api = healthyApi();
    const d = deps(api);
    await promote(d, { cluster: 'demo', instance: 'demo-1' }, { wait: false, timeout: 60 });
    assert.equal(api.cluster?.status?.targetPrimary, 'demo-1');
    assert.equal(api.cluster?.status?.currentPrimary, 'demo-0');
    assert.deepEqual(d.out, [
      'demo: switching over from demo-0 to demo-1, as asked',
      'target set; the agents perform it (watch with "steward status demo")',
    ]);
  });

  void test('re-plans after a conflict, and gives up when the cluster keeps changing', async () => {
    const api = healthyApi();
    api.conflicts = 1;
    await promote(deps(api), { cluster: 'demo' }, { wait: false, timeout: 60 });
    assert.equal(api.patches.length, 2);
    const busy = healthyApi();
    busy.conflicts = 10;
    const msg = await refused(
      promote(deps(busy), { cluster: 'demo' }, { wait: false, timeout: 60 }),
    );
    assert.equal(msg, 'demo kept changing while setting the target; try again');
  });

  void test('an identical pending request is waited for without patching again', async () => {
    const api = healthyApi();
    api.cluster!.status!.targetPrimary = 'demo-1';
    agentsSwitchAfter(api, 2);
    const d = deps(api);
    await promote(d, { cluster: 'demo', instance: 'demo-1' }, { wait: true, timeout: 60 });
    assert.deepEqual(api.patches, []);
    assert.equal(d.out[0], 'demo: switchover to demo-1 already requested');
  });

  void test('times out with what it saw', async () => {
    const msg = await refused(
      promote(deps(healthyApi()), { cluster: 'demo' }, { wait: true, timeout: 2 }),
    );
    assert.equal(
      msg,
      'demo-2 did not become the primary within 2s (currentPrimary is still demo-0); ' +
        'the request stays in status.targetPrimary, see "steward status demo"',
    );
  });

  void test('notices when a failover elsewhere supersedes the switchover', async () => {
    const api = healthyApi();
    api.onGet = (c) => {
      if (c.status?.targetPrimary === 'demo-2')
        c.status = { ...c.status, currentPrimary: 'demo-1', targetPrimary: 'demo-1' };
    };
    const msg = await refused(promote(deps(api), { cluster: 'demo' }, { wait: true, timeout: 60 }));
    assert.equal(
      msg,
      'the switchover to demo-2 was superseded: currentPrimary is demo-1, targetPrimary demo-1',
    );
  });

  void test('refuses an unknown cluster and bad instances without writing', async () => {
    const api = healthyApi();
    const run = (cluster: string, instance?: string) =>
      refused(
        promote(
          deps(api),
          { cluster, ...(instance ? { instance } : {}) },
          { wait: false, timeout: 1 },
        ),
      );
    assert.equal(await run('nope'), 'postgrescluster "nope" not found in namespace "default"');
    assert.equal(await run('demo', 'demo-0'), 'cannot promote: demo-0 is already the primary');
    assert.equal(
      await run('demo', 'other-1'),
      'cannot promote: other-1 is not an instance of demo (instances: demo-0, demo-1, demo-2)',
    );
    api.pods[1] = pod('demo-1', {
      ready: false,
      status: agentStatus('demo-1', { streaming: false }),
    });
    assert.equal(
      await run('demo', 'demo-1'),
      'cannot promote: demo-1 is not a ready streaming replica (not ready, not streaming)',
    );
    api.cluster!.spec.pause = true;
    assert.equal(
      await run('demo'),
      'cannot promote: demo is paused (spec.pause); resume it before a switchover',
    );
    assert.deepEqual(api.patches, []);
  });
});

void describe('status', () => {
  void test('prints the view of the cluster', async () => {
    const api = healthyApi();
    const d = deps(api);
    await showStatus(d, 'demo');
    assert.equal(d.out[0], 'Cluster: default/demo');
    assert.ok(d.out.includes('Lease:   demo-primary: none yet'), d.out.join('\n'));
    assert.ok(
      d.out.some((l) => /^ {2}demo-1 +replica +yes +yes .* 4 KiB/.test(l)),
      d.out.join('\n'),
    );
  });

  void test('refuses an unknown cluster', async () => {
    assert.equal(
      await refused(showStatus(deps(healthyApi()), 'nope')),
      'postgrescluster "nope" not found in namespace "default"',
    );
  });
});

void describe('command wiring', () => {
  function program(api: FakeClusterApi, fail?: Error) {
    const out: string[] = [];
    const seen: ConnectOptions[] = [];
    const ctx = {
      clock: steppingClock(),
      stdout: (l: string) => out.push(l),
    } as unknown as CliContext;
    const p = new Command('steward').exitOverride();
    registerClusterCommands(p, ctx, (o) => {
      seen.push(o);
      if (fail) api.getCluster = () => Promise.reject(fail);
      return { api, namespace: o.namespace ?? 'default', server: 'https://127.0.0.1:6443' };
    });
    return { p, out, seen };
  }

  void test('passes --kubeconfig, --context and -n, and parses --no-wait', async () => {
    const api = healthyApi();
    const { p, out, seen } = program(api);
    await p.parseAsync(
      ['promote', 'demo', '--no-wait', '--kubeconfig', '/k', '--context', 'c', '-n', 'default'],
      {
        from: 'user',
      },
    );
    assert.deepEqual(seen, [
      { kubeconfig: '/k', context: 'c', namespace: 'default', wait: false, timeout: 60 },
    ]);
    assert.equal(out.length, 2);
    assert.equal(api.cluster?.status?.targetPrimary, 'demo-2');
  });

  void test('names the API server when a call fails unexpectedly', async () => {
    const { p } = program(healthyApi(), new Error('connect ECONNREFUSED 127.0.0.1:6443'));
    const msg = await refused(p.parseAsync(['status', 'demo'], { from: 'user' }));
    assert.equal(
      msg,
      'while talking to https://127.0.0.1:6443: connect ECONNREFUSED 127.0.0.1:6443',
    );
  });
});
