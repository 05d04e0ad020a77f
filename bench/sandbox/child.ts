// Starts the benchmark control plane (`control-plane.ts`) as a child process: the sandbox API
// server and controllers in one process, kubelets in further processes it spawns.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Endpoint } from '../apiserver/client.ts';
import type { ChildHeap } from '../apiserver/server-child.ts';
import type { SandboxTimings } from '../../src/sandbox/config.ts';

/** The running control-plane child. */
export interface ControlPlaneChild extends Endpoint {
  pid: number;
  /** performance.now() when the child was spawned and when it reported its API server listening. */
  spawnedAt: number;
  listeningAt: number;
  /** Forces a GC in the control plane and returns its heap figures. */
  heap(): Promise<ChildHeap>;
  /** Stops the sandbox (kubelets and containers included); returns how long its close took (ms). */
  stop(): Promise<number | undefined>;
}

/** Spawns the control plane on `dir` with `nodes` nodes and optional timing overrides. */
export async function startControlPlane(
  dir: string,
  nodes: number,
  timings?: Partial<SandboxTimings>,
): Promise<ControlPlaneChild> {
  const script = join(import.meta.dirname, 'control-plane.ts');
  const args = ['--expose-gc', script, dir, String(nodes)];
  if (timings) args.push(JSON.stringify(timings));
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => (stderr = (stderr + s).slice(-4000)));
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      waiting.push(resolve);
      void exited.then(() => reject(new Error(`control plane exited: ${stderr}`)));
    });
  const hello = JSON.parse(await nextLine()) as Endpoint & { pid: number };
  const listeningAt = performance.now();
  return {
    ...hello,
    spawnedAt,
    listeningAt,
    async heap() {
      child.stdin.write('mem\n');
      return JSON.parse(await nextLine()) as ChildHeap;
    },
    async stop() {
      const closed = nextLine().then(
        (l) => (JSON.parse(l) as { closedMs?: number }).closedMs,
        () => undefined,
      );
      child.stdin.end('quit\n');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      return closed;
    },
  };
}
