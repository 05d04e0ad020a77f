// Running the host tools loop-device volumes need (losetup, mkfs.ext4, mount, resize2fs), behind
// a small interface so tests can replace them.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Host access of loop-device volumes. */
export interface HostOps {
  /** Runs a command; resolves with its stdout, rejects with its stderr on a non-zero exit. */
  run(cmd: string, args: string[]): Promise<string>;
  /** The host mount table (`/proc/mounts` format). */
  mounts(): string;
  /** Whether this process may manage loop devices (root). */
  isRoot(): boolean;
}

/** Runs commands on this host. */
export function hostOps(): HostOps {
  return {
    run: (cmd, args) =>
      new Promise((resolve, reject) => {
        execFile(cmd, args, { timeout: 60_000 }, (err, stdout, stderr) => {
          if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${stderr.trim() || err.message}`));
          else resolve(stdout);
        });
      }),
    mounts: () => readFileSync('/proc/mounts', 'utf8'),
    isRoot: () => process.getuid?.() === 0,
  };
}

/** Mount points (second field of the mount table) under `root`, deepest first. */
export function mountPointsUnder(table: string, root: string): string[] {
  const points = table
    .split('\n')
    .map((line) => (line.split(' ')[1] ?? '').replace(/\\040/g, ' '))
    .filter((p) => p === root || p.startsWith(`${root}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}
