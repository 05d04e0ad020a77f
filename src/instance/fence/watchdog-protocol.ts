// The watchdog's line protocol and its pure decision: what to do on a command, a tick, or EOF.
//
// Agent → watchdog (stdin): `arm <ms> [<sentAt>]` sets the deadline to ms after the kick was sent
// (every arm is a kick that moves it); `disarm` clears it. `sentAt` is the agent's CLOCK_MONOTONIC
// in ms, the same clock the watchdog reads (same host, same time namespace): a kick that sat in
// the pipe while the watchdog was starved cannot stretch the deadline. Without it, the deadline
// counts from receipt. `ping <seq>` asks for a `pong` with the same seq: the agent learns that the
// watchdog still reads its pipe. Watchdog → agent (stdout): one JSON object per line, see
// WatchdogEvent (it writes only in reply to the agent, or once at start and at a fence, so a
// frozen agent cannot make it block on a full pipe).
// Monotonic time only: wall-clock steps can neither delay nor hasten a fence.
import type { FenceResult } from './fence.ts';

/** A parsed stdin line. */
export type WatchdogCommand =
  | { readonly kind: 'arm'; readonly ms: number; readonly sentAt?: number }
  | { readonly kind: 'disarm' }
  | { readonly kind: 'ping'; readonly seq: number }
  | { readonly kind: 'invalid'; readonly line: string };

/** What the watchdog reacts to. `eof` also stands for "our parent died". */
export type WatchdogInput =
  | { readonly kind: 'command'; readonly command: WatchdogCommand }
  | { readonly kind: 'tick' }
  | { readonly kind: 'eof' };

/** Armed with a monotonic deadline, or disarmed. */
export interface WatchdogState {
  readonly deadline: number | undefined;
}

/** The next state and what to do now. */
export interface WatchdogDecision {
  readonly next: WatchdogState;
  readonly fence: 'deadline' | 'eof' | undefined;
  readonly exit: boolean;
}

/** Lines the watchdog writes. */
export type WatchdogEvent =
  | { readonly event: 'ready'; readonly pid: number }
  | { readonly event: 'invalid'; readonly line: string }
  | { readonly event: 'pong'; readonly seq: number }
  | ({
      readonly event: 'fenced';
      readonly reason: 'deadline' | 'eof';
      /** How long after the deadline the fence began (0 for eof). */
      readonly lateMs: number;
    } & FenceResult);

export const DISARMED: WatchdogState = { deadline: undefined };

/** CLOCK_MONOTONIC in milliseconds, comparable between processes on one host. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Parses one stdin line. */
export function parseCommand(line: string): WatchdogCommand {
  const words = line.trim().split(/\s+/);
  if (words.length === 1 && words[0] === 'disarm') return { kind: 'disarm' };
  if (words.length === 2 && words[0] === 'ping' && /^[0-9]{1,15}$/.test(words[1]!)) {
    return { kind: 'ping', seq: Number(words[1]) };
  }
  const [ms, sentAt] = [Number(words[1]), Number(words[2])];
  if (words[0] !== 'arm' || !(ms >= 0) || !Number.isFinite(ms)) return { kind: 'invalid', line };
  if (words.length === 2) return { kind: 'arm', ms };
  if (words.length === 3 && Number.isFinite(sentAt)) return { kind: 'arm', ms, sentAt };
  return { kind: 'invalid', line };
}

/** The line that sends `command`. */
export function formatCommand(command: Exclude<WatchdogCommand, { kind: 'invalid' }>): string {
  if (command.kind === 'disarm') return 'disarm\n';
  if (command.kind === 'ping') return `ping ${Math.floor(command.seq)}\n`;
  const ms = Math.max(0, Math.floor(command.ms));
  return command.sentAt === undefined ? `arm ${ms}\n` : `arm ${ms} ${command.sentAt.toFixed(3)}\n`;
}

/** Decides what an input means at monotonic time `now`. After a fence it stays disarmed. */
export function decideWatchdog(
  state: WatchdogState,
  input: WatchdogInput,
  now: number,
): WatchdogDecision {
  const armed = state.deadline !== undefined;
  switch (input.kind) {
    case 'eof':
      return { next: DISARMED, fence: armed ? 'eof' : undefined, exit: true };
    case 'tick':
      if (armed && now >= state.deadline) return { next: DISARMED, fence: 'deadline', exit: false };
      return { next: state, fence: undefined, exit: false };
    case 'command':
      return { next: applyCommand(state, input.command, now), fence: undefined, exit: false };
  }
}

function applyCommand(state: WatchdogState, c: WatchdogCommand, now: number): WatchdogState {
  switch (c.kind) {
    case 'arm':
      // A sentAt in the future (clock mix-up) is not trusted to extend anything.
      return { deadline: Math.min(now, c.sentAt ?? now) + c.ms };
    case 'disarm':
      return DISARMED;
    case 'ping':
    case 'invalid':
      return state;
  }
}
