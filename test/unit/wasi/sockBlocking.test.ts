// Blocking and non-blocking sockets, on the module's thread with scripted backends: without the
// nonblock fd flag sock_accept, sock_recv, fd_read and sock_send wait (the host re-checks the backend
// until it delivers), with it they return `again`; the wall-clock limit still stops a blocked call.
// RECV_PEEK leaves the bytes for the next recv, RECV_WAITALL fills every iovec.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERRNO_NAMES, WasiLimitExceeded, type SocketConnection, type SocketListener } from '../../../debug-adapter/src/wasi/index';
import { harness, makePolicy, type Harness } from './helpers';

const E = (name: (typeof ERRNO_NAMES)[number]): number => ERRNO_NAMES.indexOf(name);
const AGAIN = -E('again');
const NONBLOCK = 4;
const PEEK = 1;
const WAITALL = 2;
const SOCKETS_ON = { clock: true, random: true, sockets: true, exit: true };

/** One step of a scripted connection: bytes that arrive, `again` (nothing yet) or `eof`. */
type Step = string | 'again' | 'eof';

/**
 * A connection whose input arrives as the script says, one step per recv that finds nothing buffered;
 * sends are accepted `sendChunk` bytes at a time after `sendAgains` refusals.
 */
function scriptedConnection(script: Step[], sendChunk = Infinity, sendAgains = 0): SocketConnection & { recvCalls: number; sendCalls: number; sent: string } {
  let buffered = Buffer.alloc(0);
  let ended = false;
  let refusals = sendAgains;
  const conn = {
    recvCalls: 0,
    sendCalls: 0,
    sent: '',
    recv(buf: Uint8Array, off: number, len: number, peek: boolean): number {
      conn.recvCalls++;
      if (buffered.length === 0 && !ended) {
        const step = script.shift() ?? 'again';
        if (step === 'again') return AGAIN;
        if (step === 'eof') ended = true;
        else buffered = Buffer.from(step);
      }
      const n = Math.min(len, buffered.length);
      buf.set(buffered.subarray(0, n), off);
      if (!peek) buffered = buffered.subarray(n);
      return n;
    },
    send(buf: Uint8Array, off: number, len: number): number {
      conn.sendCalls++;
      if (refusals > 0) { refusals--; return AGAIN; }
      const n = Math.min(len, sendChunk);
      conn.sent += Buffer.from(buf.subarray(off, off + n)).toString();
      return n;
    },
    shutdown: () => 0,
    readable: () => buffered.length > 0 || ended || (script[0] !== undefined && script[0] !== 'again'),
    close: () => undefined,
  };
  return conn;
}

/** A listener that answers `again` `agains` times, then hands out `conn` (once). */
function scriptedListener(agains: number, conn?: SocketConnection): SocketListener & { calls: number } {
  let left = agains;
  let given = false;
  const listener = {
    calls: 0,
    accept(): SocketConnection | number {
      listener.calls++;
      if (left > 0 || conn === undefined || given) { left--; return AGAIN; }
      given = true;
      return conn;
    },
    readable: () => left <= 0 && conn !== undefined && !given,
    close: () => undefined,
  };
  return listener;
}

function withSocket(listener: SocketListener, timeoutMs?: number): Harness {
  return harness(makePolicy({ allow: SOCKETS_ON, limits: { maxOpenFds: 64, ...(timeoutMs !== undefined ? { timeoutMs } : {}) } }),
    { sockets: [{ name: 'tcp://127.0.0.1:9', listener }] });
}

/** Accepts the listener's connection (descriptor 3) and returns the new descriptor. */
function accept(h: Harness, flags = 0): number {
  const out = h.mem.alloc(4, 4);
  assert.equal(h.call('sock_accept', 3, flags, out), 0);
  return h.mem.u32(out);
}

/** sock_recv into buffers of the given sizes; returns the errno and the text received. */
function recv(h: Harness, fd: number, sizes: number[], flags: number): { errno: number; text: string; parts: string[] } {
  const bufs = sizes.map((size) => h.mem.alloc(size, 1));
  const [iov, n] = h.mem.iovecs(bufs.map((b, i) => [b, sizes[i]]));
  const lens = h.mem.alloc(8, 4);
  const errno = h.call('sock_recv', fd, iov, n, flags, lens, lens + 4);
  const total = errno === 0 ? h.mem.u32(lens) : 0;
  const parts: string[] = [];
  let left = total;
  bufs.forEach((b, i) => {
    const k = Math.min(left, sizes[i]);
    parts.push(h.mem.text(b, k));
    left -= k;
  });
  return { errno, text: parts.join(''), parts };
}

test('sock_accept on a blocking listener waits until a connection is there', () => {
  const listener = scriptedListener(3, scriptedConnection([]));
  const h = withSocket(listener);
  assert.equal(accept(h), 4);
  assert.equal(listener.calls, 4, 'three empty answers were waited out');
  h.host.flush();
  assert.deepEqual(h.records.filter((r) => r.call === 'sock_accept').map((r) => r.errno), ['success']);
});

test('sock_accept on a listener with the nonblock flag returns again at once; clearing the flag makes it wait again', () => {
  const listener = scriptedListener(2, scriptedConnection([]));
  const h = withSocket(listener);
  const out = h.mem.alloc(4, 4);
  assert.equal(h.call('fd_fdstat_set_flags', 3, NONBLOCK), 0);
  const st = h.mem.alloc(24);
  assert.equal(h.call('fd_fdstat_get', 3, st), 0);
  assert.equal(h.mem.u16(st + 2), NONBLOCK);
  assert.equal(h.call('sock_accept', 3, 0, out), E('again'));
  assert.equal(listener.calls, 1);
  assert.equal(h.call('fd_fdstat_set_flags', 3, 0), 0);
  assert.equal(h.call('sock_accept', 3, 0, out), 0);
  assert.equal(listener.calls, 3);
});

test('a blocked sock_accept is stopped by the wall-clock limit with WasiLimitExceeded', () => {
  const listener = scriptedListener(Infinity);
  const h = withSocket(listener, 30);
  const out = h.mem.alloc(4, 4);
  assert.throws(() => h.call('sock_accept', 3, 0, out), (e: unknown) => e instanceof WasiLimitExceeded && e.limit === 'timeout');
  assert.ok(listener.calls > 1, 'the listener was asked again while waiting');
});

test('the accepted connection takes its nonblock flag from sock_accept flags', () => {
  const h = withSocket(scriptedListener(0, scriptedConnection(['again', 'late'])));
  const fd = accept(h, NONBLOCK);
  const st = h.mem.alloc(24);
  assert.equal(h.call('fd_fdstat_get', fd, st), 0);
  assert.equal(h.mem.u16(st + 2), NONBLOCK);
  assert.equal(recv(h, fd, [8], 0).errno, E('again'));
  assert.equal(recv(h, fd, [8], 0).text, 'late');
  assert.equal(h.call('sock_accept', 3, 1, h.mem.alloc(4, 4)), E('inval'), 'fdflags other than nonblock are refused');
});

test('sock_recv on a blocking connection waits for the first bytes, then returns what is there', () => {
  const conn = scriptedConnection(['again', 'again', 'hi', 'again', 'there', 'ab', 'again', 'cd']);
  const h = withSocket(scriptedListener(0, conn));
  const fd = accept(h);
  assert.deepEqual(recv(h, fd, [16], 0).text, 'hi');
  assert.equal(conn.recvCalls, 3);
  assert.deepEqual(recv(h, fd, [2, 8], 0).parts, ['th', 'ere'], 'what is buffered is scattered over the iovecs');
  // The first iovec is filled; the second gets nothing more, without waiting for it.
  assert.deepEqual(recv(h, fd, [2, 8], 0).parts, ['ab', '']);
  assert.equal(recv(h, fd, [8], 0).text, 'cd');
});

test('sock_recv with the nonblock flag set by fd_fdstat_set_flags returns again instead of waiting', () => {
  const conn = scriptedConnection(['again', 'x']);
  const h = withSocket(scriptedListener(0, conn));
  const fd = accept(h);
  assert.equal(h.call('fd_fdstat_set_flags', fd, NONBLOCK), 0);
  assert.equal(recv(h, fd, [4], 0).errno, E('again'));
  assert.equal(conn.recvCalls, 1);
  assert.equal(recv(h, fd, [4], 0).text, 'x');
});

test('fd_read on a blocking connection waits like sock_recv', () => {
  const conn = scriptedConnection(['again', 'again', 'data']);
  const h = withSocket(scriptedListener(0, conn));
  const fd = accept(h);
  const buf = h.mem.alloc(8, 1);
  const [iov, n] = h.mem.iovecs([[buf, 8]]);
  const out = h.mem.alloc(4, 4);
  assert.equal(h.call('fd_read', fd, iov, n, out), 0);
  assert.equal(h.mem.text(buf, h.mem.u32(out)), 'data');
  assert.equal(conn.recvCalls, 3);
});

test('RECV_PEEK returns bytes that the next recv returns again, spread over several iovecs', () => {
  const conn = scriptedConnection(['again', 'hello']);
  const h = withSocket(scriptedListener(0, conn));
  const fd = accept(h);
  const peeked = recv(h, fd, [2, 10], PEEK);
  assert.equal(peeked.errno, 0);
  assert.deepEqual(peeked.parts, ['he', 'llo'], 'each iovec gets the next bytes, not the first ones again');
  assert.equal(recv(h, fd, [3], PEEK).text, 'hel');
  assert.equal(recv(h, fd, [16], 0).text, 'hello');
});

test('RECV_WAITALL fills every iovec, waiting as data arrives, and stops early only at the end of the stream', () => {
  const conn = scriptedConnection(['abc', 'again', 'again', 'defg', 'again', 'hi', 'eof']);
  const h = withSocket(scriptedListener(0, conn));
  const fd = accept(h);
  const r = recv(h, fd, [4, 3], WAITALL);
  assert.equal(r.errno, 0);
  assert.deepEqual(r.parts, ['abcd', 'efg']);
  assert.equal(recv(h, fd, [8], WAITALL).text, 'hi', 'the stream ended before the buffer was full');
  assert.equal(recv(h, fd, [8], WAITALL).text, '');
});

test('RECV_WAITALL without waiting: on a nonblocking connection it returns what is there', () => {
  const conn = scriptedConnection(['abc', 'again', 'def']);
  const h = withSocket(scriptedListener(0, conn));
  const fd = accept(h, NONBLOCK);
  assert.equal(recv(h, fd, [6], WAITALL).text, 'abc');
  assert.equal(recv(h, fd, [6], WAITALL).text, 'def');
});

test('sock_send on a blocking connection sends everything, waiting while the backend is full; nonblock sends once', () => {
  const conn = scriptedConnection([], 2, 1);
  const h = withSocket(scriptedListener(0, conn));
  const fd = accept(h);
  const [siov, sn] = h.mem.iovecs([h.mem.data('hello')]);
  const out = h.mem.alloc(4, 4);
  assert.equal(h.call('sock_send', fd, siov, sn, 0, out), 0);
  assert.equal(h.mem.u32(out), 5);
  assert.equal(conn.sent, 'hello');
  assert.equal(conn.sendCalls, 4, 'one refusal, then 2 + 2 + 1 bytes');
  const full = scriptedConnection([], 2, 1);
  const h2 = withSocket(scriptedListener(0, full));
  const fd2 = accept(h2, NONBLOCK);
  const [siov2, sn2] = h2.mem.iovecs([h2.mem.data('hello')]);
  assert.equal(h2.call('sock_send', fd2, siov2, sn2, 0, out), E('again'));
  assert.equal(h2.call('sock_send', fd2, siov2, sn2, 0, out), 0);
  assert.equal(h2.mem.u32(out), 2, 'a nonblocking send takes what fits');
});
