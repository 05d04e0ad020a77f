// Process trees by PID: descendants from /proc, and signals to a whole tree.
import { readdirSync, readFileSync } from 'node:fs';

/** Parent PID of every live process (from /proc/<pid>/stat). */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name in parentheses, which may contain spaces.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(entry), Number(rest[1]));
    } catch {
      // The process exited while we looked.
    }
  }
  return out;
}

/** `root` and all its descendants, parents before children. */
export function processTree(root: number): number[] {
  const ppid = parents();
  const children = new Map<number, number[]>();
  for (const [pid, parent] of ppid) {
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  const out: number[] = [];
  const walk = (pid: number): void => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  if (ppid.has(root)) walk(root);
  return out;
}

/** Sends `signal` to every process of the tree (missing processes are skipped). */
export function signalTree(root: number, signal: NodeJS.Signals, extra: number[] = []): number[] {
  const pids = [...new Set([...processTree(root), ...extra])];
  // Stop/kill parents first so they cannot spawn or reap while we walk the children.
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
  return pids;
}

/** Whether a PID is alive (and not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}
