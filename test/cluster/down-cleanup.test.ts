// End to end through the CLI: `steward sandbox up` (background, 2 nodes) runs a pod with a loop
// volume (root) and a busybox pod; `steward sandbox down` must leave no process, mount, loop
// device or network namespace behind.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { kubectl } from '../support/kubectl.ts';
import { waitFor, type Obj } from './e2e-support.ts';

const MAIN = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
const ROOT = process.getuid?.() === 0;
const DIR = mkdtempSync(join(tmpdir(), 'steward-down-'));
const KUBECONFIG = join(DIR, 'kubeconfig');
let up = false;

/** Runs the steward CLI; resolves with its exit code and output. */
function steward(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

async function k(args: string[], input?: string): Promise<string> {
  const r = await kubectl(KUBECONFIG, args, { timeoutMs: 60_000, ...(input ? { input } : {}) });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Process ids (with their start times) whose command line mentions `text`. */
function processesMentioning(text: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(text) && startTime(Number(pid)) !== undefined) out.push(`${pid}: ${cmd}`);
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** A live (non-zombie) process's start time (field 22 of /proc/<pid>/stat), else undefined. */
function startTime(pid: number): string | undefined {
  try {
    const f = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return rest[0] === 'Z' ? undefined : rest[19];
  } catch {
    return undefined;
  }
}

/** Mount points (from /proc/self/mountinfo) under the directory. */
const mountsUnder = (dir: string): string[] =>
  readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((m) => m === dir || m.startsWith(`${dir}/`));

/** Loop devices whose backing file lies under the directory. */
function loopDevicesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const dev of existsSync('/sys/block') ? readdirSync('/sys/block') : []) {
    const file = `/sys/block/${dev}/loop/backing_file`;
    if (!dev.startsWith('loop') || !existsSync(file)) continue;
    if (readFileSync(file, 'utf8').trim().startsWith(`${dir}/`)) out.push(dev);
  }
  return out;
}

function netns(): string {
  try {
    return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  } catch {
    return 'unavailable';
  }
}

/** PIDs the sandbox recorded: the control plane, kubelets, their containers. */
function recordedPids(pods: Obj[]): number[] {
  const pids = [Number(readFileSync(join(DIR, 'sandbox.pid'), 'utf8').trim())];
  for (const node of readdirSync(join(DIR, 'nodes'))) {
    pids.push(Number(readFileSync(join(DIR, 'nodes', node, 'kubelet.pid'), 'utf8')));
    const file = join(DIR, 'nodes', node, 'pids.json');
    if (existsSync(file)) pids.push(...(JSON.parse(readFileSync(file, 'utf8')) as number[]));
  }
  for (const p of pods)
    for (const c of p.status?.containerStatuses ?? []) {
      const m = /^steward:\/\/(\d+)$/.exec(String(c.containerID ?? ''));
      if (m) pids.push(Number(m[1]));
    }
  return [...new Set(pids.filter((p) => p > 0))];
}

const busybox = (name: string, volumes: Obj[] = [], mounts: Obj[] = []): object => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    volumes,
    containers: [
      {
        name: 'main',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'],
        volumeMounts: mounts,
      },
    ],
  },
});

const loopObjects = [
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'loop' },
    provisioner: 'sandbox.csi.steward.dev',
    parameters: { type: 'loop' },
    volumeBindingMode: 'WaitForFirstConsumer',
  },
  {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data' },
    spec: {
      storageClassName: 'loop',
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: '16Mi' } },
    },
  },
  busybox(
    'with-volume',
    [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    [{ name: 'data', mountPath: '/data' }],
  ),
];

const netnsBefore = netns();

before(async () => {
  const r = await steward([
    'sandbox',
    'up',
    '--dir',
    DIR,
    '--port',
    '0',
    '--nodes',
    '2',
    '--timings',
    'compressed',
  ]);
  assert.equal(r.code, 0, r.out);
  up = true;
});

after(async () => {
  if (up) await steward(['sandbox', 'down', '--dir', DIR]);
  rmSync(DIR, { recursive: true, force: true });
});

it('sandbox down leaves no process, mount, loop device or network namespace behind', async () => {
  const objs = [
    busybox(
      'plain',
      [{ name: 'scratch', emptyDir: {} }],
      [{ name: 'scratch', mountPath: '/scratch' }],
    ),
    ...(ROOT ? loopObjects : []),
  ];
  await k(['apply', '-f', '-'], objs.map((o) => JSON.stringify(o)).join('\n'));
  const names = ROOT ? ['plain', 'with-volume'] : ['plain'];
  await k(['wait', '--for=condition=Ready', '--timeout=60s', ...names.map((n) => `pod/${n}`)]);
  const pods = (JSON.parse(await k(['get', 'pods', '-o', 'json'])) as { items: Obj[] }).items;
  const pids = recordedPids(pods);
  const started = new Map(pids.map((p) => [p, startTime(p)]));
  assert.ok(pids.length >= 5, `control plane, 2 kubelets and containers: ${pids.join()}`);
  assert.ok(processesMentioning(DIR).length > 0, 'processes mention the directory while up');
  if (ROOT) {
    assert.ok(loopDevicesUnder(DIR).length > 0, 'a loop device backs the volume while up');
    assert.ok(mountsUnder(DIR).length > 0, 'the loop volume is mounted while up');
  }

  const down = await steward(['sandbox', 'down', '--dir', DIR]);
  up = false;
  assert.equal(down.code, 0, down.out);

  // SIGKILLed processes vanish within moments; give them a few seconds, no more.
  await waitFor('no process left', () => processesMentioning(DIR).length === 0, 5000).catch(
    () => undefined,
  );
  assert.deepEqual(processesMentioning(DIR), []);
  const alive = pids.filter((p) => {
    const st = startTime(p);
    return st !== undefined && st === started.get(p);
  });
  assert.deepEqual(alive, [], 'recorded PIDs still alive');
  assert.deepEqual(mountsUnder(DIR), []);
  assert.deepEqual(loopDevicesUnder(DIR), []);
  assert.equal(netns(), netnsBefore);
});
