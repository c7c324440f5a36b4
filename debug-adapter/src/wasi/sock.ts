// sock_accept / sock_recv / sock_send / sock_shutdown on preopened sockets. Node has no synchronous
// socket API, so sockets reach the host through small synchronous backends the embedder supplies:
// a listener whose accept() never blocks (`-again` when no connection is queued) and connections whose
// recv()/send() never block either (`-again` when nothing can move now). Blocking is the host's job
// (wait.ts), as the descriptor's nonblock flag asks: without it, accept and recv wait like a blocking
// socket (and send retries until everything went out); with it they return `again`. A backend fed by
// another thread can expose a wake cell so a blocked call wakes the moment something arrives.
// `fdConnection` serves a connected socket given its OS descriptor (read/write on Unix sockets and TCP
// work with fs.readSync/writeSync); `QueuedListener` hands out connections pushed on the module's thread;
// socketChannel.ts serves sockets that another thread owns (the CLI's --listen).
import * as fs from 'node:fs';
import type { HostContext } from './context';
import { checkSwitch } from './policy';
import { Errno, Fdflags, Filetype, Layout, Riflags, Rights, RIGHTS_SOCKET_CONN, Sdflags } from './defs';
import { errnoOf, hostErrno } from './errors';
import { Fd } from './fdKinds';
import { finishTransfer, transfer } from './fd';
import { Blocker, type WakeCell, wakeSeen } from './wait';

export interface SocketConnection {
  /**
   * Bytes received into buf[off, off+len), 0 at end of stream, or a negated errno: `-again` when
   * nothing is available now (never blocks). With `peek` the bytes stay and the next recv returns them again.
   */
  recv(buf: Uint8Array, off: number, len: number, peek: boolean): number;
  /** Bytes sent (possibly fewer than len), or a negated errno (`-again` when nothing can be sent now). */
  send(buf: Uint8Array, off: number, len: number): number;
  /** Shuts down reading (1), writing (2) or both (3); 0 or a negated errno. */
  shutdown(how: number): number;
  /** Would a recv not return `-again` now (data, end of stream or an error)? */
  readable(): boolean;
  /** Changed by the thread that feeds this connection whenever data arrives (optional, see wait.ts). */
  readonly wake?: WakeCell;
  close(): void;
}

export interface SocketListener {
  /** A new connection, or a negated errno (`-again` when none is waiting). Never blocks. */
  accept(): SocketConnection | number;
  readable(): boolean;
  /** Changed by the thread that queues connections whenever one arrives (optional, see wait.ts). */
  readonly wake?: WakeCell;
  close(): void;
}

/** A listening socket given to the module as a preopened descriptor (after stdio and the preopened directories). */
export interface PreopenedSocket {
  /** Shown in access records, e.g. `tcp://127.0.0.1:8080`. */
  readonly name: string;
  readonly listener: SocketListener;
}

export class ListenerFd extends Fd {
  readonly filetype = Filetype.socketStream;
  readonly capability = 'sockets';
  constructor(readonly target: string, readonly listener: SocketListener, base: number) { super(base, RIGHTS_SOCKET_CONN); }
  get wake(): WakeCell | undefined { return this.listener.wake; }
  override readable(): boolean { return this.listener.readable(); }
  override close(): void { this.listener.close(); }
}

/** An accepted connection; fd_read and fd_write on it behave as sock_recv and sock_send without flags. */
export class ConnectionFd extends Fd {
  readonly filetype = Filetype.socketStream;
  readonly capability = 'sockets';
  constructor(private readonly ctx: HostContext, readonly target: string, readonly conn: SocketConnection, base: number, flags: number) {
    super(base, 0);
    this.flags = flags;
  }
  get wake(): WakeCell | undefined { return this.conn.wake; }
  get nonblocking(): boolean { return (this.flags & Fdflags.nonblock) !== 0; }
  override read(buf: Uint8Array, off: number, len: number): number { return receive(this.ctx, this, buf, off, len, false); }
  override write(buf: Uint8Array, off: number, len: number): number { return sendAll(this.ctx, this, buf, off, len); }
  override readable(): boolean { return this.conn.readable(); }
  override close(): void { this.conn.close(); }
}

/**
 * A connected socket over an OS descriptor. Give it a non-blocking descriptor (libuv's sockets are):
 * then recv and readable() never block and the host does the waiting. Node cannot recv(MSG_PEEK) on a
 * raw descriptor, so what is read goes into a pending buffer that a peek leaves in place. `onShutdown`
 * performs shutdown(2) for the owner (Node cannot on a raw fd; without it shutdown is `notsup`);
 * `onClose` replaces closing the descriptor when someone else owns it.
 */
export function fdConnection(osFd: number, onShutdown?: (how: number) => void, onClose?: () => void): SocketConnection {
  let pending: Uint8Array | undefined;
  let eof = false;
  let failed = 0;
  let readShut = false;
  let writeShut = false;
  // Reads what is available into `pending` (only when it is empty, so a blocking descriptor never
  // blocks while bytes are buffered); 0 at end of stream, or a negated errno.
  const fill = (): number => {
    const chunk = new Uint8Array(64 * 1024);
    let n: number;
    try {
      n = fs.readSync(osFd, chunk, 0, chunk.length, null);
    } catch (err) {
      const errno = hostErrno(err);
      if (errno !== Errno.again) failed = errno;
      return -errno;
    }
    if (n === 0) eof = true;
    else pending = chunk.subarray(0, n);
    return n;
  };
  return {
    recv(buf, off, len, peek) {
      if (readShut) return 0;
      if (pending === undefined && !eof && failed === 0) {
        const n = fill();
        if (n < 0) return n;
      }
      if (pending === undefined) return failed !== 0 ? -failed : 0;
      const n = Math.min(len, pending.length);
      buf.set(pending.subarray(0, n), off);
      if (!peek) pending = n === pending.length ? undefined : pending.subarray(n);
      return n;
    },
    send(buf, off, len) {
      if (writeShut) return -Errno.pipe;
      try {
        return fs.writeSync(osFd, buf, off, len);
      } catch (err) {
        return -hostErrno(err);
      }
    },
    shutdown(how) {
      if (onShutdown === undefined) return -Errno.notsup;
      if ((how & Sdflags.rd) !== 0) readShut = true;
      if ((how & Sdflags.wr) !== 0) writeShut = true;
      onShutdown(how);
      return 0;
    },
    readable() {
      if (pending !== undefined || eof || failed !== 0 || readShut) return true;
      return fill() !== -Errno.again;
    },
    close() {
      if (onClose !== undefined) onClose();
      else fs.closeSync(osFd);
    },
  };
}

/**
 * A listener fed on the module's own thread: `offer()` queues a connection for the next sock_accept.
 * Nothing can be offered while the module is blocked, so a module that accepts before anything was
 * offered should set the nonblock flag (a blocking accept waits until the wall-clock limit).
 */
export class QueuedListener implements SocketListener {
  private readonly queue: SocketConnection[] = [];
  private closed = false;
  offer(conn: SocketConnection): void {
    if (this.closed) conn.close(); else this.queue.push(conn);
  }
  accept(): SocketConnection | number {
    return this.queue.shift() ?? -Errno.again;
  }
  readable(): boolean { return this.queue.length > 0; }
  close(): void {
    this.closed = true;
    for (const c of this.queue.splice(0)) c.close();
  }
}

/** The socket at `fd` if it is of the kind the call needs, the switch is on and the right held. */
function socketFd(ctx: HostContext, call: string, fd: number, right: number, kind: 'listener' | 'connection'): Fd | number {
  const entry = ctx.fds.get(fd);
  if (entry === undefined) return Errno.badf;
  if (!(entry instanceof ListenerFd) && !(entry instanceof ConnectionFd)) return Errno.notsock;
  if (kind === 'connection' && !(entry instanceof ConnectionFd)) return Errno.notconn;
  if (kind === 'listener' && !(entry instanceof ListenerFd)) return Errno.inval;
  const off = checkSwitch(ctx.policy, 'sockets');
  if (off !== undefined) return ctx.denyOn(call, 'sockets', entry.target, off.errno, off.reason);
  if ((entry.rightsBase & right) !== right) return ctx.denyOn(call, 'sockets', entry.target, Errno.notcapable, 'descriptor lacks the right');
  return entry;
}

export function sock_accept(ctx: HostContext, fd: number, flags: number, fdPtr: number): number {
  const entry = socketFd(ctx, 'sock_accept', fd, Rights.SOCK_ACCEPT, 'listener');
  if (typeof entry === 'number') return entry;
  if (!(entry instanceof ListenerFd)) return Errno.inval;
  // The flags are the new connection's fdflags; only nonblock means something for a socket.
  if ((flags & ~Fdflags.nonblock) !== 0) return Errno.inval;
  ctx.mem.check(fdPtr, 4);
  ctx.fds.reserve();
  const listener = entry.listener;
  let blocker: Blocker | undefined;
  let conn: SocketConnection | number;
  for (;;) {
    const seen = wakeSeen(listener.wake);
    conn = listener.accept();
    if (conn !== -Errno.again || (entry.flags & Fdflags.nonblock) !== 0) break;
    blocker ??= new Blocker(ctx);
    blocker.pause(listener.wake, seen);
  }
  if (typeof conn === 'number') {
    ctx.log.allow('sock_accept', 'sockets', entry.target, -conn);
    return -conn;
  }
  const rights = entry.rightsInheriting & RIGHTS_SOCKET_CONN;
  const n = ctx.fds.add(new ConnectionFd(ctx, `${entry.target} (connection)`, conn, rights, flags & Fdflags.nonblock));
  ctx.mem.setU32(fdPtr, n);
  ctx.log.allow('sock_accept', 'sockets', entry.target, Errno.success);
  return Errno.success;
}

/** One recv as the descriptor's mode asks: waits for the first byte (or the end) unless nonblocking. */
function receive(ctx: HostContext, entry: ConnectionFd, buf: Uint8Array, off: number, len: number, peek: boolean): number {
  let blocker: Blocker | undefined;
  for (;;) {
    const seen = wakeSeen(entry.conn.wake);
    const n = entry.conn.recv(buf, off, len, peek);
    if (n !== -Errno.again || entry.nonblocking) return n;
    blocker ??= new Blocker(ctx);
    blocker.pause(entry.conn.wake, seen);
  }
}

/** Sends all of buf[off, off+len) on a blocking descriptor (as send(2) does), one attempt on a nonblocking one. */
function sendAll(ctx: HostContext, entry: ConnectionFd, buf: Uint8Array, off: number, len: number): number {
  let sent = 0;
  let blocker: Blocker | undefined;
  while (sent < len) {
    const seen = wakeSeen(entry.conn.wake);
    const n = entry.conn.send(buf, off + sent, len - sent);
    if (n === -Errno.again && !entry.nonblocking) {
      // A channel connection's wake cell also moves when the owner wrote what was pending; a raw
      // descriptor gives no writability notification, so it is re-checked at growing intervals.
      blocker ??= new Blocker(ctx);
      blocker.pause(entry.conn.wake, seen);
      continue;
    }
    if (n < 0) return sent > 0 ? sent : n;
    sent += n;
    if (entry.nonblocking) break;
  }
  return sent;
}

/** Largest peek copied through a scratch buffer when the guest gave several iovecs. */
const PEEK_SCRATCH_MAX = 64 * 1024;

export function sock_recv(ctx: HostContext, fd: number, riData: number, riDataLen: number, riFlags: number, roDatalenPtr: number, roFlagsPtr: number): number {
  const entry = socketFd(ctx, 'sock_recv', fd, Rights.FD_READ, 'connection');
  if (typeof entry === 'number') return entry;
  if (!(entry instanceof ConnectionFd)) return Errno.notconn;
  if ((riFlags & ~(Riflags.peek | Riflags.waitall)) !== 0) return Errno.inval;
  const mem = ctx.mem;
  const base = mem.check(riData, riDataLen * Layout.iovec.size);
  mem.check(roDatalenPtr, 4);
  mem.check(roFlagsPtr, 2);
  const iovs: [number, number][] = [];
  for (let i = 0; i < riDataLen; i++) {
    const ptr = mem.dv.getUint32(base + i * 8, true);
    const len = mem.dv.getUint32(base + i * 8 + 4, true);
    if (len > 0) iovs.push([mem.check(ptr, len), len]);
  }
  const result = (riFlags & Riflags.peek) !== 0 ? peekInto(ctx, entry, iovs) : recvInto(ctx, entry, iovs, (riFlags & Riflags.waitall) !== 0);
  if (result < 0) {
    ctx.log.io('sock_recv', 'sockets', entry.target, -result, 0);
    return -result;
  }
  ctx.mem.setU32(roDatalenPtr, result);
  ctx.mem.setU16(roFlagsPtr, 0);
  ctx.log.io('sock_recv', 'sockets', entry.target, Errno.success, result);
  return Errno.success;
}

/**
 * Scatters received bytes over the iovecs. Only the first recv may wait (for the first byte); the rest
 * takes what is already there. With `waitall` every iovec is filled, waiting as needed, unless the
 * stream ends or fails first (then the bytes so far are returned, as recv(MSG_WAITALL) does).
 */
function recvInto(ctx: HostContext, entry: ConnectionFd, iovs: readonly [number, number][], waitall: boolean): number {
  let total = 0;
  for (const [off, len] of iovs) {
    let got = 0;
    while (got < len) {
      const mustWait = total + got === 0 || (waitall && !entry.nonblocking);
      const n = mustWait ? receive(ctx, entry, ctx.mem.u8, off + got, len - got, false) : entry.conn.recv(ctx.mem.u8, off + got, len - got, false);
      if (n <= 0) return total + got > 0 ? total + got : n;
      got += n;
      if (!waitall && got < len) return total + got;
    }
    total += got;
  }
  return total;
}

/**
 * A peek: what the next recv would return, left in place. Several iovecs are served through one
 * scratch buffer, so each gets the next bytes rather than the first ones again. A peek waits for the
 * first byte like a recv; with waitall it does not wait for more (what is buffered is returned).
 */
function peekInto(ctx: HostContext, entry: ConnectionFd, iovs: readonly [number, number][]): number {
  if (iovs.length === 0) return 0;
  if (iovs.length === 1) return receive(ctx, entry, ctx.mem.u8, iovs[0][0], iovs[0][1], true);
  const want = Math.min(PEEK_SCRATCH_MAX, iovs.reduce((sum, [, len]) => sum + len, 0));
  const scratch = new Uint8Array(want);
  const n = receive(ctx, entry, scratch, 0, want, true);
  if (n <= 0) return n;
  let copied = 0;
  for (const [off, len] of iovs) {
    if (copied >= n) break;
    const k = Math.min(len, n - copied);
    ctx.mem.u8.set(scratch.subarray(copied, copied + k), off);
    copied += k;
  }
  return n;
}

export function sock_send(ctx: HostContext, fd: number, siData: number, siDataLen: number, _siFlags: number, soDatalenPtr: number): number {
  const entry = socketFd(ctx, 'sock_send', fd, Rights.FD_WRITE, 'connection');
  if (typeof entry === 'number') return entry;
  if (!(entry instanceof ConnectionFd)) return Errno.notconn;
  // The count's place is checked before anything is sent, so a bad pointer sends nothing.
  ctx.mem.check(soDatalenPtr, 4);
  // A connection's write() is its send(), so this is fd_write's gather loop.
  return finishTransfer(ctx, 'sock_send', entry, transfer(ctx, entry, siData, siDataLen, -1, true), soDatalenPtr);
}

export function sock_shutdown(ctx: HostContext, fd: number, how: number): number {
  const entry = socketFd(ctx, 'sock_shutdown', fd, Rights.SOCK_SHUTDOWN, 'connection');
  if (typeof entry === 'number') return entry;
  if (!(entry instanceof ConnectionFd)) return Errno.notconn;
  if (how < 1 || how > 3) return Errno.inval;
  const errno = errnoOf(entry.conn.shutdown(how));
  ctx.log.allow('sock_shutdown', 'sockets', entry.target, errno);
  return errno;
}
