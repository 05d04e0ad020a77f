// fencePostgres against a real PostgreSQL: backends die too, stopped processes die, strangers live.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually, Sandbox, type TestNode } from '../../../test/postgres/harness.ts';
import { fencePostgres, fencePostgresSync } from './fence.ts';
import { isGone } from './postmaster.ts';
import { realProcFs } from './proc-fs.ts';

const box = new Sandbox();
let a: TestNode;
let b: TestNode;
before(async () => {
  await box.init();
  [a, b] = [await box.node('a'), await box.node('b')];
  for (const n of [a, b]) {
    await n.initdb();
    await n.configure();
  }
});
after(() => box.cleanup());

const dead = (pid: number) => isGone(realProcFs.stat(pid));
const childrenOf = (pid: number) =>
  realProcFs.listPids().filter((p) => realProcFs.stat(p)?.ppid === pid);

/** Starts `n` and opens a connection; returns the postmaster and that connection's backend. */
async function running(n: TestNode) {
  await n.kill(); // whatever an earlier failed test left behind
  await n.start();
  const conn = await n.su();
  const [row] = await conn.query<{ pid: number }>('select pg_backend_pid() as pid');
  return { pm: n.proc!.pid, backend: row!.pid, conn };
}

test('kills a running postmaster and every backend; a second fence finds nothing', async (t) => {
  const { pm, backend, conn } = await running(a);
  const before = childrenOf(pm);
  assert.ok(before.includes(backend) && before.length >= 5, `children: ${before.join(' ')}`);
  const r = await fencePostgres(a.dataDir);
  t.diagnostic(`fencePostgres took ${r.elapsedMs} ms for ${r.killed.length} processes`);
  assert.equal(r.outcome, 'killed');
  assert.deepEqual(r.postmaster, { status: 'verified', pid: pm });
  assert.equal(r.killed[0]?.role, 'postmaster');
  for (const pid of [pm, ...before])
    assert.ok(
      r.killed.some((k) => k.pid === pid),
      `${pid}`,
    );
  for (const k of r.killed) assert.ok(dead(k.pid), `${k.pid} ${k.comm} still alive`);
  assert.deepEqual((await a.proc!.exited).signal, 'SIGKILL');
  await assert.rejects(conn.query('select 1'));
  await conn.close().catch(() => undefined);
  const again = await fencePostgres(a.dataDir);
  assert.equal(again.outcome, 'nothing-running');
  assert.deepEqual(again.killed, []);
});

test('kills a SIGSTOPped postmaster and a SIGSTOPped backend', async () => {
  const { pm, backend, conn } = await running(a);
  process.kill(pm, 'SIGSTOP');
  process.kill(backend, 'SIGSTOP');
  await eventually(() => Promise.resolve(realProcFs.stat(pm)?.state === 'T'));
  await eventually(() => Promise.resolve(realProcFs.stat(backend)?.state === 'T'));
  const r = fencePostgresSync(a.dataDir);
  assert.equal(r.outcome, 'killed');
  for (const pid of [pm, backend]) assert.ok(dead(pid), `${pid} still alive`);
  assert.equal((await a.proc!.exited).signal, 'SIGKILL');
  await conn.close().catch(() => undefined);
});

test('sweeps up a backend that outlived its postmaster', async () => {
  const { pm, backend, conn } = await running(a);
  process.kill(backend, 'SIGSTOP'); // a stopped backend cannot notice the postmaster's death
  process.kill(pm, 'SIGKILL');
  await a.proc!.exited;
  assert.ok(!dead(backend), 'the orphan backend is still there');
  const r = await fencePostgres(a.dataDir);
  assert.deepEqual(r.postmaster, { status: 'not-running', pid: pm });
  assert.ok(r.killed.some((k) => k.pid === backend && k.role === 'orphan'));
  assert.ok(dead(backend));
  await conn.close().catch(() => undefined);
});

test('refuses a PID that is not this data directory’s postmaster', async () => {
  const { pm: otherPm, conn } = await running(b);
  const sleeper = spawn('sleep', ['60'], { cwd: a.dataDir, stdio: 'ignore' });
  const pidFile = join(a.dataDir, 'postmaster.pid');
  try {
    await writeFile(pidFile, `${sleeper.pid}\n${a.dataDir}\n`);
    const r1 = await fencePostgres(a.dataDir);
    assert.equal(r1.postmaster.status, 'refused');
    assert.equal(r1.outcome, 'nothing-running');
    assert.ok(!dead(sleeper.pid!));
    await writeFile(pidFile, `${otherPm}\n${a.dataDir}\n`);
    const r2 = await fencePostgres(a.dataDir);
    assert.match(r2.postmaster.status === 'refused' ? r2.postmaster.reason : '', /serves .*\/b\//);
    assert.deepEqual(r2.killed, []);
    assert.deepEqual(await conn.query('select 1 as one'), [{ one: 1 }]);
  } finally {
    sleeper.kill('SIGKILL');
    await rm(pidFile, { force: true });
    await conn.close();
    await b.stop();
  }
});
