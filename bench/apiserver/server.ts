// Benchmark server child: starts the sandbox in the given directory, prints where it listens as
// one JSON line on stdout, then answers stdin commands (`mem`: collect garbage and report heap
// figures; `quit` or end of stdin: stop).
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { startSandbox } from '../../src/sandbox/sandbox.ts';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: server.ts <state-dir>');
const token = randomBytes(24).toString('hex');
const sandbox = await startSandbox({
  dir,
  host: '127.0.0.1',
  port: 0,
  adminToken: token,
  log: (msg, err) =>
    process.stderr.write(`${msg}${err instanceof Error ? `: ${err.message}` : ''}\n`),
});
const reply = (obj: unknown): boolean => process.stdout.write(`${JSON.stringify(obj)}\n`);
reply({ url: sandbox.url, caCert: sandbox.caCert, token, pid: process.pid });

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await sandbox.close();
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
