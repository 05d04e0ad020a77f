// Checks made before starting a sandbox: a usable directory, a free port, a loopback host.
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import net from 'node:net';
import { StewardError } from '../../lib/errors.ts';

/** Creates the sandbox directory if needed and checks that it is writable. */
export async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o755 });
    await access(dir, constants.W_OK);
  } catch (err) {
    throw new StewardError(
      'DIR_NOT_WRITABLE',
      `cannot use ${dir} as the sandbox directory: ${describeFsError(err)}`,
      { cause: err },
    );
  }
}

function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'it or a parent path is not a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied (not writable)';
  if (code === 'EROFS') return 'read-only file system';
  return err instanceof Error ? err.message : String(err);
}

/** True for addresses in 127.0.0.0/8, ::1 and "localhost". */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return net.isIPv4(host) && host.startsWith('127.');
}

/** Fails with PORT_IN_USE if `host:port` cannot be bound right now (port 0 always passes). */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => resolve());
    });
  } catch (err) {
    throw portError(host, port, err);
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The error for a port that cannot be bound, shared by the preflight and the server start. */
export function portError(host: string, port: number, err: unknown): StewardError {
  const code = errnoCode(err);
  const why =
    code === 'EADDRINUSE'
      ? 'is already in use'
      : code === 'EACCES'
        ? 'needs privileges to bind'
        : `cannot be bound (${err instanceof Error ? err.message : String(err)})`;
  return new StewardError(
    code === 'EADDRINUSE' ? 'PORT_IN_USE' : 'PORT_UNAVAILABLE',
    `port ${port} on ${host} ${why}; stop what uses it or choose another port with --port`,
    { cause: err },
  );
}

/** Fails with HOST_NOT_LOOPBACK unless `host` is a loopback address: the sandbox is local only. */
export function ensureLoopbackHost(host: string): void {
  if (!isLoopbackHost(host)) {
    throw new StewardError(
      'HOST_NOT_LOOPBACK',
      `refusing to listen on ${host}: the sandbox only listens on loopback addresses (127.0.0.0/8, ::1)`,
    );
  }
}

/** The errno code (EADDRINUSE, …) of an error or of the first error in its cause chain with one. */
export function errnoCode(err: unknown): string | undefined {
  for (let e: unknown = err, i = 0; e instanceof Error && i < 10; e = e.cause, i++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  }
  return undefined;
}
