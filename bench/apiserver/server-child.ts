// Starts the benchmark server as a child process and reads its memory and CPU from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Endpoint } from './client.ts';

/** Heap figures the child reports after a forced garbage collection (bytes). */
export interface ChildHeap {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

/** Kernel view of the child: resident set (current and peak, bytes) and CPU time used (ms). */
export interface ProcStats {
  rssBytes: number;
  hwmBytes: number;
  cpuMs: number;
}

/** The running server child. */
export interface ServerChild extends Endpoint {
  pid: number;
  /** Forces a GC in the child, then returns its heap figures and the kernel's RSS. */
  memory(): Promise<{ heap: ChildHeap; proc: ProcStats }>;
  proc(): ProcStats;
  stop(): Promise<void>;
}

/** Linux clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/** Reads a `Vm*:  N kB` field of /proc/<pid>/status, in bytes (0 when absent). */
export function parseVmBytes(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

/** Reads utime + stime of /proc/<pid>/stat, in milliseconds. */
export function parseCpuMs(stat: string): number {
  // Fields after the command name (which may contain spaces) start at field 3 (state).
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(rest[11]) + Number(rest[12]);
  return (ticks * 1000) / USER_HZ;
}

function readProc(pid: number): ProcStats {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  return {
    rssBytes: parseVmBytes(status, 'VmRSS'),
    hwmBytes: parseVmBytes(status, 'VmHWM'),
    cpuMs: parseCpuMs(readFileSync(`/proc/${String(pid)}/stat`, 'utf8')),
  };
}

/** Spawns `server.ts` on a state directory; `cpuProfDir` turns on V8 CPU profiling. */
export async function startServerChild(dir: string, cpuProfDir?: string): Promise<ServerChild> {
  const script = join(import.meta.dirname, 'server.ts');
  const flags = [
    '--expose-gc',
    ...(cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfDir}`] : []),
  ];
  const child = spawn(process.execPath, [...flags, script, dir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s: string) => (stderr = (stderr + s).slice(-4000)));
  const waiting: ((line: string) => void)[] = [];
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => waiting.shift()?.(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      waiting.push(resolve);
      void exited.then(() => reject(new Error(`server child exited: ${stderr}`)));
    });
  const hello = JSON.parse(await nextLine()) as Endpoint & { pid: number };
  return {
    ...hello,
    async memory() {
      child.stdin.write('mem\n');
      const heap = JSON.parse(await nextLine()) as ChildHeap;
      return { heap, proc: readProc(hello.pid) };
    },
    proc: () => readProc(hello.pid),
    async stop() {
      child.stdin.end('quit\n');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
