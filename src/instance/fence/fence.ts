// Fencing: SIGKILL a data directory's postmaster and every process it spawned, then wait for them.
//
// Why kill and not demote: PostgreSQL 15 cannot demote a running primary, and SIGKILL works even
// on a hung or SIGSTOPped server. Why each process by PID: backends call setsid(), so killing the
// postmaster's process group would miss them. The set to kill is collected *before* the first
// signal (once the postmaster dies its children are reparented and the ppid chain is lost), and
// any PostgreSQL process still working in the data directory is swept up too (orphans).
import { isGone, isServerProcess, checkPostmaster, type PostmasterCheck } from './postmaster.ts';
import { realProcFs, type ProcFs, type ProcInfo } from './proc-fs.ts';

/** OS access and time for fencing; `now` must be monotonic (milliseconds). */
export interface FenceDeps {
  readonly proc: ProcFs;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly sleepSync: (ms: number) => void;
}

/** How long to wait for the killed processes to disappear, and how often to look. */
export interface FenceOptions {
  readonly timeoutMs?: number;
  readonly pollMs?: number;
}

/** A process fencing killed, and why it was a target. */
export interface FencedProcess {
  readonly pid: number;
  readonly ppid: number;
  readonly comm: string;
  readonly role: 'postmaster' | 'descendant' | 'orphan';
}

/** What a fence did. `survivors` are PIDs still alive at the deadline (e.g. stuck in D state). */
export interface FenceResult {
  readonly dataDir: string;
  readonly outcome: 'killed' | 'nothing-running' | 'survivors';
  readonly postmaster: PostmasterCheck;
  readonly killed: readonly FencedProcess[];
  readonly survivors: readonly number[];
  readonly elapsedMs: number;
}

interface Target extends FencedProcess {
  readonly startTime: string;
}

interface FenceRun {
  readonly dataDir: string;
  readonly realDir: string | undefined;
  readonly postmaster: PostmasterCheck;
  readonly started: number;
  readonly targets: Map<number, Target>;
}

/** The real process table, a monotonic clock, real sleeps. */
export const realFenceDeps: FenceDeps = {
  proc: realProcFs,
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  sleepSync: (ms) => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms),
};

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_POLL_MS = 5;

/** Fences the PostgreSQL server of `dataDir`; idempotent (nothing running → `nothing-running`). */
export async function fencePostgres(
  dataDir: string,
  deps: FenceDeps = realFenceDeps,
  o: FenceOptions = {},
): Promise<FenceResult> {
  const run = beginFence(deps, dataDir);
  const deadline = run.started + (o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (;;) {
    const { fresh, left } = killRound(deps.proc, run);
    if (fresh + left.length === 0 || deps.now() >= deadline) return finish(deps, run, left);
    await deps.sleep(o.pollMs ?? DEFAULT_POLL_MS);
  }
}

/** Same as fencePostgres, blocking: for the watchdog, which has nothing else to do meanwhile. */
export function fencePostgresSync(
  dataDir: string,
  deps: FenceDeps = realFenceDeps,
  o: FenceOptions = {},
): FenceResult {
  const run = beginFence(deps, dataDir);
  const deadline = run.started + (o.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (;;) {
    const { fresh, left } = killRound(deps.proc, run);
    if (fresh + left.length === 0 || deps.now() >= deadline) return finish(deps, run, left);
    deps.sleepSync(o.pollMs ?? DEFAULT_POLL_MS);
  }
}

function beginFence(deps: FenceDeps, dataDir: string): FenceRun {
  const started = deps.now();
  const realDir = deps.proc.realpath(dataDir);
  const postmaster: PostmasterCheck =
    realDir === undefined
      ? { status: 'no-pid-file' }
      : checkPostmaster(deps.proc, dataDir, realDir);
  return { dataDir, realDir, postmaster, started, targets: new Map() };
}

/**
 * Finds targets not yet killed, kills them (postmaster first); returns how many it found and the
 * PIDs still alive. Fencing ends only after a round that finds nothing new and nothing alive, so
 * a child forked while the kills went out is caught by the next round.
 */
function killRound(fs: ProcFs, run: FenceRun): { fresh: number; left: number[] } {
  const fresh = findTargets(fs, run).filter((t) => {
    const known = run.targets.get(t.pid);
    return !known || known.startTime !== t.startTime;
  });
  fresh.sort((a, b) => Number(b.role === 'postmaster') - Number(a.role === 'postmaster'));
  for (const t of fresh) {
    run.targets.set(t.pid, t);
    fs.kill(t.pid, 'SIGKILL');
  }
  const left = [...run.targets.values()].filter((t) => isSame(fs.stat(t.pid), t));
  return { fresh: fresh.length, left: left.map((t) => t.pid) };
}

/** A target is still there when its PID is live and was started at the same tick. */
function isSame(now: ProcInfo | undefined, t: Target): boolean {
  return !isGone(now) && now!.startTime === t.startTime;
}

/**
 * The verified postmaster and everything below it in the ppid tree (also below targets already
 * killed, for a child forked during the kill), plus every live PostgreSQL server process whose
 * working directory is the data directory (orphans whose postmaster is gone) and their trees.
 */
function findTargets(fs: ProcFs, run: FenceRun): Target[] {
  const live = fs
    .listPids()
    .flatMap((pid) => fs.stat(pid) ?? [])
    .filter((p) => !isGone(p));
  const found = new Map<number, Target>();
  const add = (p: ProcInfo, role: Target['role']) => found.set(p.pid, { ...pick(p), role });
  // The file's PID counts only in the first round: later, that PID may belong to someone else.
  const first = run.targets.size === 0 && run.postmaster.status === 'verified';
  const pm = first ? run.postmaster.pid : undefined;
  const alive = [...run.targets.values()].filter((t) => isSame(fs.stat(t.pid), t));
  const roots = new Set(alive.map((t) => t.pid));
  for (const p of live) {
    if (p.pid === pm && isServerProcess(p)) add(p, 'postmaster');
    else if (roots.has(p.pid)) add(p, 'descendant');
  }
  addDescendants(live, found, add);
  const dir = run.realDir;
  for (const p of live) {
    if (dir && isServerProcess(p) && !found.has(p.pid) && fs.cwd(p.pid) === dir) add(p, 'orphan');
  }
  addDescendants(live, found, add);
  return [...found.values()];
}

/** Adds every live process whose parent is already found, until the set stops growing. */
function addDescendants(
  live: readonly ProcInfo[],
  found: Map<number, Target>,
  add: (p: ProcInfo, role: Target['role']) => void,
): void {
  for (let grew = true; grew;) {
    grew = false;
    for (const p of live) {
      if (!found.has(p.pid) && found.has(p.ppid)) {
        add(p, 'descendant');
        grew = true;
      }
    }
  }
}

function pick(p: ProcInfo): Omit<Target, 'role'> {
  return { pid: p.pid, ppid: p.ppid, comm: p.comm, startTime: p.startTime };
}

function finish(deps: FenceDeps, run: FenceRun, survivors: number[]): FenceResult {
  const killed = [...run.targets.values()].map(({ pid, ppid, comm, role }) => ({
    pid,
    ppid,
    comm,
    role,
  }));
  const outcome =
    survivors.length > 0 ? 'survivors' : killed.length > 0 ? 'killed' : 'nothing-running';
  return {
    dataDir: run.dataDir,
    outcome,
    postmaster: run.postmaster,
    killed,
    survivors,
    elapsedMs: Math.round((deps.now() - run.started) * 10) / 10,
  };
}
