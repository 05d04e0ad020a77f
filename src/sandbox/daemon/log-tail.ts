// The last lines of the sandbox log, for error messages.
import { open } from 'node:fs/promises';

/** The last `n` non-empty lines of `text`. */
export function lastLines(text: string, n: number): string[] {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .slice(-n);
}

/** Size of a file in bytes, 0 if it does not exist. */
export async function fileSize(path: string): Promise<number> {
  try {
    const fh = await open(path, 'r');
    try {
      return (await fh.stat()).size;
    } finally {
      await fh.close();
    }
  } catch {
    return 0;
  }
}

/** The last `n` lines written to `path` after byte `from` (at most 64 KiB are read). */
export async function readLogTail(path: string, from: number, n: number): Promise<string[]> {
  try {
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const start = Math.max(from, size - 65536);
      const buf = Buffer.alloc(Math.max(0, size - start));
      await fh.read(buf, 0, buf.length, start);
      return lastLines(buf.toString('utf8'), n);
    } finally {
      await fh.close();
    }
  } catch {
    return [];
  }
}

/** Formats a log tail for an error message. */
export function formatLogTail(path: string, lines: readonly string[]): string {
  if (lines.length === 0) return `${path} is empty`;
  return [`last lines of ${path}:`, ...lines.map((l) => `  ${l}`)].join('\n');
}
