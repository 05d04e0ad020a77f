// Minimal structured logger that the kube layer writes to; entry points supply the real one.

/** Fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** The logging surface the kube layer needs. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

/** A logger that drops everything (default for tests and optional deps). */
export const nopLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
