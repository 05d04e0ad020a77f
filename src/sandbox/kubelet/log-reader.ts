// Reads container log files for the logs endpoint: tail, byte limit, and follow.
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Writable } from 'node:stream';

/** Options of a log read. */
export interface LogOptions {
  tailLines?: number;
  limitBytes?: number;
}

/** The last `n` lines of a text (a trailing newline does not count as a line). */
export function tailText(text: string, n: number): string {
  if (n <= 0) return '';
  const lines = text.split('\n');
  const hasEnd = text.endsWith('\n');
  if (hasEnd) lines.pop();
  const kept = lines.slice(-n).join('\n');
  return kept + (hasEnd && kept ? '\n' : '');
}

/** A log file's content with the options applied. */
export function readLog(file: string, o: LogOptions): Buffer {
  let text = readFileSync(file, 'utf8');
  if (o.tailLines !== undefined) text = tailText(text, o.tailLines);
  const buf = Buffer.from(text);
  return o.limitBytes !== undefined ? buf.subarray(0, o.limitBytes) : buf;
}

/** Writes the log, then new data as it arrives until `ended()` and the file is drained, or the client leaves. */
export function followLog(
  file: string,
  o: LogOptions,
  out: Writable & { end(): void },
  ended: () => boolean,
): void {
  out.write(readLog(file, { ...(o.tailLines !== undefined ? { tailLines: o.tailLines } : {}) }));
  let pos = statSync(file).size;
  let closed = false;
  out.on('close', () => (closed = true));
  const poll = (): void => {
    if (closed) return;
    const done = ended();
    const size = statSync(file).size;
    if (size > pos) {
      const fd = openSync(file, 'r');
      const buf = Buffer.alloc(size - pos);
      readSync(fd, buf, 0, buf.length, pos);
      closeSync(fd);
      pos = size;
      out.write(buf);
    }
    if (done) return void out.end();
    setTimeout(poll, 200);
  };
  setTimeout(poll, 200);
}
