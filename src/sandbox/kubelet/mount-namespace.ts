// A container's processes, found by its mount namespace. Each namespaced container is started in a
// mount namespace of its own (runtime.ts), and everything it starts stays in it, even processes
// that leave its process group (PostgreSQL's postmaster does). When the container's main process
// ends, what is left is killed, as the end of a real container's PID namespace would.
import { readdirSync, readlinkSync } from 'node:fs';

/** The mount namespace of a process (`mnt:[4026532…]`), or undefined if it is gone. */
export function mountNamespaceOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${String(pid)}/ns/mnt`);
  } catch {
    return undefined;
  }
}

/** Every process in mount namespace `ns`, except this one. */
export function processesInMountNamespace(ns: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid !== process.pid && mountNamespaceOf(pid) === ns) out.push(pid);
  }
  return out;
}

/**
 * SIGKILLs every process left in a container's mount namespace; returns their PIDs. Refuses the
 * namespace this process runs in (a container started without a namespace of its own shares it).
 */
export function killMountNamespace(ns: string): number[] {
  if (ns === mountNamespaceOf(process.pid)) return [];
  const pids = processesInMountNamespace(ns);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
