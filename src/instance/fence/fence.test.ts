// Fencing logic over a fake process table (the real thing is in fence.pg.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeProcFs } from './fake-proc-fs.ts';
import { fencePostgres, fencePostgresSync, type FenceDeps } from './fence.ts';
import { checkPostmaster, parsePidFile } from './postmaster.ts';
import { parseStat } from './proc-fs.ts';

const DIR = '/pg/data';

function deps(fs: FakeProcFs): FenceDeps {
  let t = 0;
  return {
    proc: fs,
    now: () => t,
    sleep: (ms) => Promise.resolve(void (t += ms)),
    sleepSync: (ms) => void (t += ms),
  };
}

/** postmaster 100 with two backends, an archiver running a shell, and unrelated processes. */
function cluster(): FakeProcFs {
  const fs = new FakeProcFs();
  fs.files.set(`${DIR}/postmaster.pid`, `100\n${DIR}\n1700000000\n5432\n`);
  fs.add({ pid: 1, comm: 'steward', cwd: '/' })
    .add({ pid: 100, cwd: DIR, cmdline: ['/usr/bin/postgres', '-D', DIR] })
    .add({ pid: 101, ppid: 100, cwd: DIR, state: 'T' })
    .add({ pid: 102, ppid: 100, cwd: DIR })
    .add({ pid: 103, ppid: 102, comm: 'sh', cwd: DIR })
    .add({ pid: 104, ppid: 103, comm: 'steward', cwd: '/tmp' })
    .add({ pid: 200, cwd: '/other/data' })
    .add({ pid: 300, comm: 'sleep', cwd: DIR });
  return fs;
}

test('parses /proc stat lines and postmaster.pid', () => {
  const line = '42 (a) (b) c) S 7 42 42 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 98765 1 2';
  assert.deepEqual(parseStat(line), {
    pid: 42,
    ppid: 7,
    comm: 'a) (b) c',
    state: 'S',
    startTime: '98765',
  });
  assert.equal(parseStat('garbage'), undefined);
  assert.equal(parsePidFile('123\n/data\n'), 123);
  assert.equal(parsePidFile('-123\n'), 123, 'single-user backends write a negative PID');
  assert.equal(parsePidFile('\n'), undefined);
  assert.equal(parsePidFile('0\n'), undefined);
});

test('kills the postmaster first, then its whole tree; leaves everything else', () => {
  const fs = cluster();
  const r = fencePostgresSync(DIR, deps(fs));
  assert.equal(r.outcome, 'killed');
  assert.deepEqual(r.postmaster, { status: 'verified', pid: 100 });
  assert.deepEqual(
    r.killed.map((p) => `${p.pid}:${p.role}`),
    ['100:postmaster', '101:descendant', '102:descendant', '103:descendant', '104:descendant'],
  );
  assert.equal(fs.signals[0], '100:SIGKILL');
  assert.deepEqual(r.survivors, []);
  for (const pid of [1, 200, 300]) assert.equal(fs.procs.get(pid)?.state, 'S');
});

test('sweeps up orphaned backends and children forked during the kill', async () => {
  const fs = cluster();
  fs.files.delete(`${DIR}/postmaster.pid`);
  fs.procs.delete(100);
  for (const pid of [101, 102]) fs.procs.set(pid, { ...fs.procs.get(pid)!, ppid: 1 });
  fs.onKill = (pid) => {
    if (pid === 101) fs.add({ pid: 105, ppid: 1, cwd: DIR, startTime: '9' });
    fs.onKill = () => undefined;
  };
  const r = await fencePostgres(DIR, deps(fs));
  assert.deepEqual(r.postmaster, { status: 'no-pid-file' });
  assert.deepEqual(
    r.killed.map((p) => `${p.pid}:${p.role}`),
    ['101:orphan', '102:orphan', '103:descendant', '104:descendant', '105:orphan'],
  );
});

test('nothing running: says so and signals nothing; a second fence is a no-op', () => {
  const fs = cluster();
  fencePostgresSync(DIR, deps(fs));
  const sent = fs.signals.length;
  const again = fencePostgresSync(DIR, deps(fs));
  assert.equal(again.outcome, 'nothing-running');
  assert.deepEqual(again.postmaster, { status: 'not-running', pid: 100 });
  assert.deepEqual(again.killed, []);
  assert.equal(fs.signals.length, sent);
});

test('refuses a PID that is not this data directory’s postmaster', () => {
  const fs = cluster();
  const check = (pid: number) => {
    fs.files.set(`${DIR}/postmaster.pid`, `${pid}\n`);
    return checkPostmaster(fs, DIR, DIR);
  };
  assert.deepEqual(check(300), {
    status: 'refused',
    pid: 300,
    reason: 'process 300 is sleep, not postgres',
  });
  assert.deepEqual(check(200), {
    status: 'refused',
    pid: 200,
    reason: 'process 200 serves /other/data, not /pg/data',
  });
  assert.deepEqual(check(999), { status: 'not-running', pid: 999 });
  fs.files.set(`${DIR}/postmaster.pid`, 'x\n');
  assert.equal(checkPostmaster(fs, DIR, DIR).status, 'invalid-pid-file');
});

test('without access to cwd, an absolute -D on the command line identifies the postmaster', () => {
  const fs = cluster();
  delete fs.procs.get(100)!.cwd;
  assert.deepEqual(checkPostmaster(fs, DIR, DIR), { status: 'verified', pid: 100 });
  fs.procs.get(100)!.cmdline = ['postgres', '-D', 'data'];
  assert.equal(checkPostmaster(fs, DIR, DIR).status, 'refused');
});

test('a process that will not die is reported as a survivor at the deadline', () => {
  const fs = cluster();
  fs.procs.get(102)!.stuck = true;
  const r = fencePostgresSync(DIR, deps(fs), { timeoutMs: 100, pollMs: 10 });
  assert.equal(r.outcome, 'survivors');
  assert.deepEqual(r.survivors, [102]);
  assert.equal(r.elapsedMs, 100);
});

test('a killed PID reused by another process counts as gone', () => {
  const fs = cluster();
  fs.procs.get(101)!.stuck = true;
  fs.onKill = (pid) => {
    if (pid === 104) fs.add({ pid: 101, comm: 'bash', startTime: '77' });
  };
  const r = fencePostgresSync(DIR, deps(fs), { timeoutMs: 100, pollMs: 10 });
  assert.equal(r.outcome, 'killed');
  assert.equal(fs.procs.get(101)?.comm, 'bash');
});
