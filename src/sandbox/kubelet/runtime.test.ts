import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLaunch, exitInfo } from './runtime.ts';
import { buildExec } from './exec.ts';

test('buildLaunch uses unshare in namespace mode, the command itself otherwise', () => {
  const spec = { argv: ['sleep', '1'], env: {}, workingDir: '/w', mounts: [], scratch: '/s' };
  assert.deepEqual(
    buildLaunch({ ...spec, namespace: false }, { exists: () => true, canonical: (p) => p }),
    {
      file: 'sleep',
      args: ['1'],
      cwd: '/w',
    },
  );
  const ns = buildLaunch({ ...spec, namespace: true }, { exists: () => true, canonical: (p) => p });
  assert.equal(ns.file, 'unshare');
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
