// Keeps one working watchdog process: replaces one that exits or stops answering pings, and says
// since when (and why) there has been none, so that the agent refuses to lead without one.
import type { Clock } from '../../lib/clock.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { ChildExit } from '../../postgres/runner.ts';
import type { Watchdog } from './watchdog.ts';

/** What a started watchdog reports back (wired to startWatchdog's onExit and onPong). */
export interface WatchdogHooks {
  onExit(e: ChildExit): void;
  onPong(seq: number): void;
}

/** Dependencies of a WatchdogSupervisor; durations in ms. */
export interface WatchdogSupervisorDeps {
  /** Starts a watchdog process (startWatchdog in production); may throw. */
  start(hooks: WatchdogHooks): Watchdog;
  clock: Clock;
  log(event: string, sentence: string): void;
  /** A started watchdog that is not ready after this long is replaced (default 10 s). */
  startTimeoutMs?: number;
  /** A ready watchdog that leaves pings unanswered this long is replaced (default 2 s). */
  answerTimeoutMs?: number;
  /** Least time between two starts, so a watchdog that cannot run is not spun (default 1 s). */
  restartIntervalMs?: number;
}

/** Whether a watchdog works now; if not, since when (our clock) and why. */
export type WatchdogHealth =
  | { readonly working: true }
  | { readonly working: false; readonly since: number; readonly problem: string };

/** The watchdog as the agent uses it. */
export interface SupervisedWatchdog {
  /** Call every kick period: pings, replaces a dead or silent watchdog. */
  check(): void;
  health(): WatchdogHealth;
  /** False when no watchdog process takes commands. */
  arm(ms: number): boolean;
  disarm(): boolean;
}

interface Current {
  readonly wd: Watchdog;
  readonly startedAt: number;
  ready: boolean;
  /** Pings not answered yet, oldest first. */
  readonly pings: { seq: number; at: number }[];
}

const NOT_STARTED = 'no watchdog started yet';

/** Pings that must be unanswered (besides the time) before a watchdog counts as silent. */
const SILENT_PINGS = 3;

/** Supervises the watchdog process of one data directory. */
export class WatchdogSupervisor implements SupervisedWatchdog {
  private readonly d: WatchdogSupervisorDeps;
  private current: Current | null = null;
  /** Null while a ready watchdog runs. */
  private broken: { since: number; problem: string } | null;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private seq = 0;
  private stopped = false;

  constructor(deps: WatchdogSupervisorDeps) {
    this.d = deps;
    this.broken = { since: deps.clock.now(), problem: NOT_STARTED };
  }

  /** Starts the first watchdog; resolves once it is ready, rejects if it fails first. */
  start(): Promise<void> {
    this.spawn();
    const c = this.current;
    return c ? c.wd.ready : Promise.reject(new Error(this.broken?.problem));
  }

  health(): WatchdogHealth {
    return this.broken ? { working: false, ...this.broken } : { working: true };
  }

  arm(ms: number): boolean {
    return this.current?.wd.arm(ms) ?? false;
  }

  disarm(): boolean {
    return this.current?.wd.disarm() ?? false;
  }

  check(): void {
    if (this.stopped) return;
    const c = this.current;
    const now = this.d.clock.now();
    if (!c) {
      if (now - this.lastStartAt >= (this.d.restartIntervalMs ?? 1_000)) this.spawn();
      return;
    }
    if (!c.ready) {
      const limit = this.d.startTimeoutMs ?? 10_000;
      if (now - c.startedAt >= limit)
        this.replace(c, `the watchdog (pid ${c.wd.pid}) was not ready within ${limit} ms`);
      return;
    }
    // Judge before sending: after a stall of our own, the answers are still in the pipe.
    const silent = this.silentFor(c);
    if (silent) return this.replace(c, `the watchdog (pid ${c.wd.pid}) ${silent}`);
    if (c.wd.ping(++this.seq)) c.pings.push({ seq: this.seq, at: now });
  }

  /** Stops the watchdog for good (disarmed first). */
  async stop(graceMs?: number): Promise<void> {
    this.stopped = true;
    const c = this.current;
    this.current = null;
    await c?.wd.stop(graceMs);
  }

  /** Why `c` counts as unresponsive, or null. */
  private silentFor(c: Current): string | null {
    const oldest = c.pings[0];
    if (!oldest || c.pings.length < SILENT_PINGS) return null;
    const waited = this.d.clock.now() - oldest.at;
    // Lenient: a watchdog starved of CPU for a moment still fences, a replacement needs a start.
    const limit = this.d.answerTimeoutMs ?? 2_000;
    return waited >= limit ? `answered no ping for ${waited} ms` : null;
  }

  private spawn(): void {
    this.lastStartAt = this.d.clock.now();
    let mine: Current | null = null;
    const hooks: WatchdogHooks = {
      onExit: (e) => {
        if (mine && this.current === mine)
          this.replace(mine, `the watchdog (pid ${mine.wd.pid}) exited (${exitText(e)})`);
      },
      onPong: (seq) => {
        if (mine) mine.pings.splice(0, mine.pings.filter((p) => p.seq <= seq).length);
      },
    };
    try {
      mine = { wd: this.d.start(hooks), startedAt: this.lastStartAt, ready: false, pings: [] };
    } catch (err) {
      this.fail(`could not start a watchdog: ${errorMessage(err)}`);
      return;
    }
    const c = mine;
    this.current = c;
    c.wd.ready.then(
      () => {
        if (this.current !== c) return;
        c.ready = true;
        const was = this.broken?.problem;
        const again = was === NOT_STARTED ? undefined : was;
        this.broken = null;
        this.d.log(
          'watchdog',
          `the watchdog (pid ${c.wd.pid}) is ready${again ? ` (was: ${again})` : ''}`,
        );
      },
      () => undefined, // its exit is reported through onExit
    );
  }

  /** Marks `c` failed, kills it if it still runs, and starts another at once if allowed. */
  private replace(c: Current, problem: string): void {
    if (this.stopped || this.current !== c) return;
    this.current = null;
    c.wd.kill();
    this.fail(problem);
    // One that worked is replaced at once; one that never did, no faster than restartIntervalMs.
    if (c.ready) this.spawn();
    else this.check();
  }

  private fail(problem: string): void {
    this.broken = { since: this.broken?.since ?? this.d.clock.now(), problem };
    this.d.log('watchdog-failed', `${problem}; starting a new one`);
  }
}

function exitText(e: ChildExit): string {
  return e.signal ? `signal ${e.signal}` : `code ${String(e.code)}`;
}
