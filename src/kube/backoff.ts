// Capped exponential backoff for reconnect loops.

/** Delays initial, 2×, 4× … up to max; `reset()` after a success. */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private current: number;
  constructor(initialMs: number, maxMs: number) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.current = initialMs;
  }
  /** The delay to wait now; doubles the next one. */
  next(): number {
    const d = this.current;
    this.current = Math.min(this.current * 2, this.maxMs);
    return d;
  }
  /** Back to the initial delay. */
  reset(): void {
    this.current = this.initialMs;
  }
}
