// How a sandbox directory stands: running or not, where, and whether it answers /readyz.
import { readFile } from 'node:fs/promises';
import { probeReady, type ReadyProbe } from './health.ts';
import { inspectSandbox } from './inspect.ts';
import { sandboxPaths, type SandboxPaths } from './paths.ts';
import type { ProcessProbe } from './process-probe.ts';

/** Status report of a sandbox directory. */
export type SandboxStatus =
  | { running: false; paths: SandboxPaths; stale?: string }
  | {
      running: true;
      paths: SandboxPaths;
      pid: number;
      url: string | undefined;
      ready: ReadyProbe;
    };

/** Reads the sandbox state without changing anything and probes /readyz if it runs. */
export async function sandboxStatus(
  opts: { dir: string; cwd: string },
  deps: { probe: ProcessProbe },
): Promise<SandboxStatus> {
  const paths = sandboxPaths(opts.dir, opts.cwd);
  const state = await inspectSandbox(paths, deps.probe);
  switch (state.kind) {
    case 'stopped':
      return { running: false, paths };
    case 'stale':
      return { running: false, paths, stale: state.reason };
    case 'running': {
      const { pid, url, caCert } = state;
      const token = await readTokenOrEmpty(paths.adminToken);
      const ready = url
        ? await probeReady({ url, token, caCert }, 2000)
        : { ready: false, detail: 'address unknown (no state file yet)' };
      return { running: true, paths, pid, url, ready };
    }
  }
}

async function readTokenOrEmpty(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return '';
  }
}
