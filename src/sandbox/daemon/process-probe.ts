// Questions about other processes, asked by pid: alive? is it a sandbox? (Linux /proc.)
import { readFile, readlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DEFAULT_SANDBOX_DIR } from './paths.ts';

/** What the daemon needs to know about a process; injected so tests can fake it. */
export interface ProcessProbe {
  /** True if the process exists and is not a zombie. */
  isAlive(pid: number): Promise<boolean>;
  /** The process's argv and working directory, or undefined if unreadable. */
  describe(pid: number): Promise<{ argv: string[]; cwd: string } | undefined>;
}

/** The probe for this machine: signal 0 plus /proc. */
export const procProbe: ProcessProbe = {
  async isAlive(pid) {
    try {
      process.kill(pid, 0);
    } catch (err) {
      // EPERM: it exists but belongs to someone else.
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
    return !(await isZombie(pid));
  },
  async describe(pid) {
    try {
      const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      const cwd = await readlink(`/proc/${pid}/cwd`);
      return { argv: raw.split('\0').filter((a) => a !== ''), cwd };
    } catch {
      return undefined;
    }
  },
};

async function isZombie(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name (which may itself contain spaces).
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}

/**
 * True if `argv` (run in `cwd`) is a foreground sandbox for `dir`: it must contain `sandbox`
 * and `--foreground`, and its `--dir` (default DEFAULT_SANDBOX_DIR) must resolve to `dir`.
 */
export function isSandboxCommandLine(argv: readonly string[], cwd: string, dir: string): boolean {
  if (!argv.includes('sandbox') || !argv.includes('--foreground')) return false;
  return resolve(cwd, dirArgument(argv) ?? DEFAULT_SANDBOX_DIR) === resolve(dir);
}

function dirArgument(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--dir') found = argv[i + 1];
    else if (arg.startsWith('--dir=')) found = arg.slice('--dir='.length);
  });
  return found;
}
