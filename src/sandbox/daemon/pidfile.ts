// The pid file: one decimal process id and a newline.
import { readFile, rm, writeFile } from 'node:fs/promises';

/** Contents of a pid file: absent, a valid pid, or garbage. */
export type PidFileContents =
  { kind: 'absent' } | { kind: 'pid'; pid: number } | { kind: 'invalid'; text: string };

/** Parses pid-file text; only a positive decimal integer counts as a pid. */
export function parsePid(text: string): number | undefined {
  const t = text.trim();
  if (!/^[1-9][0-9]{0,9}$/.test(t)) return undefined;
  const pid = Number(t);
  return pid <= 0x7fffffff ? pid : undefined;
}

/** Reads a pid file. */
export async function readPidFile(path: string): Promise<PidFileContents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (isNotFound(err)) return { kind: 'absent' };
    throw err;
  }
  const pid = parsePid(text);
  return pid === undefined ? { kind: 'invalid', text } : { kind: 'pid', pid };
}

/** Writes `pid` to the pid file (mode 0644). */
export async function writePidFile(path: string, pid: number): Promise<void> {
  await writeFile(path, `${pid}\n`, { mode: 0o644 });
}

/** Removes the pid file; a missing file is fine. */
export async function removePidFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** Removes the pid file only if it still names `pid` (so a successor's file survives). */
export async function removePidFileIfOwned(path: string, pid: number): Promise<void> {
  const cur = await readPidFile(path);
  if (cur.kind === 'pid' && cur.pid === pid) await removePidFile(path);
}

/** True for errors meaning "no such file" (ENOENT, or a parent that is not a directory). */
export function isNotFound(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
