// Preopened sockets: sock_accept on a listener fed by the embedder, then sock_recv / sock_send /
// sock_shutdown on the accepted connection; the sockets switch and rights are enforced and recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERRNO_NAMES, QueuedListener, type SocketConnection } from '../../../debug-adapter/src/wasi/index';
import { harness, makePolicy, flushed } from './helpers';

const E = (name: (typeof ERRNO_NAMES)[number]): number => ERRNO_NAMES.indexOf(name);

/** An in-memory connection: `incoming` is what the module receives; `sent` collects what it sends. */
function memoryConnection(incoming: string): SocketConnection & { sent: string; shut: number } {
  let pending = Buffer.from(incoming);
  const conn = {
    sent: '',
    shut: 0,
    recv(buf: Uint8Array, off: number, len: number, peek: boolean): number {
      const n = Math.min(len, pending.length);
      buf.set(pending.subarray(0, n), off);
      if (!peek) pending = pending.subarray(n);
      return n;
    },
    send(buf: Uint8Array, off: number, len: number): number {
      conn.sent += Buffer.from(buf.subarray(off, off + len)).toString();
      return len;
    },
    shutdown(how: number): number { conn.shut = how; return 0; },
    readable: () => pending.length > 0,
    close: () => undefined,
  };
  return conn;
}

test('sock_accept hands out queued connections; recv, send and shutdown move real bytes', () => {
  const listener = new QueuedListener();
  const h = harness(makePolicy({ allow: { clock: true, random: true, sockets: true, exit: true } }), { sockets: [{ name: 'tcp://127.0.0.1:9', listener }] });
  const out = h.mem.alloc(8, 4);
  // Nothing can be offered while the module's thread is blocked: make the listener non-blocking first.
  assert.equal(h.call('fd_fdstat_set_flags', 3, 4), 0);
  assert.equal(h.call('sock_accept', 3, 0, out), E('again'));
  const conn = memoryConnection('ping');
  listener.offer(conn);
  assert.equal(h.call('sock_accept', 3, 0, out), 0);
  const fd = h.mem.u32(out);
  assert.equal(fd, 4);
  const buf = h.mem.alloc(16, 1);
  const [iov, n] = h.mem.iovecs([[buf, 16]]);
  const lens = h.mem.alloc(8, 4);
  assert.equal(h.call('sock_recv', fd, iov, n, 1, lens, lens + 4), 0);
  assert.equal(h.mem.text(buf, h.mem.u32(lens)), 'ping');
  assert.equal(h.call('sock_recv', fd, iov, n, 0, lens, lens + 4), 0);
  assert.equal(h.mem.text(buf, h.mem.u32(lens)), 'ping');
  const [siov, sn] = h.mem.iovecs([h.mem.data('po'), h.mem.data('ng')]);
  assert.equal(h.call('sock_send', fd, siov, sn, 0, lens), 0);
  assert.equal(h.mem.u32(lens), 4);
  assert.equal(conn.sent, 'pong');
  assert.equal(h.call('sock_shutdown', fd, 2), 0);
  assert.equal(conn.shut, 2);
  assert.equal(h.call('sock_shutdown', fd, 9), E('inval'));
  assert.equal(h.call('sock_recv', 3, iov, n, 0, lens, lens + 4), E('notconn'));
  assert.equal(h.call('sock_accept', 1, 0, out), E('notsock'));
  // The socket is not a preopened directory: wasi-libc's preopen scan stops at badf.
  assert.equal(h.call('fd_prestat_get', 3, out), E('badf'));
  const records = flushed(h).filter((r) => r.capability === 'sockets');
  // The two identical receives fold into one record with a count.
  assert.deepEqual(records.map((r) => [r.call, r.errno, r.count ?? 1, r.bytes]), [
    ['fd_fdstat_set_flags', 'success', 1, 0], ['sock_accept', 'again', 1, undefined], ['sock_accept', 'success', 1, undefined], ['sock_recv', 'success', 2, 8],
    ['sock_send', 'success', 1, 4], ['sock_shutdown', 'success', 1, undefined],
  ]);
});

test('with the sockets switch off every sock_* call is notcapable and recorded', () => {
  const listener = new QueuedListener();
  listener.offer(memoryConnection('x'));
  const h = harness(makePolicy(), { sockets: [{ name: 'tcp://127.0.0.1:9', listener }] });
  const out = h.mem.alloc(8, 4);
  assert.equal(h.call('sock_accept', 3, 0, out), E('notcapable'));
  const denied = flushed(h).filter((r) => r.decision === 'denied');
  assert.equal(denied.length, 1);
  assert.equal(denied[0].target, 'tcp://127.0.0.1:9');
  assert.equal(listener.readable(), true, 'the queued connection was not taken');
});
