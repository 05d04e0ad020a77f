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

/** One JSON line per record (`time`, `level`, `msg`, fields); debug records are dropped. */
export function jsonLogger(write: (line: string) => void): Logger {
  const at = (level: string) => (msg: string, fields?: LogFields) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
  return { debug: () => undefined, info: at('info'), warn: at('warn'), error: at('error') };
}
