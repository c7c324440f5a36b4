// Clock and randomness behind small interfaces, so tests and deterministic mode substitute them.
import type * as Crypto from 'node:crypto';
import { Clockid } from './defs';
import { sleepSync } from './stdio';

export interface ClockProvider {
  /** Current time of a WASI clock in nanoseconds, or undefined for a clock id that does not exist. */
  now(id: number): bigint | undefined;
  /** Resolution of a WASI clock in nanoseconds, or undefined for an unknown id. */
  resolution(id: number): bigint | undefined;
  /** Milliseconds since the host was created, for access records; never advances a virtual clock. */
  elapsedMs(): number;
  /** Blocks (or, for a virtual clock, advances) for `ns` nanoseconds; used by poll_oneoff. */
  sleep(ns: bigint): void;
}

export interface RandomProvider {
  fill(into: Uint8Array): void;
}

function isKnownClock(id: number): boolean {
  return id === Clockid.realtime || id === Clockid.monotonic || id === Clockid.processCputime || id === Clockid.threadCputime;
}

/** The real clocks. Process and thread CPU time both read the process's CPU usage (Node has no per-thread counter in v20). */
export function systemClock(): ClockProvider {
  // process.hrtime rather than the `performance` global: touching that global loads perf_hooks, most
  // of a millisecond at every start; it is only needed once the module reads the realtime clock.
  const startNs = process.hrtime.bigint();
  const cpuBase = process.cpuUsage();
  return {
    now(id) {
      switch (id) {
        case Clockid.realtime: return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
        case Clockid.monotonic: return process.hrtime.bigint();
        case Clockid.processCputime:
        case Clockid.threadCputime: {
          const u = process.cpuUsage(cpuBase);
          return BigInt(u.user + u.system) * 1000n;
        }
        default: return undefined;
      }
    },
    resolution(id) {
      if (!isKnownClock(id)) return undefined;
      return id === Clockid.monotonic ? 1n : 1000n;
    },
    elapsedMs: () => Number(process.hrtime.bigint() - startNs) / 1e6,
    sleep(ns) {
      if (ns > 0n) sleepSync(Number(ns / 1_000_000n) + (ns % 1_000_000n > 0n ? 1 : 0));
    },
  };
}

/** The realtime clock of a virtual clock starts at 2000-01-01T00:00:00Z. */
export const VIRTUAL_EPOCH_NS = 946_684_800_000_000_000n;
/** Each reading of a virtual clock advances it by this much, so loops that wait on time still progress. */
export const VIRTUAL_TICK_NS = 1_000n;

/** A clock that only moves when read or slept on: identical runs see identical times. */
export function virtualClock(): ClockProvider {
  let elapsed = 0n;
  return {
    now(id) {
      if (!isKnownClock(id)) return undefined;
      elapsed += VIRTUAL_TICK_NS;
      return id === Clockid.realtime ? VIRTUAL_EPOCH_NS + elapsed : elapsed;
    },
    resolution: (id) => (isKnownClock(id) ? VIRTUAL_TICK_NS : undefined),
    elapsedMs: () => Number(elapsed / 1000n) / 1000,
    sleep(ns) {
      if (ns > 0n) elapsed += ns;
    },
  };
}

export function systemRandom(): RandomProvider {
  // node:crypto is loaded on the first random_get: most modules never ask, and loading it is a
  // noticeable part of the CLI's start-up.
  let randomFillSync: typeof Crypto.randomFillSync | undefined;
  return {
    fill: (into) => {
      randomFillSync ??= (require('node:crypto') as typeof Crypto).randomFillSync;
      randomFillSync(into);
    },
  };
}

/** xoshiro128** seeded through splitmix32: fast, small, and the same bytes for the same seed. */
export function seededRandom(seed: number): RandomProvider {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = rotl(d, 11);
    a >>>= 0; b >>>= 0; c >>>= 0;
    return result;
  };
  return {
    fill(into) {
      let i = 0;
      while (i < into.length) {
        let word = next();
        for (let k = 0; k < 4 && i < into.length; k++, i++) {
          into[i] = word & 0xff;
          word >>>= 8;
        }
      }
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
