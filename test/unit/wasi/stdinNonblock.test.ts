// Stdin as a stream: with the nonblock flag a read answers `again` instead of waiting, and a read into
// several iovecs returns what has arrived instead of waiting to fill the later ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERRNO_NAMES } from '../../../debug-adapter/src/wasi/index';
import type { InputReader } from '../../../debug-adapter/src/wasi/stdio';
import { harness, makePolicy } from './helpers';

const E = (name: (typeof ERRNO_NAMES)[number]): number => ERRNO_NAMES.indexOf(name);
const FDFLAG_NONBLOCK = 4;

/** Input that arrives only when the test pushes it; reading with nothing queued would block, so it throws. */
function scriptedInput(): InputReader & { push(text: string): void; reads: number } {
  const queue: Uint8Array[] = [];
  return {
    isTTY: false,
    reads: 0,
    push(text) { queue.push(new TextEncoder().encode(text)); },
    ready: () => queue.length > 0,
    read(into) {
      this.reads += 1;
      const next = queue.shift();
      if (next === undefined) throw new Error('a read with no input would block');
      into.set(next.subarray(0, into.length));
      if (next.length > into.length) queue.unshift(next.subarray(into.length));
      return Math.min(next.length, into.length);
    },
  };
}

test('a nonblocking stdin answers again with no input, and reads once input is there', () => {
  const input = scriptedInput();
  const h = harness(makePolicy(), { stdio: { stdin: input } });
  assert.equal(h.call('fd_fdstat_set_flags', 0, FDFLAG_NONBLOCK), 0);
  const buf = h.mem.alloc(16, 1);
  const [iov, n] = h.mem.iovecs([[buf, 16]]);
  const out = h.mem.alloc(4, 4);
  assert.equal(h.call('fd_read', 0, iov, n, out), E('again'));
  assert.equal(input.reads, 0);
  input.push('hi');
  assert.equal(h.call('fd_read', 0, iov, n, out), 0);
  assert.equal(h.mem.text(buf, h.mem.u32(out)), 'hi');
});

test('a read into two iovecs returns the bytes that arrived without waiting for more', () => {
  const input = scriptedInput();
  const h = harness(makePolicy(), { stdio: { stdin: input } });
  input.push('abc');
  const first = h.mem.alloc(3, 1);
  const second = h.mem.alloc(8, 1);
  const [iov, n] = h.mem.iovecs([[first, 3], [second, 8]]);
  const out = h.mem.alloc(4, 4);
  assert.equal(h.call('fd_read', 0, iov, n, out), 0);
  assert.equal(h.mem.u32(out), 3);
  assert.equal(h.mem.text(first, 3), 'abc');
  assert.equal(input.reads, 1);
});
