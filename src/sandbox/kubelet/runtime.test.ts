import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLaunch, exitInfo, startProcess, type ExitInfo } from './runtime.ts';
import { buildExec } from './exec.ts';

test('buildLaunch uses unshare in namespace mode, the command itself otherwise', () => {
  const spec = { argv: ['sleep', '1'], env: {}, workingDir: '/w', mounts: [], scratch: '/s' };
  assert.deepEqual(
    buildLaunch({ ...spec, namespace: false }, { exists: () => true, canonical: (p) => p }),
    {
      file: 'sleep',
      args: ['1'],
      cwd: '/w',
      ready: false,
    },
  );
  const ns = buildLaunch({ ...spec, namespace: true }, { exists: () => true, canonical: (p) => p });
  assert.equal(ns.file, 'unshare');
  assert.equal(ns.ready, true);
  assert.deepEqual(ns.args.slice(0, 6), ['--mount', '--propagation', 'private', '--', 'sh', '-c']);
  assert.deepEqual(ns.args.slice(-3), ['sh', 'sleep', '1']);
});

test('exitInfo maps signals to 128 + n', () => {
  assert.deepEqual(exitInfo(0, null), { exitCode: 0 });
  assert.deepEqual(exitInfo(null, 'SIGKILL'), { exitCode: 137, signal: 9 });
  assert.deepEqual(exitInfo(null, 'SIGTERM'), { exitCode: 143, signal: 15 });
});

test('buildExec enters the mount namespace of the container', () => {
  const t = { pid: 7, env: {}, workingDir: '/w', namespace: true };
  assert.deepEqual(buildExec(t, ['ls']), {
    file: 'nsenter',
    args: ['--mount', '--root', '--wdns=/w', '--target=7', '--', 'ls'],
  });
  assert.deepEqual(buildExec({ ...t, namespace: false }, ['ls', '-l']), {
    file: 'ls',
    args: ['-l'],
  });
});

const NS_SKIP = process.getuid?.() === 0 ? false : 'mount namespaces need root';

test(
  'a namespaced start: ready after setup, other volumes released',
  { skip: NS_SKIP },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-runtime-'));
    const vols = join(dir, 'volumes');
    const mounted: string[] = [];
    try {
      for (const h of ['mine', 'other', 'other/nested']) {
        mkdirSync(join(vols, h), { recursive: true });
        execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', join(vols, h)]);
        mounted.unshift(join(vols, h));
      }
      mkdirSync(join(dir, 'target'));
      const spec = {
        argv: ['sh', '-c', 'cat /proc/self/mountinfo; exit 3'],
        env: {},
        workingDir: undefined,
        mounts: [
          { source: join(vols, 'mine'), target: join(dir, 'target'), readOnly: false, file: false },
        ],
        namespace: true,
        scratch: join(dir, 'scratch'),
        volumesRoot: vols,
      };
      const exited = Promise.withResolvers<ExitInfo>();
      const started = await startProcess(spec, join(dir, 'log'), exited.resolve);
      assert.ok(started.pid > 0);
      assert.deepEqual(await exited.promise, { exitCode: 3 });
      const points = readFileSync(join(dir, 'log'), 'utf8')
        .split('\n')
        .map((l) => l.split(' ')[4] ?? '');
      assert.ok(points.includes(join(vols, 'mine')));
      assert.ok(points.includes(join(dir, 'target')));
      assert.ok(!points.some((p) => p.startsWith(join(vols, 'other'))), 'other volumes released');
    } finally {
      for (const m of mounted) execFileSync('umount', [m]);
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('a failing namespace setup still resolves, then exits', { skip: NS_SKIP }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steward-runtime-'));
  try {
    const spec = {
      argv: ['true'],
      env: {},
      workingDir: undefined,
      mounts: [{ source: join(dir, 'missing'), target: dir, readOnly: false, file: false }],
      namespace: true,
      scratch: join(dir, 'scratch'),
    };
    const exited = Promise.withResolvers<ExitInfo>();
    await startProcess(spec, join(dir, 'log'), exited.resolve);
    assert.notEqual((await exited.promise).exitCode, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
