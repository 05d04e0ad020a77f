// File layout of a sandbox state directory.
import { join, resolve } from 'node:path';

/** Default sandbox directory, relative to the working directory. */
export const DEFAULT_SANDBOX_DIR = '.steward/sandbox';

/** Default API server port (the usual Kubernetes API port). */
export const DEFAULT_SANDBOX_PORT = 6443;

/** Default listen address. */
export const DEFAULT_SANDBOX_HOST = '127.0.0.1';

/** Paths of the files the sandbox daemon keeps in its directory. */
export interface SandboxPaths {
  readonly dir: string;
  readonly pidFile: string;
  readonly stateFile: string;
  readonly logFile: string;
  readonly kubeconfig: string;
  readonly adminToken: string;
}

/** Absolute paths for a sandbox directory, resolved against `cwd`. */
export function sandboxPaths(dir: string, cwd: string): SandboxPaths {
  const abs = resolve(cwd, dir);
  return {
    dir: abs,
    pidFile: join(abs, 'sandbox.pid'),
    stateFile: join(abs, 'sandbox.json'),
    logFile: join(abs, 'sandbox.log'),
    kubeconfig: join(abs, 'kubeconfig'),
    adminToken: join(abs, 'admin-token'),
  };
}
