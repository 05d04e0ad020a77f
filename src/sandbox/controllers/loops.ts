// Two loop shapes the sandbox's controllers share: a periodic pass, and a pass that runs shortly
// after a burst of triggers (plus a periodic resync). Errors are logged, never thrown.

/** Something that can be stopped. */
export interface Stoppable {
  stop(): void;
}

/** Runs `fn` every `periodMs`; a throwing pass is reported through `onError` and the loop goes on. */
export function every(
  periodMs: number,
  fn: () => void,
  onError: (err: unknown) => void,
): Stoppable {
  const timer = setInterval(() => {
    try {
      fn();
    } catch (err) {
      onError(err);
    }
  }, periodMs);
  return { stop: () => clearInterval(timer) };
}

/** Coalesces triggers: `fn` runs once `debounceMs` after the first trigger of a burst, and every `resyncMs`. */
export class DebouncedPass implements Stoppable {
  private pending: NodeJS.Timeout | undefined;
  private readonly resync: NodeJS.Timeout;
  private stopped = false;
  private readonly fn: () => void;
  private readonly debounceMs: number;
  private readonly onError: (err: unknown) => void;

  constructor(
    fn: () => void,
    opts: { debounceMs: number; resyncMs: number; onError: (err: unknown) => void },
  ) {
    this.fn = fn;
    this.debounceMs = opts.debounceMs;
    this.onError = opts.onError;
    this.resync = setInterval(() => this.trigger(), opts.resyncMs);
  }

  /** Asks for a pass soon (no-op if one is already scheduled). */
  trigger(): void {
    if (this.pending || this.stopped) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      try {
        this.fn();
      } catch (err) {
        this.onError(err);
      }
    }, this.debounceMs);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.resync);
    clearTimeout(this.pending);
  }
}
