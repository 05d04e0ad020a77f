// End to end: a kubelet process for node-1 against an in-process sandbox (no scheduler: pods are
// created with spec.nodeName). Runs real processes in private mount namespaces when root.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COMPRESSED_TIMINGS } from '../../src/sandbox/config.ts';
import { ApiClient } from '../../src/sandbox/kubelet/api.ts';
import { parseFrames } from '../../src/sandbox/kubelet/server.ts';
import { attachmentName, CSI_DRIVER } from '../../src/sandbox/kubelet/volumes.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { waitFor } from '../support/wait.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

// node-1 of this sandbox's loopback network: 127.<network>.1.1, pods 127.<network>.1.2-253.
let NODE_ADDRESS = '';
let POD_PREFIX = '';
const NS = '/api/v1/namespaces/default';

let sb: TestSandbox;
let api: ApiClient;
let kubelet: { proc: ChildProcess; port: number } | undefined;

function startKubelet(): Promise<{ proc: ChildProcess; port: number }> {
  const args = ['src/sandbox/kubelet/main.ts', '--dir', sb.dir, '--node', 'node-1'];
  args.push('--api-url', sb.url, '--timings-json', JSON.stringify(COMPRESSED_TIMINGS));
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr?.on('data', (b: Buffer) => {
      err += b.toString();
      const m = /kubelet started .*"port":(\d+)/.exec(err);
      if (m) resolve({ proc, port: Number(m[1]) });
    });
    proc.once('exit', (code) => reject(new Error(`kubelet exited ${String(code)}: ${err}`)));
  });
}

function stopKubelet(k: { proc: ChildProcess }): Promise<void> {
  return new Promise((resolve) => {
    if (k.proc.exitCode !== null) return resolve();
    k.proc.once('exit', () => resolve());
    k.proc.kill('SIGTERM');
  });
}

const getPod = (name: string): Promise<Obj> => api.get(`${NS}/pods/${name}`);

function pod(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { nodeName: 'node-1', terminationGracePeriodSeconds: 2, ...spec },
  };
}

async function events(name: string): Promise<string[]> {
  const list: Obj = await api.get(`${NS}/events?fieldSelector=involvedObject.name=${name}`);
  return list.items.map((e: Obj) => `${String(e.type)} ${String(e.reason)}: ${String(e.message)}`);
}

function kubeletCall(method: string, path: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: NODE_ADDRESS,
      port: kubelet?.port ?? 10250,
      method,
      path,
      headers: { authorization: `Bearer ${sb.token}` },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function exec(
  name: string,
  container: string,
  argv: string[],
): Promise<{ out: string; err: string; code: number }> {
  const q = argv.map((a) => `command=${encodeURIComponent(a)}`).join('&');
  const r = await kubeletCall('POST', `/exec/default/${name}/${container}?${q}`);
  assert.equal(r.status, 200, r.body.toString());
  const frames = parseFrames(r.body);
  const text = (ch: number): string =>
    Buffer.concat(frames.filter((f) => f.channel === ch).map((f) => f.payload)).toString();
  return {
    out: text(1),
    err: text(2),
    code: (JSON.parse(text(3)) as { exitCode: number }).exitCode,
  };
}

const running = (name: string) => async () => {
  const p = await getPod(name);
  return (
    p.status?.phase === 'Running' &&
    p.status.conditions?.find((c: Obj) => c.type === 'Ready')?.status === 'True' &&
    p
  );
};

before(async () => {
  sb = await startTestSandbox({ nodes: 0, timings: COMPRESSED_TIMINGS });
  const network = String(sb.sandbox.cluster.network);
  NODE_ADDRESS = `127.${network}.1.1`;
  POD_PREFIX = `127\\.${network}\\.1\\.`;
  writeFileSync(`${sb.dir}/admin-token`, `${sb.token}\n`);
  api = new ApiClient({ url: sb.url, token: sb.token, ca: sb.caCert });
  kubelet = await startKubelet();
});

after(async () => {
  if (kubelet) await stopKubelet(kubelet);
  const list: Obj = await api.get(`${NS}/pods`).catch(() => ({ items: [] }));
  for (const p of list.items)
    for (const c of p.status?.containerStatuses ?? []) {
      const pid = Number(String(c.containerID ?? '').replace('steward://', ''));
      if (pid > 0 && c.state?.running)
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* gone */
        }
    }
  api.close();
  await sb.stop();
});

describe('kubelet', () => {
  it('registers its node with labels, conditions, capacity and a renewed lease', async () => {
    const node: Obj = await waitFor('node', () => api.get('/api/v1/nodes/node-1'));
    assert.equal(node.metadata.labels['topology.kubernetes.io/zone'], 'zone-a');
    assert.equal(node.metadata.labels['kubernetes.io/hostname'], 'node-1');
    const ready = node.status.conditions.find((c: Obj) => c.type === 'Ready');
    assert.deepEqual(
      [ready.status, ready.reason, ready.message],
      ['True', 'KubeletReady', 'kubelet is posting ready status'],
    );
    assert.equal(node.status.nodeInfo.kubeletVersion, 'v1.32.0');
    assert.equal(node.status.capacity.pods, '110');
    assert.deepEqual(node.status.addresses[0], { type: 'InternalIP', address: NODE_ADDRESS });
    const path = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1';
    const lease: Obj = await waitFor('lease', () => api.get(path));
    assert.equal(lease.spec.leaseDurationSeconds, COMPRESSED_TIMINGS.nodeLeaseDurationSeconds);
    assert.match(lease.spec.renewTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    await waitFor(
      'lease renewal',
      async () => (await api.get<Obj>(path)).spec.renewTime !== lease.spec.renewTime,
    );
  });

  it('runs a pod: env, volumes at their mountPath, /etc/hosts, logs and exec', async () => {
    await api.create(`${NS}/configmaps`, {
      metadata: { name: 'cfg' },
      data: { greeting: 'hi', 'file.txt': 'from-configmap' },
    });
    await api.create(`${NS}/secrets`, {
      metadata: { name: 'sec' },
      data: { password: Buffer.from('s3cret').toString('base64') },
    });
    await api.create(
      `${NS}/pods`,
      pod('web', {
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36',
            command: [
              'sh',
              '-c',
              'echo hello $(GREETING); echo ready > /data/ready; exec sleep 3600',
            ],
            env: [
              {
                name: 'GREETING',
                valueFrom: { configMapKeyRef: { name: 'cfg', key: 'greeting' } },
              },
              { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'sec', key: 'password' } } },
              { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              { name: 'MY_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            ],
            volumeMounts: [
              { name: 'data', mountPath: '/data' },
              { name: 'cfg', mountPath: '/etc/cfg' },
            ],
            readinessProbe: { exec: { command: ['cat', '/data/ready'] }, periodSeconds: 1 },
          },
        ],
        volumes: [
          { name: 'data', emptyDir: {} },
          { name: 'cfg', configMap: { name: 'cfg' } },
        ],
      }),
    );
    const p = await waitFor('web running and ready', running('web'));
    assert.match(p.status.podIP, new RegExp(`^${POD_PREFIX}\\d+$`));
    assert.deepEqual(p.status.conditions.map((c: Obj) => c.type).sort(), [
      'ContainersReady',
      'Initialized',
      'PodReadyToStartContainers',
      'PodScheduled',
      'Ready',
    ]);
    const cs = p.status.containerStatuses[0];
    assert.match(cs.containerID, /^steward:\/\/\d+$/);
    assert.equal(cs.restartCount, 0);
    const pid = Number(String(cs.containerID).replace('steward://', ''));
    const pids = JSON.parse(readFileSync(`${sb.dir}/nodes/node-1/pids.json`, 'utf8')) as number[];
    assert.ok(pids.includes(pid), 'container PIDs are recorded for the node supervisor');
    const env = await exec('web', 'c', [
      'sh',
      '-c',
      'echo $PASSWORD $MY_IP $MY_NAME $KUBERNETES_SERVICE_HOST',
    ]);
    assert.equal(env.out.trim(), `s3cret ${String(p.status.podIP)} web 127.0.0.1`);
    if (process.getuid?.() === 0) {
      assert.equal((await exec('web', 'c', ['cat', '/etc/cfg/file.txt'])).out, 'from-configmap');
      assert.match(
        (await exec('web', 'c', ['cat', '/etc/hosts'])).out,
        new RegExp(`${String(p.status.podIP)}\\tweb`),
      );
      assert.ok(
        (await exec('web', 'c', ['cat', '/var/run/secrets/kubernetes.io/serviceaccount/token'])).out
          .length > 20,
      );
      assert.equal(
        existsSync('/data/ready'),
        false,
        'the emptyDir is mounted only inside the container',
      );
      for (const dir of ['/data', '/etc/cfg', '/var/run/secrets/kubernetes.io'])
        assert.equal(existsSync(dir), false, `mount point ${dir} is not created on the host`);
    }
    const failing = await exec('web', 'c', ['sh', '-c', 'echo oops >&2; exit 3']);
    assert.deepEqual([failing.err, failing.code], ['oops\n', 3]);
    const logs = await kubeletCall('GET', '/containerLogs/default/web/c?tailLines=1');
    assert.equal(logs.body.toString(), 'hello hi\n');
    const ev = await events('web');
    assert.ok(ev.includes('Normal Started: Started container c'), ev.join('\n'));
    assert.ok(
      ev.includes('Normal Pulled: Container image "busybox:1.36" already present on machine'),
    );
  });

  it('deletes gracefully: SIGTERM, then the final DELETE', async () => {
    const p = await getPod('web');
    const pid = Number(p.status.containerStatuses[0].containerID.replace('steward://', ''));
    await api.delete(`${NS}/pods/web`);
    await waitFor('web gone', async () =>
      getPod('web').then(
        () => false,
        () => true,
      ),
    );
    assert.throws(() => process.kill(pid, 0));
    const ev = await events('web');
    assert.ok(ev.includes('Normal Killing: Stopping container c'), ev.join('\n'));
  });

  it('runs the preStop hook before SIGTERM', async () => {
    const marker = `${sb.dir}/prestop-marker`;
    await api.create(
      `${NS}/pods`,
      pod('hook', {
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36',
            command: [
              'sh',
              '-c',
              `trap 'echo term >> ${marker}; exit 0' TERM; touch ${marker}.trapped; while true; do sleep 0.1; done`,
            ],
            lifecycle: {
              preStop: { exec: { command: ['sh', '-c', `echo prestop >> ${marker}`] } },
            },
          },
        ],
      }),
    );
    await waitFor('hook running', running('hook'));
    // The shell must have installed its trap before it is asked to stop (slow on a loaded machine).
    await waitFor('trap installed', () => existsSync(`${marker}.trapped`));
    await api.delete(`${NS}/pods/hook`);
    await waitFor('hook gone', async () =>
      getPod('hook').then(
        () => false,
        () => true,
      ),
    );
    assert.equal(readFileSync(marker, 'utf8'), 'prestop\nterm\n');
  });

  it('restarts a crashing container with back-off (CrashLoopBackOff)', async () => {
    await api.create(
      `${NS}/pods`,
      pod('crash', {
        containers: [
          { name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo boom; exit 2'] },
        ],
      }),
    );
    const p = await waitFor('crash loop', async () => {
      const x = await getPod('crash');
      const cs = x.status?.containerStatuses?.[0];
      return cs?.restartCount >= 1 && cs.state?.waiting?.reason === 'CrashLoopBackOff' && x;
    });
    const cs = p.status.containerStatuses[0];
    assert.equal(cs.lastState.terminated.exitCode, 2);
    assert.equal(cs.lastState.terminated.reason, 'Error');
    assert.match(
      cs.state.waiting.message,
      /^back-off \d+(ms|s) restarting failed container=c pod=crash_default\(.+\)$/,
    );
    assert.equal(p.status.phase, 'Running');
    const prev = await kubeletCall('GET', '/containerLogs/default/crash/c?previous=true');
    assert.equal(prev.body.toString(), 'boom\n');
    await waitFor('BackOff event', async () =>
      (await events('crash')).some((e) =>
        e.startsWith(
          'Warning BackOff: Back-off restarting failed container c in pod crash_default',
        ),
      ),
    );
  });

  it('fails an unknown image with ErrImagePull, then ImagePullBackOff', async () => {
    await api.create(
      `${NS}/pods`,
      pod('noimg', { containers: [{ name: 'c', image: 'example.com/nothing:1' }] }),
    );
    const p = await waitFor('ImagePullBackOff', async () => {
      const x = await getPod('noimg');
      return x.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff' && x;
    });
    assert.equal(p.status.phase, 'Pending');
    const ev = await events('noimg');
    assert.ok(
      ev.includes(
        'Warning Failed: Failed to pull image "example.com/nothing:1": image "example.com/nothing:1" has no entry in the sandbox image mapping (sandbox/images.yaml)',
      ),
      ev.join('\n'),
    );
    assert.ok(ev.includes('Warning Failed: Error: ErrImagePull'));
  });

  it('runs init containers in order, then completes a Never pod (Succeeded)', async () => {
    await api.create(
      `${NS}/pods`,
      pod('job', {
        restartPolicy: 'Never',
        initContainers: [
          {
            name: 'i1',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'echo one > /scratch/order'],
            volumeMounts: [{ name: 'w', mountPath: '/scratch' }],
          },
          {
            name: 'i2',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'echo two >> /scratch/order'],
            volumeMounts: [{ name: 'w', mountPath: '/scratch' }],
          },
        ],
        containers: [
          {
            name: 'main',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'cat /scratch/order'],
            volumeMounts: [{ name: 'w', mountPath: '/scratch' }],
          },
        ],
        volumes: [{ name: 'w', emptyDir: {} }],
      }),
    );
    const p = await waitFor('job Succeeded', async () => {
      const x = await getPod('job');
      return x.status?.phase === 'Succeeded' && x;
    });
    assert.deepEqual(
      p.status.initContainerStatuses.map((s: Obj) => s.state.terminated.reason),
      ['Completed', 'Completed'],
    );
    assert.equal(p.status.containerStatuses[0].state.terminated.exitCode, 0);
    if (process.getuid?.() === 0)
      assert.equal(
        (await kubeletCall('GET', '/containerLogs/default/job/main')).body.toString(),
        'one\ntwo\n',
      );
  });

  it('restarts a container whose liveness probe fails', async () => {
    await api.create(
      `${NS}/pods`,
      pod('live', {
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'touch /tmp/alive-$(MY_UID); exec sleep 3600'],
            env: [{ name: 'MY_UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } }],
            livenessProbe: {
              exec: { command: ['sh', '-c', 'exit 1'] },
              periodSeconds: 1,
              failureThreshold: 2,
            },
          },
        ],
      }),
    );
    await waitFor(
      'liveness restart',
      async () => (await getPod('live')).status?.containerStatuses?.[0]?.restartCount >= 1,
      20_000,
    );
    const ev = await events('live');
    assert.ok(
      ev.includes('Normal Killing: Container c failed liveness probe, will be restarted'),
      ev.join('\n'),
    );
    assert.ok(ev.some((e) => e.startsWith('Warning Unhealthy: Liveness probe failed')));
  });

  it('serves HTTP from the echo-server image on the pod IP (httpGet readiness)', async () => {
    await api.create(
      `${NS}/pods`,
      pod('echo', {
        containers: [
          {
            name: 'srv',
            image: 'steward/echo-server:1.0',
            env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
            ports: [{ name: 'http', containerPort: 8080 }],
            readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 1 },
          },
        ],
      }),
    );
    const p = await waitFor('echo ready', running('echo'));
    const body = await fetch(`http://${String(p.status.podIP)}:8080/`).then((r) => r.text());
    assert.equal(body, 'echo\n');
  });

  it('adopts running containers after a kubelet restart', async () => {
    const before = (await getPod('echo')).status.containerStatuses[0].containerID;
    await stopKubelet(kubelet!);
    kubelet = await startKubelet();
    await new Promise((r) => setTimeout(r, 1500));
    const p = await getPod('echo');
    assert.equal(p.status.containerStatuses[0].containerID, before);
    assert.equal(p.status.containerStatuses[0].restartCount, 0);
    await api.delete(`${NS}/pods/echo`);
    await waitFor('echo gone', async () =>
      getPod('echo').then(
        () => false,
        () => true,
      ),
    );
  });

  it('mounts a PVC only once its VolumeAttachment is attached, and reports volumesInUse', async () => {
    await api.create('/api/v1/persistentvolumes', {
      metadata: { name: 'pv-kubelet' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        csi: { driver: CSI_DRIVER, volumeHandle: 'pv-kubelet', fsType: 'ext4' },
      },
    });
    await api.create(`${NS}/persistentvolumeclaims`, {
      metadata: { name: 'claim' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        resources: { requests: { storage: '1Gi' } },
        volumeName: 'pv-kubelet',
        storageClassName: '',
      },
    });
    await api.create(
      `${NS}/pods`,
      pod('db', {
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36',
            command: ['sh', '-c', 'echo data > /var/lib/db/file; exec sleep 3600'],
            volumeMounts: [{ name: 'd', mountPath: '/var/lib/db' }],
          },
        ],
        volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'claim' } }],
      }),
    );
    await waitFor('FailedMount', async () =>
      (await events('db')).some((e) => e.includes('is not yet attached')),
    );
    assert.equal((await getPod('db')).status?.containerStatuses?.[0]?.state?.running, undefined);
    const vaName = attachmentName('pv-kubelet', CSI_DRIVER, 'node-1');
    await api.create('/apis/storage.k8s.io/v1/volumeattachments', {
      metadata: { name: vaName },
      spec: {
        attacher: CSI_DRIVER,
        nodeName: 'node-1',
        source: { persistentVolumeName: 'pv-kubelet' },
      },
    });
    const va: Obj = await api.get(`/apis/storage.k8s.io/v1/volumeattachments/${vaName}`);
    await api.replace(`/apis/storage.k8s.io/v1/volumeattachments/${vaName}/status`, {
      ...va,
      status: { attached: true },
    });
    await waitFor('db running', running('db'));
    await waitFor('data on the volume', () => existsSync(`${sb.dir}/volumes/pv-kubelet/file`));
    const inUse = `kubernetes.io/csi/${CSI_DRIVER}^pv-kubelet`;
    await waitFor('volumesInUse', async () =>
      ((await api.get<Obj>('/api/v1/nodes/node-1')).status.volumesInUse ?? []).includes(inUse),
    );
    await api.patch('/api/v1/persistentvolumes/pv-kubelet', {
      spec: { capacity: { storage: '2Gi' } },
    });
    await api.patch(`${NS}/persistentvolumeclaims/claim/status`, {
      status: {
        capacity: { storage: '1Gi' },
        allocatedResources: { storage: '2Gi' },
        conditions: [{ type: 'FileSystemResizePending', status: 'True' }],
      },
    });
    await waitFor('node expansion finished', async () => {
      const c = await api.get<Obj>(`${NS}/persistentvolumeclaims/claim`);
      return c.status.capacity.storage === '2Gi' && (c.status.conditions ?? []).length === 0;
    });
    await waitFor('FileSystemResizeSuccessful', async () =>
      (await events('db')).includes(
        'Normal FileSystemResizeSuccessful: MountVolume.NodeExpandVolume succeeded for volume "pv-kubelet" node-1',
      ),
    );
    await api.delete(`${NS}/pods/db`);
    await waitFor(
      'volume released',
      async () =>
        !((await api.get<Obj>('/api/v1/nodes/node-1')).status.volumesInUse ?? []).includes(inUse),
    );
  });

  it('keeps /etc/hosts current from the sandbox-dns ConfigMap', async () => {
    await api.create(
      `${NS}/pods`,
      pod('dns', {
        hostname: 'dns',
        subdomain: 'svc1',
        containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }],
      }),
    );
    const p = await waitFor('dns running', running('dns'));
    assert.match(
      (await exec('dns', 'c', ['cat', '/etc/hosts'])).out,
      new RegExp(`${String(p.status.podIP)}\tdns\\.svc1\\.default\\.svc\\.cluster\\.local\tdns`),
    );
    await api.create('/api/v1/namespaces/kube-system/configmaps', {
      metadata: { name: 'sandbox-dns' },
      data: { hosts: '127.96.0.10 pg.default.svc.cluster.local\n' },
    });
    if (process.getuid?.() === 0)
      await waitFor('hosts updated', async () =>
        (await exec('dns', 'c', ['cat', '/etc/hosts'])).out.includes(
          '127.96.0.10 pg.default.svc.cluster.local',
        ),
      );
  });

  it('kills what a container left behind when its main process exits (a new session too)', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('needs a mount namespace per container (root)');
    const marker = `${sb.dir}/leaver-pid`;
    await api.create(
      `${NS}/pods`,
      pod('leaver', {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36',
            // The child leaves the container's process group and session, as a postmaster does.
            command: ['sh', '-c', `setsid sleep 1000 & echo $! > ${marker}; exec sleep 1000`],
          },
        ],
      }),
    );
    await waitFor('leaver running', running('leaver'));
    const child = Number(
      await waitFor('child pid', () => existsSync(marker) && readFileSync(marker, 'utf8').trim()),
    );
    const p = await getPod('leaver');
    const main = Number(p.status.containerStatuses[0].containerID.replace('steward://', ''));
    assert.notEqual(child, main);
    process.kill(child, 0);
    process.kill(main, 'SIGKILL');
    await waitFor('the child killed with its container', () => {
      try {
        process.kill(child, 0);
        return false;
      } catch {
        return true;
      }
    });
    await api.delete(`${NS}/pods/leaver`, { gracePeriodSeconds: 0 });
  });

  it('kills the processes of a force-deleted pod', async () => {
    const p = await getPod('dns');
    const pid = Number(p.status.containerStatuses[0].containerID.replace('steward://', ''));
    await api.delete(`${NS}/pods/dns`, { gracePeriodSeconds: 0 });
    await waitFor('process killed', () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
  });
});
