// Option parsers and small formatting helpers shared by the commands.
import { InvalidArgumentError } from 'commander';

/** Parses a TCP port (0 lets the system pick a free one). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n > 65535) {
    throw new InvalidArgumentError('must be an integer from 0 to 65535.');
  }
  return n;
}

/** Parses a positive number of seconds. */
export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('must be a positive number of seconds.');
  return n;
}

/** Quotes a word for POSIX shells, only when it needs it. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The line to paste into a shell to use a kubeconfig. */
export function exportLine(kubeconfig: string): string {
  return `export KUBECONFIG=${shellQuote(kubeconfig)}; kubectl get nodes`;
}
