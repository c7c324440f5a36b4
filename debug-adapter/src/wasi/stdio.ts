// Standard streams are injected: the CLI passes the process's descriptors, the debugger (whose host
// runs in a Worker) passes a SharedArrayBuffer-backed stdin and a callback that posts output. Reads are
// synchronous because wasm calls are synchronous.
import * as fs from 'node:fs';
import type * as Net from 'node:net';
import type { WakeCell } from './wait';

/** A synchronous byte source for fd 0. */
export interface InputReader {
  /** Fills `into` with up to `into.length` bytes, blocking until some arrive; 0 means end of input. */
  read(into: Uint8Array): number;
  /** True when a read would not block (data or end of input available); used by poll_oneoff. Never blocks. */
  ready(): boolean;
  /** Changed by the thread that feeds this reader whenever input arrives (optional, see wait.ts). */
  readonly wake?: WakeCell;
  /** True once the input is known to be at its end (poll_oneoff reports a hangup). */
  atEnd?(): boolean;
  /** A character device (terminal) rather than a pipe or file; reported as fdstat filetype. */
  readonly isTTY: boolean;
}

/** A synchronous byte sink for fd 1 and fd 2. */
export interface OutputWriter {
  write(data: Uint8Array, offset: number, length: number): void;
  readonly isTTY: boolean;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the current thread for `ms` milliseconds without spinning. */
export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
}

function isTTYFd(fd: number): boolean {
  try {
    return fs.fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}

/**
 * Reads a host descriptor synchronously; a non-blocking descriptor (EAGAIN) is waited on in short sleeps.
 *
 * ready() must not block, but the descriptor is usually blocking (a terminal or a pipe inherited from
 * the shell) and Node can neither poll(2) it nor set O_NONBLOCK on it directly. On Linux the same pipe
 * or terminal can be opened a second time through /proc/self/fd with O_NONBLOCK, giving a separate
 * open file description whose reads return EAGAIN instead of waiting: readiness is probed through it,
 * and what a probe reads is kept for the next read(). A socket (what Node's child_process gives a
 * child as stdin) cannot be reopened that way; libuv switches a socket it opens to O_NONBLOCK, so the
 * reader opens one libuv handle on it, never reads through it and keeps it for the process's lifetime
 * (as Node itself does for process.stdin); reads then see EAGAIN, which they wait out. Regular files
 * are always ready. Only where none of this works (no /proc, a character device other than a terminal
 * that cannot be reopened) does the probe read the descriptor itself and wait for input.
 */
export function fdReader(fd: number): InputReader {
  let pending: Uint8Array | undefined;
  let eof = false;
  /** undefined: not looked at yet; 'file': always ready; a number: the non-blocking twin; 'blocking': none. */
  let probe: number | 'file' | 'blocking' | undefined;
  const readOnce = (into: Uint8Array): number => {
    let pauseMs = 0.5;
    for (;;) {
      try {
        return fs.readSync(fd, into, 0, into.length, null);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
          sleepSync(pauseMs);
          pauseMs = Math.min(pauseMs * 2, 5);
          continue;
        }
        if (code === 'EOF') return 0;
        throw err;
      }
    }
  };
  const probeFd = (): number | 'file' | 'blocking' => {
    if (probe !== undefined) return probe;
    probe = 'blocking';
    let stat: fs.Stats;
    try {
      stat = fs.fstatSync(fd);
    } catch {
      return probe;
    }
    if (stat.isFile()) return (probe = 'file');
    try {
      const c = fs.constants;
      // Kept open for the reader's lifetime (the process's, for the CLI's stdin).
      probe = fs.openSync(`/proc/self/fd/${fd}`, c.O_RDONLY | c.O_NONBLOCK | c.O_NOCTTY);
    } catch {
      if (stat.isSocket() && makeNonBlocking(fd)) probe = fd;
    }
    return probe;
  };
  return {
    isTTY: isTTYFd(fd),
    read(into) {
      if (pending !== undefined) {
        const n = Math.min(into.length, pending.length);
        into.set(pending.subarray(0, n));
        pending = n < pending.length ? pending.subarray(n) : undefined;
        return n;
      }
      if (eof || into.length === 0) return 0;
      const n = readOnce(into);
      if (n === 0) eof = true;
      return n;
    },
    atEnd: () => eof && pending === undefined,
    ready() {
      if (pending !== undefined || eof) return true;
      const via = probeFd();
      if (via === 'file') return true;
      try {
        const buf = new Uint8Array(4096);
        const n = fs.readSync(via === 'blocking' ? fd : via, buf, 0, buf.length, null);
        if (n === 0) eof = true; else pending = buf.subarray(0, n);
        return true;
      } catch (err) {
        const code = (err as { code?: string }).code;
        // Any other failure would also end a read at once, so the descriptor counts as ready.
        return code !== 'EAGAIN' && code !== 'EWOULDBLOCK';
      }
    },
  };
}

/** libuv handles kept alive so they never close the descriptors they were opened on (see fdReader). */
const nonBlockingHandles: unknown[] = [];

/** Switches a socket descriptor to O_NONBLOCK through a libuv handle that never reads; false if that failed. */
function makeNonBlocking(fd: number): boolean {
  try {
    // node:net is loaded only for a socket stdin that is polled: start-up cost.
    const { Socket } = require('node:net') as typeof Net;
    const handle = new Socket({ fd, readable: false, writable: false });
    handle.unref();
    nonBlockingHandles.push(handle);
    return true;
  } catch {
    return false;
  }
}

/** Writes to a host descriptor, retrying partial writes and EAGAIN (a non-blocking pipe). */
export function fdWriter(fd: number): OutputWriter {
  return {
    isTTY: isTTYFd(fd),
    write(data, offset, length) {
      let done = 0;
      while (done < length) {
        try {
          done += fs.writeSync(fd, data, offset + done, length - done);
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (code === 'EAGAIN' || code === 'EWOULDBLOCK') { sleepSync(1); continue; }
          throw err;
        }
      }
    },
  };
}

/** Hands each write to a callback as a fresh copy (the debugger posts it to the adapter). */
export function callbackWriter(onData: (chunk: Uint8Array) => void): OutputWriter {
  return {
    isTTY: false,
    write(data, offset, length) {
      onData(data.slice(offset, offset + length));
    },
  };
}

/** A fixed input held in memory (tests, embedders that already have the bytes); a policy's stdin file goes through fileReader. */
export function bytesReader(bytes: Uint8Array): InputReader {
  let pos = 0;
  return {
    isTTY: false,
    read(into) {
      const n = Math.min(into.length, bytes.length - pos);
      into.set(bytes.subarray(pos, pos + n));
      pos += n;
      return n;
    },
    ready: () => true,
    atEnd: () => pos >= bytes.length,
  };
}

/** Reads a host file lazily, only when the module first reads stdin. */
export function fileReader(path: string): InputReader {
  let fd: number | undefined;
  return {
    isTTY: false,
    read(into) {
      if (fd === undefined) fd = fs.openSync(path, 'r');
      return into.length === 0 ? 0 : fs.readSync(fd, into, 0, into.length, null);
    },
    ready: () => true,
  };
}

export function emptyReader(): InputReader {
  return { isTTY: false, read: () => 0, ready: () => true, atEnd: () => true };
}

/** Collects output in memory (tests, summaries). */
export function memoryWriter(): OutputWriter & { bytes(): Uint8Array; text(): string } {
  const chunks: Uint8Array[] = [];
  return {
    isTTY: false,
    write(data, offset, length) { chunks.push(data.slice(offset, offset + length)); },
    bytes() { return Buffer.concat(chunks); },
    text() { return Buffer.concat(chunks).toString('utf8'); },
  };
}

// SharedArrayBuffer handoff for interactive stdin in a Worker: the worker blocks in Atomics.wait while
// the owning thread, which receives the real input asynchronously, copies chunks into the shared buffer.
// Layout: Int32 [0] state (0 empty, 1 data, 2 end), Int32 [1] length, then the data bytes.
const SHARED_EMPTY = 0;
const SHARED_DATA = 1;
const SHARED_END = 2;
const SHARED_HEADER = 8;

/** Allocates the buffer both sides share; `capacity` bytes of data per handoff. */
export function createSharedStdinBuffer(capacity = 64 * 1024): SharedArrayBuffer {
  return new SharedArrayBuffer(SHARED_HEADER + capacity);
}

/** The Worker side: a blocking reader over the shared buffer. */
export function sharedReader(buffer: SharedArrayBuffer): InputReader {
  const ctl = new Int32Array(buffer, 0, 2);
  const data = new Uint8Array(buffer, SHARED_HEADER);
  return {
    isTTY: false,
    // The feeder changes the state word and notifies it whenever input or its end arrives.
    wake: { cell: ctl, index: 0 },
    read(into) {
      for (;;) {
        const state = Atomics.load(ctl, 0);
        if (state === SHARED_END) return 0;
        if (state === SHARED_DATA) {
          const len = Atomics.load(ctl, 1);
          const n = Math.min(len, into.length);
          into.set(data.subarray(0, n));
          if (n < len) {
            data.copyWithin(0, n, len);
            Atomics.store(ctl, 1, len - n);
          } else {
            Atomics.store(ctl, 1, 0);
            Atomics.store(ctl, 0, SHARED_EMPTY);
            Atomics.notify(ctl, 0);
          }
          return n;
        }
        Atomics.wait(ctl, 0, SHARED_EMPTY);
      }
    },
    ready: () => Atomics.load(ctl, 0) !== SHARED_EMPTY,
    atEnd: () => Atomics.load(ctl, 0) === SHARED_END,
  };
}

/** The owning side: feed chunks as they arrive, then `end()`. Chunks wait while the worker is behind. */
export class SharedStdinFeeder {
  private readonly ctl: Int32Array;
  private readonly data: Uint8Array;
  private readonly queue: Uint8Array[] = [];
  private ended = false;
  private waiting = false;

  constructor(buffer: SharedArrayBuffer) {
    this.ctl = new Int32Array(buffer, 0, 2);
    this.data = new Uint8Array(buffer, SHARED_HEADER);
  }

  push(chunk: Uint8Array): void {
    if (chunk.length > 0) this.queue.push(chunk);
    this.pump();
  }

  end(): void {
    this.ended = true;
    this.pump();
  }

  private pump(): void {
    while (Atomics.load(this.ctl, 0) === SHARED_EMPTY) {
      const chunk = this.queue.shift();
      if (chunk === undefined) {
        if (this.ended) {
          Atomics.store(this.ctl, 0, SHARED_END);
          Atomics.notify(this.ctl, 0);
        }
        return;
      }
      const n = Math.min(chunk.length, this.data.length);
      this.data.set(chunk.subarray(0, n));
      if (n < chunk.length) this.queue.unshift(chunk.subarray(n));
      Atomics.store(this.ctl, 1, n);
      Atomics.store(this.ctl, 0, SHARED_DATA);
      Atomics.notify(this.ctl, 0);
    }
    // The worker still holds data: wake up when it has taken it, without blocking this thread.
    if (!this.waiting && (this.queue.length > 0 || this.ended) && Atomics.load(this.ctl, 0) === SHARED_DATA) {
      this.waiting = true;
      const wait = (Atomics as unknown as AtomicsWithWaitAsync).waitAsync(this.ctl, 0, SHARED_DATA);
      const resume = (): void => { this.waiting = false; this.pump(); };
      if (wait.async) wait.value.then(resume, resume); else resume();
    }
  }
}

/** Atomics.waitAsync (Node 16+) is missing from the ES2022 lib typings. */
interface AtomicsWithWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
}
