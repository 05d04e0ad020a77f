// End to end against real kubelets: expansion of a loop-device volume (real ext4, root only) —
// conditions, capacity, the larger size seen by `df` inside the pod (online, or after a pod
// restart where the kernel refuses online growth); upstream's 422 for a shrink and 403 for a
// class without allowVolumeExpansion; ENOSPC when the volume is full.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMPRESSED_TIMINGS } from '../../src/sandbox/config.ts';
import { R } from '../../src/sandbox/controllers/local-client.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import type { KubectlResult } from '../support/kubectl.ts';
import { E2E, waitFor, type Obj } from './e2e-support.ts';

const DRIVER = 'sandbox.csi.steward.dev';

/** Why loop volumes cannot run here, or undefined when they can. */
function loopUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'loop-device volumes need root';
  try {
    execFileSync('losetup', ['--find'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'no free loop device (losetup --find failed)';
  }
}
const SKIP = loopUnavailable();
const ONLINE_RESIZE = SKIP ? false : onlineResizeWorks();

/** Whether this kernel lets resize2fs grow a mounted ext4 (some refuse it: offline growth then). */
function onlineResizeWorks(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'steward-resize-probe-'));
  const img = join(dir, 'img');
  const mnt = join(dir, 'mnt');
  let dev = '';
  const run = (cmd: string, args: string[]): string =>
    execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    writeFileSync(img, '');
    truncateSync(img, 32 << 20);
    run('mkfs.ext4', ['-q', '-F', img]);
    dev = run('losetup', ['--find', '--show', img]).trim();
    mkdirSync(mnt);
    run('mount', ['-t', 'ext4', dev, mnt]);
    truncateSync(img, 48 << 20);
    run('losetup', ['-c', dev]);
    run('resize2fs', [dev]);
    return true;
  } catch {
    return false;
  } finally {
    try {
      run('umount', [mnt]);
    } catch {
      /* not mounted */
    }
    if (dev)
      try {
        run('losetup', ['-d', dev]);
      } catch {
        /* gone */
      }
    rmSync(dir, { recursive: true, force: true });
  }
}

let sb: TestSandbox;
let k: E2E;

const storageClass = (name: string, allowVolumeExpansion: boolean): object => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name },
  provisioner: DRIVER,
  parameters: { type: 'loop' },
  allowVolumeExpansion,
  volumeBindingMode: 'WaitForFirstConsumer',
});

const claim = (name: string, cls: string, size: string): object => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name },
  spec: {
    storageClassName: cls,
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: size } },
  },
});

const pod = (name: string, pvc: string, node: string): object => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    nodeSelector: { 'kubernetes.io/hostname': node },
    terminationGracePeriodSeconds: 1,
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: pvc } }],
    containers: [
      {
        name: 'main',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
      },
    ],
  },
});

/** A pod without volumes, started while the claims are mounted (its namespace must not pin them). */
const bystander = (name: string, node: string): object => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    nodeSelector: { 'kubernetes.io/hostname': node },
    terminationGracePeriodSeconds: 1,
    containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }],
  },
});

/** Total size in KiB of the filesystem at /data inside the pod (`df -k`). */
async function dfKiB(name: string): Promise<number> {
  // No retry: a container is reported running only once its mounts are in place.
  const out = await k.exec(name, ['df', '-k', '/data']);
  const fields = out.trim().split('\n').at(-1)?.trim().split(/\s+/) ?? [];
  return Number(fields[1]);
}

const patchSize = (name: string, size: string): Promise<KubectlResult> =>
  k.kubectl([
    'patch',
    'pvc',
    name,
    '--type=merge',
    '-p',
    JSON.stringify({ spec: { resources: { requests: { storage: size } } } }),
  ]);

/**
 * Where the kernel refuses online growth, the claim waits in FileSystemResizePending (capacity
 * unchanged, as upstream reports it) until a pod using it starts again; other pods (the
 * bystanders, the filler) keep running meanwhile and must not pin the filesystem.
 */
async function growOffline(): Promise<void> {
  await new Promise((r) => setTimeout(r, 3000));
  const pvc = k.get(R.pvcs, 'grow');
  assert.equal(pvc.status.capacity.storage, '32Mi');
  assert.deepEqual(
    pvc.status.conditions.map((c: Obj) => [c.type, c.message]),
    [
      [
        'FileSystemResizePending',
        'Waiting for user to (re-)start a pod to finish file system resize of volume on node.',
      ],
    ],
  );
  assert.equal(pvc.status.allocatedResourceStatuses.storage, 'NodeResizePending');
  assert.ok((await dfKiB('grower')) <= 32 * 1024, 'not grown while the pod runs');
  await k.ok(['delete', 'pod', 'grower', '--wait=true', '--timeout=60s'], { timeoutMs: 70_000 });
  await k.apply(pod('grower', 'grow', 'node-1'));
  await k.waitReady('grower', 60_000);
}

before(async () => {
  if (SKIP) return;
  sb = await startTestSandbox({ nodes: 2, timings: COMPRESSED_TIMINGS });
  k = new E2E(sb);
  await k.apply(
    storageClass('loop', true),
    storageClass('loop-fixed', false),
    claim('grow', 'loop', '32Mi'),
    claim('fixed', 'loop-fixed', '32Mi'),
    pod('grower', 'grow', 'node-1'),
    pod('filler', 'fixed', 'node-2'),
  );
  await k.waitReady('grower', 60_000);
  await k.waitReady('filler', 60_000);
  await k.apply(bystander('bystander-1', 'node-1'), bystander('bystander-2', 'node-2'));
  await k.waitReady('bystander-1');
  await k.waitReady('bystander-2');
});

after(async () => {
  if (!SKIP) await sb.stop();
});

describe('volume expansion on a real filesystem', { skip: SKIP }, () => {
  it('the volume is a real ext4 filesystem of the requested size', async () => {
    const kib = await dfKiB('grower');
    assert.ok(kib > 20 * 1024 && kib <= 32 * 1024, `df says ${String(kib)} KiB`);
    const mounts = await k.exec('grower', ['cat', '/proc/self/mounts']);
    assert.match(mounts, /^\/dev\/loop\d+ \/data ext4 /m);
  });

  it('raising the request: Resizing → FileSystemResizePending → capacity, larger df inside the pod', async () => {
    const seen = new Set<string>();
    const stop = k.client.watch(R.pvcs, (_t, o: Obj) => {
      if (o.metadata.name !== 'grow') return;
      for (const c of o.status?.conditions ?? []) seen.add(String(c.type));
    });
    const capacity = (): string => String(k.get(R.pvcs, 'grow')?.status?.capacity?.storage);
    try {
      const r = await patchSize('grow', '64Mi');
      assert.equal(r.code, 0, r.stderr);
      await waitFor(
        'Resizing and FileSystemResizePending',
        () => seen.has('Resizing') && seen.has('FileSystemResizePending'),
        30_000,
      );
      if (!ONLINE_RESIZE) await growOffline();
      await waitFor('capacity 64Mi', () => capacity() === '64Mi', 45_000);
    } finally {
      stop();
    }
    const pvc = k.get(R.pvcs, 'grow');
    assert.deepEqual(
      (pvc.status.conditions ?? []).map((c: Obj) => c.type),
      [],
    );
    assert.equal(pvc.status.allocatedResourceStatuses, undefined);
    assert.equal(k.getCluster(R.pvs, pvc.spec.volumeName).spec.capacity.storage, '64Mi');
    const kib = await dfKiB('grower');
    assert.ok(kib > 40 * 1024 && kib <= 64 * 1024, `df inside the pod: ${String(kib)} KiB`);
    assert.ok(
      k.events('grower').some((e) => e.startsWith('FileSystemResizeSuccessful: ')),
      k.events('grower').join('\n'),
    );
  });

  it('shrinking is refused with 422', async () => {
    const r = await patchSize('grow', '16Mi');
    assert.notEqual(r.code, 0);
    // kubectl prints "(Invalid)" for a 422 Status.
    // kubectl prints a 422 (reason Invalid) as `The <Kind> "<name>" is invalid: …`.
    assert.match(r.stderr, /^The PersistentVolumeClaim "grow" is invalid: /);
    assert.match(
      r.stderr,
      /is invalid: spec\.resources\.requests\.storage: Forbidden: field can not be less than status\.capacity/,
    );
  });

  it('expansion is refused for a class without allowVolumeExpansion (403)', async () => {
    const r = await patchSize('fixed', '64Mi');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(Forbidden\)/);
    assert.match(
      r.stderr,
      /is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize/,
    );
  });

  it('a full volume returns ENOSPC inside the pod', async () => {
    const r = await k.kubectl([
      'exec',
      'filler',
      '--',
      'sh',
      '-c',
      'dd if=/dev/zero of=/data/fill bs=1M count=64 2>&1; echo "rc=$?"',
    ]);
    assert.match(r.stdout, /No space left on device/);
    assert.match(r.stdout, /rc=1/);
    const kib = await dfKiB('filler');
    assert.ok(kib <= 32 * 1024, 'the class without expansion kept its size');
  });
});
