// Watchdogs for supervisor and guard unit tests: no process, every command recorded, the test
// decides when each one is ready, answers, hangs or dies.
import type { ChildExit } from '../../postgres/runner.ts';
import type { Watchdog } from './watchdog.ts';
import type { WatchdogHooks } from './watchdog-supervisor.ts';

/** One fake watchdog process. */
export class FakeWatchdog implements Watchdog {
  readonly pid: number;
  readonly ready: Promise<void>;
  readonly exited: Promise<ChildExit>;
  /** Commands received, as `arm <ms>`, `disarm` or `ping <seq>`. */
  readonly commands: string[] = [];
  /** Answer pings at once (a live watchdog) or never (a hung one). */
  answers = true;
  private markReady!: () => void;
  private failReady!: (e: Error) => void;
  private markExited!: (e: ChildExit) => void;
  private exit: ChildExit | null = null;
  private readonly hooks: WatchdogHooks;

  constructor(pid: number, hooks: WatchdogHooks) {
    this.pid = pid;
    this.hooks = hooks;
    this.ready = new Promise((resolve, reject) => {
      this.markReady = resolve;
      this.failReady = reject;
    });
    this.ready.catch(() => undefined);
    this.exited = new Promise((resolve) => (this.markExited = resolve));
  }

  get running(): boolean {
    return this.exit === null;
  }
  /** The last arm command's ms, or null if the last command was not an arm. */
  get armedMs(): number | null {
    const last = this.commands.filter((c) => !c.startsWith('ping')).at(-1);
    return last?.startsWith('arm ') ? Number(last.slice(4)) : null;
  }

  /** Answers ping `seq` (and so every earlier one) now. */
  pong(seq: number): void {
    if (this.running) this.hooks.onPong(seq);
  }
  becomeReady(): void {
    this.markReady();
  }
  /** Exits as if killed by `signal`. */
  die(signal = 'SIGKILL'): void {
    if (this.exit) return;
    this.exit = { code: null, signal };
    this.failReady(new Error('exited'));
    this.markExited(this.exit);
    const e = this.exit;
    queueMicrotask(() => this.hooks.onExit(e)); // like a child's 'exit' event: later
  }

  arm(ms: number): boolean {
    return this.send(`arm ${ms}`);
  }
  disarm(): boolean {
    return this.send('disarm');
  }
  ping(seq: number): boolean {
    if (!this.send(`ping ${seq}`)) return false;
    if (this.answers) queueMicrotask(() => this.running && this.hooks.onPong(seq));
    return true;
  }
  kill(): void {
    this.die('SIGKILL');
  }
  stop(): Promise<void> {
    this.disarm();
    this.die('SIGTERM');
    return Promise.resolve();
  }

  private send(command: string): boolean {
    if (this.exit) return false;
    this.commands.push(command);
    return true;
  }
}

/** A start function handing out FakeWatchdogs (pids 100, 101, …), or throwing while `failing`. */
export class FakeWatchdogStarter {
  readonly started: FakeWatchdog[] = [];
  failing = false;
  /** Each new watchdog becomes ready on its own, after the current microtasks. */
  autoReady = true;

  readonly start = (hooks: WatchdogHooks): FakeWatchdog => {
    if (this.failing) throw new Error('spawn EAGAIN');
    const w = new FakeWatchdog(100 + this.started.length, hooks);
    this.started.push(w);
    if (this.autoReady) queueMicrotask(() => w.becomeReady());
    return w;
  };

  get last(): FakeWatchdog {
    const w = this.started.at(-1);
    if (!w) throw new Error('no watchdog started');
    return w;
  }
}
