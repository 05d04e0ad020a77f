// Watchdog process: `node watchdog-main.ts <dataDir> [tickMs]`. Fences PostgreSQL when the agent
// stops kicking it. It runs apart from the agent so that a SIGSTOPped agent or a blocked event
// loop cannot stop it, and it does nothing else, so its own loop never blocks (except while
// fencing, which is all there is left to do).
import { createInterface } from 'node:readline';
import { fencePostgresSync } from './fence.ts';
import {
  DISARMED,
  decideWatchdog,
  monotonicMs,
  parseCommand,
  type WatchdogEvent,
  type WatchdogInput,
} from './watchdog-protocol.ts';

const [dataDir, tickArg] = process.argv.slice(2);
if (!dataDir) {
  process.stderr.write('usage: watchdog-main.ts <dataDir> [tickMs]\n');
  process.exit(2);
}
const tickMs = Number(tickArg ?? 50);
const parentPid = process.ppid;
let state = DISARMED;
let exact: NodeJS.Timeout | undefined;

// The agent may be gone; a failed write must not kill us before we fence.
process.stdout.on('error', () => undefined);
const emit = (e: WatchdogEvent): void => void process.stdout.write(`${JSON.stringify(e)}\n`);

function handle(input: WatchdogInput): void {
  const now = monotonicMs();
  const deadline = state.deadline;
  const d = decideWatchdog(state, input, now);
  state = d.next;
  if (d.fence) {
    // Kill first, report after: the report could block on a pipe nobody reads.
    const result = fencePostgresSync(dataDir!);
    const lateMs = d.fence === 'deadline' ? Math.round((now - deadline!) * 10) / 10 : 0;
    emit({ event: 'fenced', reason: d.fence, lateMs, ...result });
  }
  if (d.exit) process.exit(0);
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const command = parseCommand(line);
  if (command.kind === 'invalid') emit({ event: 'invalid', line });
  if (command.kind === 'ping') emit({ event: 'pong', seq: command.seq });
  handle({ kind: 'command', command });
  // Besides the tick, wake exactly at the deadline so a fence is not up to a tick late.
  clearTimeout(exact);
  if (state.deadline !== undefined) {
    // Node's timers round to whole ms and may fire just short of the deadline: add 1 ms.
    const ms = Math.max(0, Math.ceil(state.deadline - monotonicMs()) + 1);
    exact = setTimeout(() => handle({ kind: 'tick' }), ms);
  }
});
lines.on('close', () => handle({ kind: 'eof' }));
// A changed parent PID means the agent died even if something still holds our stdin open.
setInterval(() => handle(process.ppid === parentPid ? { kind: 'tick' } : { kind: 'eof' }), tickMs);
emit({ event: 'ready', pid: process.pid });
