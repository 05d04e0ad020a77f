// Benchmark control-plane child: starts the sandbox with nodes (each kubelet is a further process
// the sandbox spawns) in the given directory, prints where it listens as one JSON line on stdout,
// then answers stdin commands (`mem`: collect garbage and report heap figures; `quit` or end of
// stdin: stop the sandbox, its kubelets and their containers).
// Usage: control-plane.ts <state-dir> <nodes> [timings-json]
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { UPSTREAM_TIMINGS, type SandboxTimings } from '../../src/sandbox/config.ts';
import { startSandbox } from '../../src/sandbox/sandbox.ts';

const [dir, nodesArg, timingsArg] = process.argv.slice(2);
if (dir === undefined || nodesArg === undefined)
  throw new Error('usage: control-plane.ts <state-dir> <nodes> [timings-json]');
const timings: SandboxTimings = {
  ...UPSTREAM_TIMINGS,
  ...(timingsArg === undefined ? {} : (JSON.parse(timingsArg) as Partial<SandboxTimings>)),
};
const token = randomBytes(24).toString('hex');
const sandbox = await startSandbox({
  dir,
  host: '127.0.0.1',
  port: 0,
  adminToken: token,
  nodes: Number(nodesArg),
  timings,
  log: (msg, err) =>
    process.stderr.write(`${msg}${err instanceof Error ? `: ${err.message}` : ''}\n`),
});
const reply = (obj: unknown): boolean => process.stdout.write(`${JSON.stringify(obj)}\n`);
reply({ url: sandbox.url, caCert: sandbox.caCert, token, pid: process.pid });

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  const started = performance.now();
  await sandbox.close();
  reply({ closedMs: Math.round(performance.now() - started) });
  process.exit(0);
};

const gc = (globalThis as { gc?: () => void }).gc;
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'mem') {
    gc?.();
    const m = process.memoryUsage();
    reply({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external });
  } else if (line === 'quit') void stop();
});
lines.on('close', () => void stop());
process.on('SIGTERM', () => void stop());
