// Helpers for tests that run the real CLI as a child process.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
/** The pinned Node.js and the CLI entry point. */
export const NODE = join(root, 'node_modules', '.bin', 'node');
export const MAIN = join(root, 'src', 'cli', 'main.ts');

/** Output of one CLI run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `steward <args>` in `cwd` and waits for it to exit. */
export function steward(args: readonly string[], cwd: string): Promise<CliRun> {
  return new Promise((resolvePromise) => {
    execFile(NODE, [MAIN, ...args], { cwd, timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Starts `steward <args>` without waiting (for --foreground). */
export function stewardChild(args: readonly string[], cwd: string): ChildProcess {
  return spawn(NODE, [MAIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A fresh temporary directory; removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'steward-cli-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = await listen(0);
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A server listening on 127.0.0.1:`port` (0 = any). */
export function listen(port: number): Promise<net.Server> {
  return new Promise((res, rej) => {
    const server = net.createServer();
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => res(server));
  });
}

/** True if `pid` names a live (non-zombie) process. */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/\) [ZX] /.test(stat) && stat !== '';
}

/** Waits until `pid` is gone (or a zombie); false after `ms`. */
export async function waitGone(pid: number, ms = 10_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (!(await isAlive(pid))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Polls `fn` until it returns a value other than undefined. */
export async function waitFor<T>(fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met within ${ms} ms`);
}

/** Reads the pid file of a sandbox directory, if any. */
export async function readPid(sandboxDir: string): Promise<number | undefined> {
  const text = await readFile(join(sandboxDir, 'sandbox.pid'), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : Number(text.trim());
}

/** Stops whatever sandbox runs in `sandboxDir`: `down`, then SIGKILL by pid as a last resort. */
export async function forceDown(sandboxDir: string, cwd: string): Promise<void> {
  const pid = await readPid(sandboxDir);
  await steward(['sandbox', 'down', '--dir', sandboxDir, '--timeout', '5'], cwd);
  if (pid !== undefined && (await isAlive(pid))) {
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes('--foreground')) process.kill(pid, 'SIGKILL');
  }
}
