// Small async primitives of the leader elector: racing a promise against a signal, one-at-a-time turns.

/** Resolves with the promise's value, or with undefined as soon as `signal` aborts. */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Runs operations one at a time, in call order. A caller whose signal aborts (while waiting for
 * its turn or while running) gets undefined and frees its turn at once; `fn` receives that signal
 * and must not start new side effects once it has aborted, since it may still be running.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(
    signal: AbortSignal,
    fn: (signal: AbortSignal) => Promise<T>,
  ): Promise<T | undefined> {
    const prev = this.tail;
    let release = (): void => undefined;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    try {
      await raceAbort(prev, signal);
      if (signal.aborted) return undefined;
      return await raceAbort(fn(signal), signal);
    } finally {
      // Never before the previous turn ended, so turns stay in order.
      void prev.then(release);
    }
  }
}
