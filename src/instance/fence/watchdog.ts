// Agent side of the watchdog: spawns watchdog-main.ts as a separate process and kicks it.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { realClock, type Clock } from '../../lib/clock.ts';
import { StewardError } from '../../lib/errors.ts';
import type { ChildExit } from '../../postgres/runner.ts';
import { formatCommand, monotonicMs, type WatchdogEvent } from './watchdog-protocol.ts';

/** A fence the watchdog performed. */
export type FencedEvent = Extract<WatchdogEvent, { event: 'fenced' }>;

/** How to start a watchdog for one data directory. */
export interface WatchdogOptions {
  readonly dataDir: string;
  /** Node binary (default: the one running us). */
  readonly nodePath?: string;
  /** How often the watchdog checks its deadline (default 50 ms). */
  readonly tickMs?: number;
  readonly onFenced?: (e: FencedEvent) => void;
  /** The watchdog answered `ping(seq)`. */
  readonly onPong?: (seq: number) => void;
  /** The watchdog exited; unless we stopped it, the primary is no longer protected. */
  readonly onExit?: (e: ChildExit) => void;
  /** For stop()'s grace period (default: the real clock). */
  readonly clock?: Clock;
  /** CLOCK_MONOTONIC in ms, stamped on each kick (default: the real one). */
  readonly now?: () => number;
}

/** A running watchdog. arm/disarm/ping return false when it is no longer running. */
export interface Watchdog {
  readonly pid: number;
  /** Resolves once the watchdog reads commands; rejects if it exits first. */
  readonly ready: Promise<void>;
  readonly exited: Promise<ChildExit>;
  /** Sets (or moves) the deadline to `ms` from now; past it, PostgreSQL is killed. */
  arm(ms: number): boolean;
  disarm(): boolean;
  /** Asks for a pong with `seq` (see onPong). */
  ping(seq: number): boolean;
  /** SIGKILLs the process (an unresponsive watchdog); `exited` resolves once it is gone. */
  kill(): void;
  /** Disarms, closes stdin, waits for exit (SIGKILL after `graceMs`, default 5 s). */
  stop(graceMs?: number): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./watchdog-main.ts', import.meta.url));

/** Starts a watchdog process for `o.dataDir`, disarmed. */
export function startWatchdog(o: WatchdogOptions): Watchdog {
  const args = ['--disable-warning=ExperimentalWarning', MAIN, o.dataDir, String(o.tickMs ?? 50)];
  // Own process group: a signal to the agent's group (SIGSTOP included) must not reach it.
  const child = spawn(o.nodePath ?? process.execPath, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
  if (child.pid === undefined) throw new StewardError('WATCHDOG_SPAWN_FAILED', 'no watchdog pid');
  let exit: ChildExit | undefined;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => resolve((exit = { code, signal })));
    child.once('error', () => resolve((exit ??= { code: null, signal: null })));
  });
  void exited.then((e) => o.onExit?.(e));
  let markReady = (): void => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    void exited.then(() => reject(new StewardError('WATCHDOG_EXITED', 'watchdog exited early')));
  });
  ready.catch(() => undefined);
  child.stdin.on('error', () => undefined);
  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = parseEvent(line);
    if (e?.event === 'ready') markReady();
    if (e?.event === 'fenced') o.onFenced?.(e);
    if (e?.event === 'pong') o.onPong?.(e.seq);
  });
  const send = (text: string): boolean => {
    if (exit || !child.stdin.writable) return false;
    child.stdin.write(text);
    return true;
  };
  const now = o.now ?? monotonicMs;
  const clock = o.clock ?? realClock;
  return {
    pid: child.pid,
    ready,
    exited,
    arm: (ms) => send(formatCommand({ kind: 'arm', ms, sentAt: now() })),
    disarm: () => send(formatCommand({ kind: 'disarm' })),
    ping: (seq) => send(formatCommand({ kind: 'ping', seq })),
    kill() {
      if (!exit) child.kill('SIGKILL');
    },
    async stop(graceMs = 5_000) {
      send(formatCommand({ kind: 'disarm' }));
      child.stdin.end();
      const abort = new AbortController();
      const timedOut = clock.sleep(graceMs, abort.signal).then(
        () => true,
        () => false,
      );
      if (await Promise.race([exited.then(() => false), timedOut])) child.kill('SIGKILL');
      abort.abort();
      await exited;
    },
  };
}

function parseEvent(line: string): WatchdogEvent | undefined {
  try {
    return JSON.parse(line) as WatchdogEvent;
  } catch {
    return undefined;
  }
}
