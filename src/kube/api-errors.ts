// Classify errors from the API (client-node ApiException, watch errors, Status objects) by HTTP code.

/** HTTP status code carried by an API error, if any (ApiException.code, watch error.statusCode, Status.code). */
export function statusCodeOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; statusCode?: unknown };
  if (typeof e.statusCode === 'number') return e.statusCode;
  if (typeof e.code === 'number') return e.code;
  return undefined;
}

/** True for a 409 Conflict (stale resourceVersion or already exists). */
export function isConflict(err: unknown): boolean {
  return statusCodeOf(err) === 409;
}

/** True for a 404 Not Found. */
export function isNotFound(err: unknown): boolean {
  return statusCodeOf(err) === 404;
}

/** True for a 410 Gone (resourceVersion too old: relist). */
export function isGone(err: unknown): boolean {
  return statusCodeOf(err) === 410;
}

/** True when the error says "do not retry" (a `terminal: true` flag). */
export function isTerminal(err: unknown): boolean {
  return (
    typeof err === 'object' && err !== null && (err as { terminal?: unknown }).terminal === true
  );
}

/** Marks an error as terminal: the work queue forgets the key instead of retrying. */
export function terminal<E extends Error>(err: E): E & { terminal: true } {
  return Object.assign(err, { terminal: true as const });
}
