// Process control and data-directory inspection on real PostgreSQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspectDataDir, isCleanShutdown } from '../../src/postgres/controldata.ts';
import {
  postgresVersion,
  reloadPostgres,
  startPostgres,
  stopPostgres,
  waitUntilReady,
} from '../../src/postgres/process.ts';
import {
  parameterContexts,
  pendingRestartParameters,
  promote,
  unknownParameters,
} from '../../src/postgres/server-control.ts';
import { queryInstanceStatus } from '../../src/postgres/status.ts';
import { deps, eventually, pg, runner, Sandbox, type TestNode } from './harness.ts';

const box = new Sandbox();
let node: TestNode;
let major = 0;
before(async () => {
  await box.init();
  major = (await postgresVersion(runner, pg)).major;
  node = await box.node('n');
  await node.initdb();
  await node.configure();
});
after(() => box.cleanup());

async function fakeDataDir(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const dir = box.path(name);
  await mkdir(join(dir, 'global'), { recursive: true });
  for (const [f, content] of Object.entries(files)) await writeFile(join(dir, f), content);
  for (const p of [dir, join(dir, 'global'), ...Object.keys(files).map((f) => join(dir, f))]) {
    if (pg.runAs) await chown(p, pg.runAs.uid, pg.runAs.gid);
  }
  return dir;
}

test('classifies data directories: valid, missing, empty, invalid, wrong version', async () => {
  const valid = await inspectDataDir(runner, pg, node.dataDir, major);
  assert.equal(valid.kind, 'valid');
  assert.ok(valid.kind === 'valid' && valid.control.state === 'shut down');
  assert.ok(valid.kind === 'valid' && valid.control.checksumVersion === 1);
  assert.ok(valid.kind === 'valid' && valid.control.checkpointTimeline === 1);
  assert.deepEqual(await inspectDataDir(runner, pg, box.path('nope'), major), { kind: 'missing' });
  await mkdir(box.path('empty'));
  assert.deepEqual(await inspectDataDir(runner, pg, box.path('empty'), major), { kind: 'empty' });
  const noVersion = await fakeDataDir('noversion', { 'postgresql.conf': '' });
  assert.deepEqual(await inspectDataDir(runner, pg, noVersion, major), {
    kind: 'invalid',
    reason: 'PG_VERSION is missing',
  });
  const old = await fakeDataDir('old', { PG_VERSION: '14\n' });
  assert.deepEqual(await inspectDataDir(runner, pg, old, major), {
    kind: 'version-mismatch',
    found: 14,
    expected: major,
  });
  const noControl = await fakeDataDir('nocontrol', { PG_VERSION: `${major}\n` });
  assert.deepEqual(await inspectDataDir(runner, pg, noControl, major), {
    kind: 'invalid',
    reason: 'global/pg_control is missing',
  });
  const garbage = await fakeDataDir('garbage', {
    PG_VERSION: `${major}\n`,
    'global/pg_control': Buffer.alloc(8192, 7),
  });
  const g = await inspectDataDir(runner, pg, garbage, major);
  assert.equal(g.kind, 'invalid');
  assert.match(g.kind === 'invalid' ? g.reason : '', /pg_controldata failed/);
});

test('starts, reloads, reports restart needs, and stops a server', async () => {
  await node.start();
  const c = await node.su();
  const status = await queryInstanceStatus(c);
  assert.equal(status.role, 'primary');
  assert.equal(status.timeline, 1);
  assert.ok(status.currentLsn !== null && status.currentLsn > 0n);
  assert.equal(await promote(c), 'not-standby');
  assert.deepEqual(await parameterContexts(c, ['shared_buffers', 'work_mem']), {
    shared_buffers: 'postmaster',
    work_mem: 'user',
  });
  assert.deepEqual(await unknownParameters(c, ['work_mem', 'no_such_param', 'ext.x']), [
    'no_such_param',
  ]);

  await node.configure({}, { work_mem: '8MB', shared_buffers: '32MB' });
  assert.ok(reloadPostgres(runner, node.proc!));
  await eventually(
    async () =>
      (await c.query<{ v: string }>("SELECT current_setting('work_mem') AS v"))[0]?.v === '8MB',
  );
  assert.deepEqual(await pendingRestartParameters(c), ['shared_buffers']);
  assert.equal((await queryInstanceStatus(c)).pendingRestart, true);
  await c.close();

  const stopped = await stopPostgres(deps, node.proc!, { mode: 'fast', timeoutMs: 10_000 });
  assert.deepEqual(stopped, { exit: { code: 0, signal: null }, killed: false });
  node.proc = undefined;
});

test('a stop that misses its deadline kills the process group', async () => {
  await node.start();
  const c = await node.su();
  // A smart shutdown waits for sessions to end; this one never does.
  const stopped = await stopPostgres(deps, node.proc!, { mode: 'smart', timeoutMs: 500 });
  assert.equal(stopped.killed, true);
  assert.equal(stopped.exit.signal, 'SIGKILL');
  node.proc = undefined;
  await assert.rejects(c.query('SELECT 1'));
  await c.close();
  const after = await inspectDataDir(runner, pg, node.dataDir, major);
  assert.ok(after.kind === 'valid' && !isCleanShutdown(after.control));
  // Crash recovery on the next start.
  await node.start();
  await node.stop();
});

test('the postmaster dying is seen at once; a failed start is reported', async () => {
  await node.start();
  const proc = node.proc!;
  runner.signal(proc.pid, 'SIGKILL');
  const exit = await proc.exited;
  assert.equal(exit.signal, 'SIGKILL');
  runner.signal(proc.pid, 'SIGKILL', true); // orphaned backends
  node.proc = undefined;

  const bad = startPostgres(runner, pg, {
    dataDir: node.dataDir,
    output: { file: node.logFile },
    settings: { shared_buffers: 'lots' },
  });
  await assert.rejects(
    waitUntilReady(deps, pg, { host: node.dir, port: node.port, timeoutMs: 10_000, process: bad }),
    (e: Error & { code?: string }) => e.code === 'PG_EXITED',
  );
  await node.start();
  await node.stop('immediate');
});
