// The probe loop's schedule: a failing startup probe keeps trying until its failure threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { FakeClock } from '../../lib/clock.ts';
import { ContainerProbes } from './probe-loop.ts';
import type { Container } from './types.ts';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function setup(port: number, failureThreshold: number) {
  const clock = new FakeClock();
  const results: string[] = [];
  const c: Container = {
    name: 'c',
    startupProbe: { tcpSocket: { port }, periodSeconds: 1, failureThreshold },
    readinessProbe: { tcpSocket: { port }, periodSeconds: 1 },
  };
  const probes = new ContainerProbes(
    c,
    {
      target: () => ({
        pid: process.pid,
        env: {},
        workingDir: undefined,
        namespace: false,
        podIP: '127.0.0.1',
      }),
      onResult: (kind, ok) => results.push(`${kind}=${ok}`),
      onAttemptFailed: () => undefined,
    },
    clock,
  );
  return { clock, results, probes };
}

/** Advances fake time in steps, letting real socket I/O of each probe finish. */
async function run(clock: FakeClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 250) {
    await clock.advance(250);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a startup probe that fails at first keeps probing and succeeds later', async () => {
  const port = await freePort();
  const { clock, results, probes } = setup(port, 30);
  probes.start();
  await run(clock, 3_000);
  assert.equal(results.length, 0);
  const server: Server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  try {
    await run(clock, 3_000);
    assert.ok(results.includes('startup=true'), results.join(','));
    assert.ok(results.includes('readiness=true'), results.join(','));
  } finally {
    probes.stop();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('a startup probe gives up after failureThreshold misses in a row', async () => {
  const port = await freePort();
  const { clock, results, probes } = setup(port, 3);
  probes.start();
  await run(clock, 6_000);
  probes.stop();
  assert.deepEqual(results, ['startup=false']);
});
