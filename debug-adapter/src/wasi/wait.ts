// Blocking waits for the WASI calls that must block: sock_accept and sock_recv on a socket without
// the nonblock fd flag, and poll_oneoff on descriptors that are not ready yet.
//
// Node has no poll(2) and no readiness notification for a descriptor it is not reading itself, so a
// source tells the host how it can be waited on:
// - a source fed by another thread exposes a wake cell: an Int32 slot of a SharedArrayBuffer that
//   the producer changes (and Atomics.notify's) after making something available. The host reads the
//   cell before checking readiness and sleeps in Atomics.wait while it still holds that value, so a
//   change in between is never missed and the wait ends as soon as the producer acts;
// - any other source is re-checked at growing intervals (POLL_FIRST_MS doubling up to POLL_MAX_MS).
//
// The wall-clock limit must still stop a module that waits forever: no wait lasts past the deadline
// (HostContext.remainingMs), and enter() runs after each one, which throws WasiLimitExceeded (the same
// error as any other call past the deadline).
import type { HostContext } from './context';
import { sleepSync } from './stdio';

/** A slot another thread changes and notifies when the source it belongs to may have become ready. */
export interface WakeCell {
  readonly cell: Int32Array;
  readonly index: number;
}

/** Something that can say how to wait for it (listeners, connections, readers, descriptors). */
export interface Wakeable {
  readonly wake?: WakeCell | undefined;
}

const POLL_FIRST_MS = 0.5;
const POLL_MAX_MS = 4;

/** The value to wait on: read it before checking readiness (0 without a cell). */
export function wakeSeen(wake: WakeCell | undefined): number {
  return wake === undefined ? 0 : Atomics.load(wake.cell, wake.index);
}

/** One blocked call's waiting: created only once a call has to wait, so ready calls allocate nothing. */
export class Blocker {
  private pollMs = POLL_FIRST_MS;
  private flushed = false;

  constructor(private readonly ctx: HostContext) {}

  /**
   * Sleeps until `wake` no longer holds `seen` (or, without a cell, for the next re-check interval),
   * or `maxMs` passed; then checks the limits, which throws once the wall-clock deadline has passed.
   */
  pause(wake: WakeCell | undefined, seen: number, maxMs = Infinity): void {
    let ms = maxMs;
    if (wake === undefined) {
      ms = Math.min(ms, this.pollMs);
      this.pollMs = Math.min(this.pollMs * 2, POLL_MAX_MS);
    }
    this.block(wake, seen, ms);
  }

  /** Sleeps for `ms` when nothing but time can end the wait (a poll_oneoff on clocks only). */
  sleep(ms: number): void {
    this.block(undefined, 0, ms);
  }

  private block(wake: WakeCell | undefined, seen: number, maxMs: number): void {
    // About to block, perhaps for long: hand the pending access records to live viewers first.
    if (!this.flushed) {
      this.ctx.log.flush();
      this.flushed = true;
    }
    // One millisecond past the deadline, so that enter() (which compares whole milliseconds) sees it passed.
    const ms = Math.min(maxMs, this.ctx.remainingMs() + 1);
    if (ms > 0) {
      if (wake !== undefined) Atomics.wait(wake.cell, wake.index, seen, ms);
      else sleepSync(ms);
    }
    this.ctx.enter();
  }
}
