// What the pid file of a sandbox directory says, checked against the live process table.
import { readFile } from 'node:fs/promises';
import { isNotFound, readPidFile } from './pidfile.ts';
import type { SandboxPaths } from './paths.ts';
import { isSandboxCommandLine, type ProcessProbe } from './process-probe.ts';

/** Where a sandbox directory stands. */
export type SandboxState =
  | { kind: 'stopped' }
  | { kind: 'running'; pid: number; url: string | undefined; caCert: string | undefined }
  | { kind: 'stale'; reason: string };

/** Contents of the state file written by a running sandbox. */
export interface SandboxStateFile {
  pid: number;
  url: string;
  /** PEM of the CA of the server's certificate, when it serves https. */
  caCert?: string;
}

/** Reads the pid file and classifies it: no file, a live sandbox of ours, or stale. */
export async function inspectSandbox(
  paths: SandboxPaths,
  probe: ProcessProbe,
): Promise<SandboxState> {
  const pidFile = await readPidFile(paths.pidFile);
  switch (pidFile.kind) {
    case 'absent':
      return { kind: 'stopped' };
    case 'invalid':
      return { kind: 'stale', reason: `pid file ${paths.pidFile} does not hold a pid` };
    case 'pid':
      break;
  }
  const { pid } = pidFile;
  if (!(await probe.isAlive(pid))) {
    return { kind: 'stale', reason: `process ${pid} from ${paths.pidFile} is gone` };
  }
  const desc = await probe.describe(pid);
  if (!desc || !isSandboxCommandLine(desc.argv, desc.cwd, paths.dir)) {
    return {
      kind: 'stale',
      reason: `process ${pid} from ${paths.pidFile} is not a sandbox for ${paths.dir}`,
    };
  }
  const state = await readStateFile(paths.stateFile);
  const own = state?.pid === pid ? state : undefined;
  return { kind: 'running', pid, url: own?.url, caCert: own?.caCert };
}

/** Reads the state file; undefined if absent or malformed. */
export async function readStateFile(path: string): Promise<SandboxStateFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  try {
    const v = JSON.parse(text) as Partial<SandboxStateFile>;
    if (typeof v.pid !== 'number' || typeof v.url !== 'string') return undefined;
    return typeof v.caCert === 'string'
      ? { pid: v.pid, url: v.url, caCert: v.caCert }
      : { pid: v.pid, url: v.url };
  } catch {
    return undefined;
  }
}
