// sock_accept / sock_recv / sock_send / sock_shutdown on preopened sockets. Node has no synchronous
// socket API, so sockets reach the host through small synchronous backends the embedder supplies:
// a listener whose accept() never blocks (`again` when no connection is queued, as for a non-blocking
// socket) and connections that read and write synchronously. `fdConnection` serves a connected socket
// given its OS descriptor (read/write on Unix sockets and TCP work with fs.readSync/writeSync);
// `QueuedListener` hands out connections the embedder pushed (e.g. from a net.Server on another thread).
import * as fs from 'node:fs';
import type { HostContext } from './context';
import { checkSwitch } from './policy';
import { Errno, Filetype, Layout, Riflags, Rights, RIGHTS_SOCKET_CONN, Sdflags } from './defs';
import { errnoOf, hostErrno } from './errors';
import { Fd } from './fdKinds';
import { finishTransfer, transfer } from './fd';

export interface SocketConnection {
  /** Bytes received into buf[off, off+len), 0 at end of stream, or a negated errno (`-again`). */
  recv(buf: Uint8Array, off: number, len: number, peek: boolean): number;
  /** Bytes sent, or a negated errno. */
  send(buf: Uint8Array, off: number, len: number): number;
  /** Shuts down reading (1), writing (2) or both (3); 0 or a negated errno. */
  shutdown(how: number): number;
  readable(): boolean;
  close(): void;
}

export interface SocketListener {
  /** A new connection, or a negated errno (`-again` when none is waiting). Never blocks. */
  accept(): SocketConnection | number;
  readable(): boolean;
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
  override readable(): boolean { return this.listener.readable(); }
  override close(): void { this.listener.close(); }
}

export class ConnectionFd extends Fd {
  readonly filetype = Filetype.socketStream;
  readonly capability = 'sockets';
  constructor(readonly target: string, readonly conn: SocketConnection, base: number) { super(base, 0); }
  override read(buf: Uint8Array, off: number, len: number): number { return this.conn.recv(buf, off, len, false); }
  override write(buf: Uint8Array, off: number, len: number): number { return this.conn.send(buf, off, len); }
  override readable(): boolean { return this.conn.readable(); }
  override close(): void { this.conn.close(); }
}

/** A connected socket over an OS descriptor the embedder owns; `shutdown` needs `onShutdown` (Node cannot shutdown(2) a raw fd). */
export function fdConnection(osFd: number, onShutdown?: (how: number) => void): SocketConnection {
  let readShut = false;
  let writeShut = false;
  return {
    recv(buf, off, len, peek) {
      if (peek) return -Errno.notsup;
      if (readShut) return 0;
      try {
        return fs.readSync(osFd, buf, off, len, null);
      } catch (err) {
        return -hostErrno(err);
      }
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
    readable: () => true,
    close() { fs.closeSync(osFd); },
  };
}

/** A listener fed by the embedder: `offer()` queues a connection for the module's next sock_accept. */
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
  if ((flags & ~4) !== 0) return Errno.inval;
  ctx.mem.check(fdPtr, 4);
  ctx.fds.reserve();
  const conn = entry.listener.accept();
  if (typeof conn === 'number') {
    ctx.log.allow('sock_accept', 'sockets', entry.target, -conn);
    return -conn;
  }
  const n = ctx.fds.add(new ConnectionFd(`${entry.target} (connection)`, conn, entry.rightsInheriting & RIGHTS_SOCKET_CONN));
  ctx.mem.setU32(fdPtr, n);
  ctx.log.allow('sock_accept', 'sockets', entry.target, Errno.success);
  return Errno.success;
}

export function sock_recv(ctx: HostContext, fd: number, riData: number, riDataLen: number, riFlags: number, roDatalenPtr: number, roFlagsPtr: number): number {
  const entry = socketFd(ctx, 'sock_recv', fd, Rights.FD_READ, 'connection');
  if (typeof entry === 'number') return entry;
  if (!(entry instanceof ConnectionFd)) return Errno.notconn;
  if ((riFlags & ~(Riflags.peek | Riflags.waitall)) !== 0) return Errno.inval;
  const mem = ctx.mem;
  const base = mem.check(riData, riDataLen * Layout.iovec.size);
  mem.check(roDatalenPtr, 4);
  mem.check(roFlagsPtr, 2);
  let total = 0;
  for (let i = 0; i < riDataLen; i++) {
    const ptr = mem.dv.getUint32(base + i * 8, true);
    const len = mem.dv.getUint32(base + i * 8 + 4, true);
    if (len === 0) continue;
    const n = entry.conn.recv(mem.u8, mem.check(ptr, len), len, (riFlags & Riflags.peek) !== 0);
    if (n < 0) {
      if (total > 0) break;
      ctx.log.io('sock_recv', 'sockets', entry.target, -n, 0);
      return -n;
    }
    total += n;
    if (n < len) break;
  }
  mem.setU32(roDatalenPtr, total);
  mem.setU16(roFlagsPtr, 0);
  ctx.log.io('sock_recv', 'sockets', entry.target, Errno.success, total);
  return Errno.success;
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
