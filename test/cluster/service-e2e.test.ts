// End to end against real kubelets: a 3-pod StatefulSet of `steward/echo-server` behind a ClusterIP
// Service and a headless one — traffic spread over all pods, an unready pod dropped from new
// connections, pod DNS names in /etc/hosts, and `kubectl logs` / `kubectl exec`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { COMPRESSED_TIMINGS } from '../../src/sandbox/config.ts';
import { R } from '../../src/sandbox/controllers/local-client.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { E2E, headlessService, httpGet, isReady, waitFor, type Obj } from './e2e-support.ts';

const PODS = ['echo-0', 'echo-1', 'echo-2'];
let sb: TestSandbox;
let k: E2E;

const echoStatefulSet = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'echo' },
  spec: {
    serviceName: 'echo-hl',
    replicas: 3,
    podManagementPolicy: 'Parallel',
    selector: { matchLabels: { app: 'echo' } },
    template: {
      metadata: { labels: { app: 'echo' } },
      spec: {
        terminationGracePeriodSeconds: 2,
        volumes: [{ name: 'flags', emptyDir: {} }],
        initContainers: [
          {
            name: 'init',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'touch /flags/ready'],
            volumeMounts: [{ name: 'flags', mountPath: '/flags' }],
          },
        ],
        containers: [
          {
            name: 'echo',
            image: 'steward/echo-server:1',
            env: [{ name: 'PORT', value: '8080' }],
            ports: [{ name: 'http', containerPort: 8080 }],
            volumeMounts: [{ name: 'flags', mountPath: '/flags' }],
            readinessProbe: {
              exec: { command: ['test', '-f', '/flags/ready'] },
              periodSeconds: 1,
              failureThreshold: 1,
            },
          },
        ],
      },
    },
  },
};

const clusterIpService = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'echo' },
  spec: { selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
};

// A pod for logs and exec: a counter, and a container that exits every two seconds.
const toolsPod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'tools' },
  spec: {
    terminationGracePeriodSeconds: 1,
    volumes: [{ name: 'state', emptyDir: {} }],
    containers: [
      {
        name: 'counter',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'i=0; while :; do echo "line $i"; i=$((i+1)); sleep 0.2; done'],
      },
      {
        name: 'crasher',
        image: 'busybox:1.36',
        command: [
          'sh',
          '-c',
          'n=$(cat /state/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /state/n; ' +
            'echo "incarnation $n"; sleep 2; exit 1',
        ],
        volumeMounts: [{ name: 'state', mountPath: '/state' }],
      },
    ],
  },
};

/** Pod names answering `n` fresh connections to the ClusterIP. */
async function hits(ip: string, n: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const who = await httpGet(ip, 80);
    out.set(who, (out.get(who) ?? 0) + 1);
  }
  return out;
}

before(async () => {
  sb = await startTestSandbox({ nodes: 3, timings: COMPRESSED_TIMINGS });
  k = new E2E(sb);
  await k.apply(headlessService('echo-hl', 'echo'), clusterIpService, echoStatefulSet, toolsPod);
  for (const p of PODS) await k.waitReady(p, 60_000);
});

after(() => sb.stop());

describe('Services on real kubelets', () => {
  it('the headless Service gives each pod a DNS name in /etc/hosts', async () => {
    const ips = new Map(PODS.map((p) => [p, String(k.pod(p).status.podIP)]));
    const fqdn = (p: string): string => `${p}.echo-hl.default.svc.cluster.local`;
    await waitFor('pod DNS names in /etc/hosts', async () => {
      const hosts = await k.exec('echo-0', ['cat', '/etc/hosts']);
      return PODS.every((p) => new RegExp(`^${ips.get(p) ?? ''}\\s+${fqdn(p)}`, 'm').test(hosts));
    });
    const resolved = await k.exec('echo-0', ['getent', 'hosts', fqdn('echo-2')]);
    assert.match(resolved, new RegExp(`^${ips.get('echo-2') ?? ''}\\s`));
    const clusterIP = String(k.get(R.services, 'echo').spec.clusterIP);
    const svc = await k.exec('echo-1', ['getent', 'hosts', 'echo.default.svc.cluster.local']);
    assert.match(svc, new RegExp(`^${clusterIP}\\s`));
  });

  it('connections to <clusterIP>:80 reach all three pods', async () => {
    const ip = String(k.get(R.services, 'echo').spec.clusterIP);
    await waitFor(
      '3 endpoints',
      () => k.get(R.endpoints, 'echo')?.subsets?.[0]?.addresses?.length === 3,
    );
    const seen = await hits(ip, 45);
    assert.deepEqual([...seen.keys()].sort(), PODS, JSON.stringify([...seen]));
  });

  it('a pod that turns unready stops receiving new connections', async () => {
    const ip = String(k.get(R.services, 'echo').spec.clusterIP);
    await k.exec('echo-1', ['rm', '/flags/ready']);
    await waitFor('echo-1 unready', () => !isReady(k.pod('echo-1')), 30_000);
    await waitFor('echo-1 out of the endpoints', () => {
      const subset = k.get(R.endpoints, 'echo')?.subsets?.[0];
      const ready = (subset?.addresses ?? []).map((a: Obj) => a.targetRef?.name).sort();
      const notReady = (subset?.notReadyAddresses ?? []).map((a: Obj) => a.targetRef?.name);
      return ready.join() === 'echo-0,echo-2' && notReady.includes('echo-1');
    });
    // The proxy follows the endpoints asynchronously: wait until echo-1 is no longer picked.
    await waitFor('proxy drops echo-1', async () => !(await hits(ip, 10)).has('echo-1'));
    const seen = await hits(ip, 45);
    assert.deepEqual([...seen.keys()].sort(), ['echo-0', 'echo-2'], JSON.stringify([...seen]));
    await k.exec('echo-1', ['touch', '/flags/ready']);
    await k.waitReady('echo-1', 30_000);
    await waitFor('echo-1 back in rotation', async () => (await hits(ip, 15)).has('echo-1'));
  });

  it('kubectl exec returns output and the exit code', async () => {
    await k.waitReady('tools', 60_000);
    const r = await k.kubectl([
      'exec',
      'tools',
      '-c',
      'counter',
      '--',
      'sh',
      '-c',
      'echo hi; echo oops >&2; exit 3',
    ]);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout, 'hi\n');
    assert.match(r.stderr, /oops/);
    assert.equal((await k.exec('echo-2', ['printenv', 'HOSTNAME'])).trim(), 'echo-2');
  });

  it('kubectl logs: -c, -f and --previous', async () => {
    const echoLogs = await k.ok(['logs', 'echo-0']);
    assert.match(echoLogs, /listening on 127\.\d+\.\d+\.\d+:8080/);
    assert.match(await k.ok(['logs', 'tools', '-c', 'counter']), /^line 0$/m);
    // The crasher restarts all the time: between two instances its log may be empty or the
    // container waiting, so look until a running instance has printed its line.
    await waitFor(
      'a crasher instance with output',
      async () =>
        /^incarnation \d+$/m.test((await k.kubectl(['logs', 'tools', '-c', 'crasher'])).stdout),
      30_000,
    );
    await followFor('tools', 'counter', 1500);
    // While the crasher runs instance restartCount+1, --previous shows instance restartCount.
    const crasher = (): Obj =>
      k.pod('tools').status.containerStatuses.find((c: Obj) => c.name === 'crasher');
    const incarnation = (text: string): number => Number(/^incarnation (\d+)$/m.exec(text)?.[1]);
    await waitFor(
      'a consistent sample of --previous and current logs',
      async () => {
        const before = crasher();
        if (!before?.state?.running || before.restartCount < 1) return false;
        const prev = await k.kubectl(['logs', 'tools', '-c', 'crasher', '--previous']);
        const cur = await k.kubectl(['logs', 'tools', '-c', 'crasher']);
        const after = crasher();
        if (after.restartCount !== before.restartCount || !after.state?.running) return false;
        assert.equal(prev.code, 0, prev.stderr);
        assert.equal(incarnation(prev.stdout), before.restartCount, prev.stdout);
        assert.equal(incarnation(cur.stdout), before.restartCount + 1, cur.stdout);
        return true;
      },
      40_000,
    );
  });
});

/** Runs `kubectl logs -f` for `ms` and checks lines kept arriving while it was open. */
async function followFor(pod: string, container: string, ms: number): Promise<void> {
  const child = spawn(
    'kubectl',
    ['--kubeconfig', sb.kubeconfig, 'logs', '-f', pod, '-c', container],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const numbers = (): number[] => [...out.matchAll(/^line (\d+)$/gm)].map((m) => Number(m[1]));
  await waitFor('first followed lines', () => numbers().length > 0, 15_000);
  const firstMax = Math.max(...numbers());
  await new Promise((r) => setTimeout(r, ms));
  const exited = child.exitCode !== null;
  child.kill('SIGKILL');
  assert.equal(exited, false, 'kubectl logs -f must keep streaming');
  assert.ok(Math.max(...numbers()) >= firstMax + 3, `no new lines streamed: ${out.slice(-200)}`);
}
