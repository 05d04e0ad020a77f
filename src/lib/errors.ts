// StewardError: an unexpected failure with a stable code and chained context.

/** Thrown for unexpected failures; `code` is stable and machine-readable. */
export class StewardError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'StewardError';
  }
}

/** Message of any thrown value, for logs. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
