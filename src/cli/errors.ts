// CliError: an expected failure with its exit code, printed as "steward: <message>".
import { StewardError } from '../lib/errors.ts';

/** Exit codes of the CLI. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** `sandbox status`: not running (as `systemctl status` does for an inactive unit). */
export const EXIT_NOT_RUNNING = 3;

/** An expected failure: printed without a stack trace, exits with `exitCode`. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_FAILURE, options?: { cause?: unknown }) {
    super(message, options);
    this.exitCode = exitCode;
    this.name = 'CliError';
  }
}

/** Maps a thrown value to what the user sees on stderr and the exit code. */
export function describeFailure(err: unknown): { message: string; exitCode: number } {
  if (err instanceof CliError)
    return { message: `steward: ${err.message}`, exitCode: err.exitCode };
  if (err instanceof StewardError)
    return { message: `steward: ${err.message}`, exitCode: EXIT_FAILURE };
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return { message: `steward: unexpected error: ${detail}`, exitCode: EXIT_FAILURE };
}
