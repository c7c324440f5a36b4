// Debounced, cancellable validation runs keyed by analysis unit (a package folder with its deps).
//
// Validation itself is synchronous (the semantics core is pure and fast), so "cancelling" means:
// a run that has not started yet is replaced by the next change, and a request that needs the
// model now can `flush` the pending run instead of waiting for the timer. Every other message is
// handled between runs, so no request waits on a debounce.

/** Timer functions, injected so tests can drive time by hand. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds on a monotonic clock. */
  now(): number;
}

export const nodeTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => performance.now(),
};

/**
 * Runs work for a key after a quiet period. A change that comes after `delayMs` without changes
 * runs on the next turn of the event loop (so single keystrokes get diagnostics at once, and the
 * messages of one burst still coalesce); changes that keep coming faster than `delayMs` apart
 * wait for `delayMs` of quiet.
 */
export class Debouncer<K> {
  private readonly pending = new Map<K, unknown>();
  private readonly lastScheduled = new Map<K, number>();

  /**
   * @param run called with a key once no new `schedule(key)` arrived for `delayMs`.
   * @param onError receives anything `run` throws; the scheduler keeps working.
   */
  constructor(
    private readonly run: (key: K) => void,
    private readonly delayMs: number,
    private readonly onError: (key: K, error: unknown) => void,
    private readonly timers: Timers = nodeTimers,
  ) {}

  /** (Re)starts the timer for `key`; an earlier pending run for it is cancelled. */
  schedule(key: K): void {
    const now = this.timers.now();
    const busy = this.pending.has(key) || now - (this.lastScheduled.get(key) ?? -Infinity) < this.delayMs;
    this.lastScheduled.set(key, now);
    this.cancel(key);
    const handle = this.timers.setTimeout(() => {
      this.pending.delete(key);
      this.invoke(key);
    }, busy ? this.delayMs : 0);
    this.pending.set(key, handle);
  }

  /** Runs `key` now if a run is pending. Returns whether it ran. */
  flush(key: K): boolean {
    if (!this.pending.has(key)) return false;
    this.cancel(key);
    this.invoke(key);
    return true;
  }

  /**
   * Forgets when `key` was last scheduled (unless a run is pending), so that its next change
   * counts as the first after a pause and runs on the next turn. The workspace calls this once a
   * run's results were published and that run was cheap: waiting to coalesce changes would then
   * cost more latency than the runs it could save.
   */
  settle(key: K): void {
    if (!this.pending.has(key)) this.lastScheduled.delete(key);
  }

  isPending(key: K): boolean {
    return this.pending.has(key);
  }

  cancel(key: K): void {
    const handle = this.pending.get(key);
    if (handle === undefined) return;
    this.timers.clearTimeout(handle);
    this.pending.delete(key);
  }

  cancelAll(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }

  private invoke(key: K): void {
    try {
      this.run(key);
    } catch (error: unknown) {
      this.onError(key, error);
    }
  }
}
