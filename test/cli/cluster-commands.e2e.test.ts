// `steward promote` and `steward status` (and `kubectl steward …`) against a sandbox API server.
// No agents run: the test writes the status they would publish and plays their switchover.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { POSTGRES_CLUSTER_CRD_PATH } from '../../src/api/crd.ts';
import { connectKube } from '../../src/cli/cluster-commands.ts';
import { steward, type CliRun } from '../../src/cli/test-support.ts';
import { kubectlOk } from '../support/kubectl.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
let t: TestSandbox;

const kube = (args: string[], input?: string) =>
  kubectlOk(t.kubeconfig, args, input === undefined ? {} : { input });
const cli = (...args: string[]) => steward([...args, '--kubeconfig', t.kubeconfig], ROOT);

function agentStatus(name: string, role: string, streaming: boolean, lagBytes: number | null) {
  return JSON.stringify({
    name,
    role,
    streaming,
    postgresRunning: true,
    lsn: '0/3000060',
    lagBytes,
    timeline: 1,
    message:
      role === 'primary' ? 'no action: I am the primary and hold the lease' : 'following demo-0',
  });
}

/** An unscheduled pod carrying the labels and status annotation its agent would write. */
function podDoc(
  name: string,
  role: string,
  streaming: boolean,
  lagBytes: number | null = null,
): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { 'steward.dev/cluster': 'demo', 'steward.dev/role': role },
      annotations: { 'steward.dev/status': agentStatus(name, role, streaming, lagBytes) },
    },
    spec: { containers: [{ name: 'postgres', image: 'steward/instance:15' }] },
  });
}

/** The status the operator and agents would have written: demo-0 primary, demo-3 not ready. */
function fakeStatus(currentPrimary: string) {
  const inst = (name: string, ready: boolean) => ({
    name,
    role: name === currentPrimary ? 'primary' : 'replica',
    ready,
    lsn: '0/3000060',
    lagBytes: name === 'demo-2' ? 0 : name === currentPrimary ? undefined : 8192,
    timeline: 1,
  });
  return {
    status: {
      phase: 'Ready',
      currentPrimary,
      targetPrimary: currentPrimary,
      timeline: 1,
      instances: 4,
      readyInstances: 3,
      instancesStatus: [
        inst('demo-0', true),
        inst('demo-1', true),
        inst('demo-2', true),
        inst('demo-3', false),
      ],
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'InstancesReady',
          message: '3 of 4 instances ready',
          lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        },
      ],
    },
  };
}

async function patchStatus(patch: object): Promise<void> {
  await kube([
    'patch',
    'pgc',
    'demo',
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify(patch),
  ]);
}

async function statusField(field: string): Promise<string> {
  return kube(['get', 'pgc', 'demo', '-o', `jsonpath={.status.${field}}`]);
}

function assertRefused(r: CliRun, message: string): void {
  assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
  assert.equal(r.stderr.trim(), `steward: ${message}`);
}

before(async () => {
  t = await startTestSandbox({ nodes: 0 });
  await kube(['apply', '-f', join(ROOT, POSTGRES_CLUSTER_CRD_PATH)]);
  await kube(['wait', '--for=condition=Established', 'crd/postgresclusters.steward.dev']);
  const now = new Date().toISOString();
  const docs = [
    '{apiVersion: steward.dev/v1alpha1, kind: PostgresCluster, metadata: {name: demo}, spec: {instances: 4, storage: {size: 1Gi}}}',
    podDoc('demo-0', 'primary', false),
    podDoc('demo-1', 'replica', true, 8192),
    podDoc('demo-2', 'replica', true, 0),
    podDoc('demo-3', 'replica', false, 65536),
    JSON.stringify({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'demo-primary' },
      spec: {
        holderIdentity: 'demo-0',
        leaseDurationSeconds: 15,
        renewTime: now.replace('Z', '000Z'),
      },
    }),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'demo.created' },
      involvedObject: {
        apiVersion: 'steward.dev/v1alpha1',
        kind: 'PostgresCluster',
        name: 'demo',
        namespace: 'default',
      },
      type: 'Normal',
      reason: 'Created',
      message: 'created StatefulSet demo',
      firstTimestamp: now.replace(/\.\d+Z$/, 'Z'),
      lastTimestamp: now.replace(/\.\d+Z$/, 'Z'),
      count: 1,
    }),
  ];
  await kube(['apply', '-f', '-'], docs.map((d) => `---\n${d}`).join('\n'));
  await patchStatus(fakeStatus('demo-0'));
});
after(() => t?.stop());

void describe('steward status', () => {
  void test('shows instances, roles, lease holder, conditions and events', async () => {
    const r = await cli('status', 'demo');
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout;
    assert.match(out, /^Cluster: +default\/demo$/m);
    assert.match(out, /^Phase: +Ready \(3 of 4 instances ready\)$/m);
    assert.match(out, /^Primary: +demo-0, timeline 1$/m);
    assert.match(out, /^Lease: +demo-primary held by demo-0, renewed \d+s ago, duration 15s$/m);
    assert.match(out, /^ {2}demo-0 +primary +yes +- +0\/3000060 +- +1 +-$/m);
    assert.match(out, /^ {2}demo-1 +replica +yes +yes +0\/3000060 +8 KiB +1 +-$/m);
    assert.match(out, /^ {2}demo-3 +replica +no +no /m);
    assert.match(out, /^ {2}Ready +True +InstancesReady +\d+s +3 of 4 instances ready$/m);
    assert.match(
      out,
      /^ {2}\d+s +Normal +Created +postgrescluster\/demo +created StatefulSet demo$/m,
    );
  });

  void test('an unknown cluster exits 1 with a message', async () => {
    assertRefused(
      await cli('status', 'nope'),
      'postgrescluster "nope" not found in namespace "default"',
    );
  });
});

void describe('steward promote', () => {
  void test('refuses bad input with exit code 1 and a clear message, changing nothing', async () => {
    assertRefused(
      await cli('promote', 'nope'),
      'postgrescluster "nope" not found in namespace "default"',
    );
    assertRefused(
      await cli('promote', 'demo', 'demo-9'),
      'cannot promote: demo-9 is not an instance of demo (instances: demo-0, demo-1, demo-2, demo-3)',
    );
    assertRefused(
      await cli('promote', 'demo', 'demo-0'),
      'cannot promote: demo-0 is already the primary',
    );
    assertRefused(
      await cli('promote', 'demo', 'demo-3'),
      'cannot promote: demo-3 is not a ready streaming replica (not ready, not streaming)',
    );
    assertRefused(
      await cli('promote', '-n', 'elsewhere', 'demo'),
      'postgrescluster "demo" not found in namespace "elsewhere"',
    );
    await kube(['patch', 'pgc', 'demo', '--type=merge', '-p', '{"spec":{"pause":true}}']);
    try {
      assertRefused(
        await cli('promote', 'demo', 'demo-1'),
        'cannot promote: demo is paused (spec.pause); resume it before a switchover',
      );
    } finally {
      await kube(['patch', 'pgc', 'demo', '--type=merge', '-p', '{"spec":{"pause":false}}']);
    }
    assert.equal(await statusField('targetPrimary'), 'demo-0');
  });

  void test('usage errors exit 2', async () => {
    const r = await cli('promote');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing required argument 'cluster'/);
  });

  void test('--no-wait sets status.targetPrimary and returns', async () => {
    const r = await cli('promote', 'demo', 'demo-1', '--no-wait');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /switching over from demo-0 to demo-1, as asked/);
    assert.equal(await statusField('targetPrimary'), 'demo-1');
    assert.equal(await statusField('currentPrimary'), 'demo-0');
    const busy = await cli('promote', 'demo', 'demo-2', '--no-wait');
    assertRefused(
      busy,
      'cannot promote: a switchover from demo-0 to demo-1 is already in progress',
    );
    await patchStatus(fakeStatus('demo-0'));
  });

  void test('without an instance, picks the best replica and waits until it is the primary', async () => {
    const run = cli('promote', 'demo', '--timeout', '30');
    // Play the agents: once the target differs from the primary, make the target the primary.
    let target = '';
    for (let i = 0; i < 200 && (target === '' || target === 'demo-0'); i++) {
      target = await statusField('targetPrimary');
      if (target === 'demo-0') await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(target, 'demo-2', 'the replica with the least lag');
    await new Promise((r) => setTimeout(r, 500));
    await patchStatus({
      status: { currentPrimary: 'demo-2', targetPrimary: 'demo-2', timeline: 2 },
    });
    const r = await run;
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /switching over from demo-0 to demo-2, the best replica \(0 bytes behind\)/,
    );
    assert.match(r.stdout, /^demo-2 is the primary on timeline 2 after \d+\.\ds$/m);
    await patchStatus(fakeStatus('demo-0'));
  });

  void test('the target is set only on the version read: a change in between is not overwritten', async () => {
    const { api, namespace } = connectKube({ kubeconfig: t.kubeconfig });
    assert.equal(namespace, 'default');
    const seen = (await api.getCluster(namespace, 'demo'))!;
    await patchStatus({ status: { phase: 'Failover' } });
    const rv = seen.metadata.resourceVersion ?? '';
    assert.equal(await api.setTargetPrimary(seen, 'demo-1', rv), 'conflict');
    assert.equal(await statusField('targetPrimary'), 'demo-0');
    const fresh = (await api.getCluster(namespace, 'demo'))!;
    assert.equal(
      await api.setTargetPrimary(fresh, 'demo-1', fresh.metadata.resourceVersion ?? ''),
      'ok',
    );
    assert.equal(await statusField('targetPrimary'), 'demo-1');
    await patchStatus(fakeStatus('demo-0'));
  });

  void test('times out when the agents do not act', async () => {
    const r = await cli('promote', 'demo', 'demo-1', '--timeout', '1');
    assertRefused(
      r,
      'demo-1 did not become the primary within 1s (currentPrimary is still demo-0); ' +
        'the request stays in status.targetPrimary, see "steward status demo"',
    );
    await patchStatus(fakeStatus('demo-0'));
  });
});

/** Runs the real kubectl with bin/ first on the PATH and KUBECONFIG set (as a user would). */
function kubectlPlugin(args: string[]): Promise<CliRun> {
  return new Promise((res, rej) => {
    const env = {
      ...process.env,
      PATH: `${join(ROOT, 'bin')}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
      KUBECONFIG: t.kubeconfig,
    };
    const child = spawn('kubectl', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', rej);
    child.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
  });
}

void describe('kubectl steward', () => {
  void test('kubectl finds the plugin and passes the arguments after "steward"', async () => {
    const help = await kubectlPlugin(['steward', 'promote', '--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^Usage: steward promote \[options\] <cluster> \[instance\]$/m);
    assert.match(help.stdout, /--no-wait/);
  });

  void test('kubectl steward promote sets the target, with the kubeconfig from KUBECONFIG', async () => {
    const r = await kubectlPlugin(['steward', 'promote', 'demo', 'demo-1', '--no-wait']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await statusField('targetPrimary'), 'demo-1');
    const refused = await kubectlPlugin(['steward', 'promote', 'demo', 'demo-2']);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /steward: cannot promote: a switchover from demo-0 to demo-1 is already in progress/,
    );
    await patchStatus(fakeStatus('demo-0'));
  });
});
