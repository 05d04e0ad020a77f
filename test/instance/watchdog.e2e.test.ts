// The primary's watchdog process dies (SIGKILL) or hangs (SIGSTOP): its agent starts a new one at
// once and keeps leading, and the new one is armed: when the agent then freezes, it fences.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../support/wait.ts';
import { AgentCluster, type Member } from './harness.ts';

const c = new AgentCluster({ members: 2 });
let p: Member;
before(async () => {
  await c.start();
  for (const m of c.members) c.startAgent(m);
  p = await c.waitHealthy();
});
after(() => c.stop());

/** PIDs of the watchdog processes whose parent is `agentPid` (read from /proc, by PID only). */
function watchdogsOf(agentPid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const cmdline = readFileSync(`/proc/${d}/cmdline`, 'utf8');
        return ppid === agentPid && cmdline.includes('watchdog-main.ts');
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

function theWatchdog(m: Member): number {
  const pids = watchdogsOf(m.agent!.pid!);
  assert.equal(pids.length, 1, `one watchdog for ${m.name}: ${pids.join(', ')}`);
  return pids[0]!;
}

/** Waits for a watchdog other than `old`; returns its PID and how long it took. */
async function replacement(m: Member, old: number): Promise<{ pid: number; ms: number }> {
  const t0 = Date.now();
  const pid = await waitFor(
    `a new watchdog for ${m.name}`,
    () => watchdogsOf(m.agent!.pid!).find((x) => x !== old),
    10_000,
  );
  return { pid, ms: Date.now() - t0 };
}

/** For `ms`, `m` keeps the lease as a primary and keeps watchdog `pid` (no churn). */
async function keepsLeading(m: Member, pid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const s = await m.status();
    assert.equal(s.role, 'primary', s.message);
    assert.equal(s.leaseHolder, m.name, s.message);
    assert.deepEqual(watchdogsOf(m.agent!.pid!), [pid]);
    await new Promise((r) => setTimeout(r, 300));
  }
  const s = await m.status();
  assert.doesNotMatch(s.message, /watchdog/, 'nothing to report once a watchdog works again');
}

const agentLog = (m: Member) => readFileSync(join(m.dir, 'agent.log'), 'utf8');

test('a SIGKILLed watchdog is replaced at once and the primary keeps leading', async (t) => {
  const old = theWatchdog(p);
  const pm = p.postmasterPid();
  process.kill(old, 'SIGKILL');
  const fresh = await replacement(p, old);
  t.diagnostic(`new watchdog ${fresh.pid} seen ${fresh.ms} ms after SIGKILL of ${old}`);
  await keepsLeading(p, fresh.pid, 8_000);
  assert.equal(p.postmasterPid(), pm, 'PostgreSQL was not restarted');
  assert.match(
    agentLog(p),
    new RegExp(`the watchdog \\(pid ${old}\\) exited \\(signal SIGKILL\\)`),
  );
});

test('a hung (SIGSTOPped) watchdog is killed and replaced; the primary keeps leading', async (t) => {
  const old = theWatchdog(p);
  process.kill(old, 'SIGSTOP');
  const fresh = await replacement(p, old);
  t.diagnostic(`new watchdog ${fresh.pid} seen ${fresh.ms} ms after SIGSTOP of ${old}`);
  await keepsLeading(p, fresh.pid, 6_000);
  assert.match(agentLog(p), new RegExp(`the watchdog \\(pid ${old}\\) answered no ping`));
});

test('the replacement is armed: freezing the agent gets PostgreSQL fenced', async (t) => {
  const wd = theWatchdog(p);
  const pm = p.postmasterPid()!;
  const agent = p.agent!.pid!;
  const other = c.members.find((m) => m !== p)!;
  process.kill(agent, 'SIGSTOP');
  const t0 = Date.now();
  try {
    await waitFor(`postmaster ${pm} fenced by watchdog ${wd}`, () => !alive(pm), 20_000);
    t.diagnostic(`postmaster gone ${Date.now() - t0} ms after the agent froze`);
    await waitFor(
      `${other.name} to take over`,
      async () => {
        const s = await other.status();
        return s.role === 'primary' && s.leaseHolder === other.name;
      },
      30_000,
    );
  } finally {
    process.kill(agent, 'SIGCONT');
  }
  await c.waitHealthy(1, 90_000);
});

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
