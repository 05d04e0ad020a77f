import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findMapping,
  missingImageMessage,
  normalizeImage,
  parseImageMappings,
  resolveCommand,
} from './images.ts';

const mappings = parseImageMappings(`
images:
  - match: 'busybox:*'
    cmd: ['sh']
  - match: 'steward/echo-server:*'
    entrypoint: ['\${NODE}', '\${PROJECT}/echo.ts']
    cmd: ['--serve']
    env: { PATH: '/extra:\${PATH}' }
    workingDir: /srv
  - match: 'busybox:special'
    cmd: ['special']
`);
const vars = { NODE: '/bin/node', PROJECT: '/p', PATH: '/usr/bin' };

test('normalizeImage strips docker.io/library and adds :latest', () => {
  assert.equal(normalizeImage('docker.io/library/busybox'), 'busybox:latest');
  assert.equal(normalizeImage('busybox:1.36'), 'busybox:1.36');
  assert.equal(normalizeImage('registry:5000/x/y'), 'registry:5000/x/y:latest');
});

test('findMapping prefers exact entries over globs', () => {
  assert.deepEqual(findMapping(mappings, 'busybox:special')?.cmd, ['special']);
  assert.deepEqual(findMapping(mappings, 'busybox')?.cmd, ['sh']);
  assert.equal(findMapping(mappings, 'nginx:1'), undefined);
});

test('resolveCommand: command replaces the entrypoint, args replace cmd', () => {
  const m = findMapping(mappings, 'steward/echo-server:1')!;
  assert.deepEqual(resolveCommand(m, {}, vars).argv, ['/bin/node', '/p/echo.ts', '--serve']);
  assert.deepEqual(resolveCommand(m, { args: ['-v'] }, vars).argv, [
    '/bin/node',
    '/p/echo.ts',
    '-v',
  ]);
  assert.deepEqual(resolveCommand(m, { command: ['x'] }, vars).argv, ['x']);
  assert.deepEqual(resolveCommand(m, { command: ['x'], args: ['y'] }, vars).argv, ['x', 'y']);
  const r = resolveCommand(m, { image: 'steward/echo-server:1' }, vars);
  assert.deepEqual([r.env.PATH, r.workingDir], ['/extra:/usr/bin', '/srv']);
  assert.match(r.imageID, /^steward\/echo-server@sha256:[0-9a-f]{64}$/);
  assert.equal(resolveCommand(m, { workingDir: '/w' }, vars).workingDir, '/w');
});

test('missingImageMessage names the mapping file', () => {
  assert.equal(
    missingImageMessage('x:1'),
    'Failed to pull image "x:1": image "x:1" has no entry in the sandbox image mapping (sandbox/images.yaml)',
  );
});
