// The fd_* calls. This module reads guest memory (iovecs, structs) and hands byte ranges to the fd
// classes; rights are checked here, before any host call, and every denial is recorded.
import type * as fs from 'node:fs';
import type { HostContext } from './context';
import { ADVICE_MAX, Errno, Fstflags, Layout, Preopentype, Rights, Whence, FDFLAGS_ALL, Filetype, rightsFromAbi } from './defs';
import { DirectoryFd, FileFd, type Fd, PreopenDirFd, StdinFd, type DirListing } from './fdKinds';
import { checkRights, checkWritable } from './policy';
import { listDirectory } from './readdir';
import { errnoOf } from './errors';

/** Largest file offset Node's fs accepts (a safe integer). */
const MAX_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);

/** Looks up `fd` and checks `rights`; returns the descriptor or an errno (denials are recorded). */
export function fdWithRights(ctx: HostContext, call: string, fd: number, rights: number): Fd | number {
  const entry = ctx.fds.get(fd);
  if (entry === undefined) return Errno.badf;
  const denial = checkRights(entry.rightsBase, rights);
  if (denial !== undefined) return ctx.denyOn(call, entry.capability, entry.target, denial.errno, denial.reason);
  return entry;
}

/** Refuses changes below a read-only preopen (a second fence behind the rights). */
function deniedWrite(ctx: HostContext, call: string, entry: Fd): number {
  if (entry instanceof FileFd || entry instanceof DirectoryFd) {
    const denial = checkWritable(entry.root);
    if (denial !== undefined) return ctx.denyOn(call, entry.capability, entry.target, denial.errno, denial.reason, entry.hostPath);
  }
  return 0;
}

export function fd_advise(ctx: HostContext, fd: number, _offset: bigint, _len: bigint, advice: number): number {
  const entry = fdWithRights(ctx, 'fd_advise', fd, Rights.FD_ADVISE);
  if (typeof entry === 'number') return entry;
  if (advice < 0 || advice > ADVICE_MAX) return Errno.inval;
  // Node exposes no posix_fadvise; advice is a hint, so accepting it without acting is correct.
  const errno = entry instanceof FileFd || entry instanceof DirectoryFd ? Errno.success : Errno.spipe;
  ctx.log.io('fd_advise', entry.capability, entry.target, errno, 0);
  return errno;
}

export function fd_allocate(ctx: HostContext, fd: number, offset: bigint, len: bigint): number {
  const entry = fdWithRights(ctx, 'fd_allocate', fd, Rights.FD_ALLOCATE);
  if (typeof entry === 'number') return entry;
  const denied = deniedWrite(ctx, 'fd_allocate', entry);
  if (denied !== 0) return denied;
  if (len <= 0n || offset < 0n) return Errno.inval;
  // Node's fs takes file offsets as safe integers; beyond 2^53 bytes answer fbig rather than fail.
  if (offset + len > MAX_OFFSET) return Errno.fbig;
  const errno = errnoOf(entry.allocate(Number(offset), Number(len)));
  ctx.log.io('fd_allocate', entry.capability, entry.target, errno, 0);
  return errno;
}

export function fd_close(ctx: HostContext, fd: number): number {
  const entry = ctx.fds.remove(fd);
  if (entry === undefined) return Errno.badf;
  entry.close();
  // The descriptor is closed either way; a write that failed after fd_write returned is reported here.
  const errno = entry instanceof FileFd ? entry.takeDeferredError() : Errno.success;
  ctx.log.allow('fd_close', entry.capability, entry.target, errno);
  return errno;
}

export function fd_datasync(ctx: HostContext, fd: number): number {
  return syncCall(ctx, 'fd_datasync', fd, Rights.FD_DATASYNC);
}

export function fd_sync(ctx: HostContext, fd: number): number {
  return syncCall(ctx, 'fd_sync', fd, Rights.FD_SYNC);
}

function syncCall(ctx: HostContext, call: string, fd: number, right: number): number {
  const entry = fdWithRights(ctx, call, fd, right);
  if (typeof entry === 'number') return entry;
  const errno = errnoOf(entry.sync(call === 'fd_datasync' ? 'data' : 'all'));
  ctx.log.io(call, entry.capability, entry.target, errno, 0);
  return errno;
}

export function fd_fdstat_get(ctx: HostContext, fd: number, ptr: number): number {
  const entry = ctx.fds.settled(fd);
  if (entry === undefined) return Errno.badf;
  const p = ctx.mem.check(ptr, Layout.fdstat.size);
  ctx.mem.u8.fill(0, p, p + Layout.fdstat.size);
  ctx.mem.setU8(p + Layout.fdstat.filetype, entry.filetype);
  ctx.mem.setU16(p + Layout.fdstat.flags, entry.flags);
  ctx.mem.setU64n(p + Layout.fdstat.rightsBase, entry.rightsBase);
  ctx.mem.setU64n(p + Layout.fdstat.rightsInheriting, entry.rightsInheriting);
  return Errno.success;
}

export function fd_fdstat_set_flags(ctx: HostContext, fd: number, flags: number): number {
  const entry = fdWithRights(ctx, 'fd_fdstat_set_flags', fd, Rights.FD_FDSTAT_SET_FLAGS);
  if (typeof entry === 'number') return entry;
  if ((flags & ~FDFLAGS_ALL) !== 0) return Errno.inval;
  const errno = errnoOf(entry.setFlags(flags));
  ctx.log.io('fd_fdstat_set_flags', entry.capability, entry.target, errno, 0);
  return errno;
}

export function fd_fdstat_set_rights(ctx: HostContext, fd: number, baseAbi: bigint, inheritingAbi: bigint): number {
  const base = rightsFromAbi(baseAbi);
  const inheriting = rightsFromAbi(inheritingAbi);
  const entry = ctx.fds.get(fd);
  if (entry === undefined) return Errno.badf;
  // Rights can only be narrowed: asking for one not held is refused and nothing changes.
  if ((base & ~entry.rightsBase) !== 0 || (inheriting & ~entry.rightsInheriting) !== 0) {
    return ctx.denyOn('fd_fdstat_set_rights', entry.capability, entry.target, Errno.notcapable, 'rights can only be narrowed');
  }
  entry.rightsBase = base;
  entry.rightsInheriting = inheriting;
  return Errno.success;
}

export function filetypeOf(st: fs.BigIntStats): Filetype {
  if (st.isFile()) return Filetype.regularFile;
  if (st.isDirectory()) return Filetype.directory;
  if (st.isSymbolicLink()) return Filetype.symbolicLink;
  if (st.isCharacterDevice()) return Filetype.characterDevice;
  if (st.isBlockDevice()) return Filetype.blockDevice;
  if (st.isSocket()) return Filetype.socketStream;
  return Filetype.unknown;
}

export function writeFilestat(ctx: HostContext, ptr: number, st: fs.BigIntStats | undefined, filetype: Filetype): void {
  const p = ctx.mem.check(ptr, Layout.filestat.bytes);
  ctx.mem.u8.fill(0, p, p + Layout.filestat.bytes);
  ctx.mem.setU8(p + Layout.filestat.filetype, filetype);
  if (st === undefined) return;
  ctx.mem.setU64(p + Layout.filestat.dev, st.dev);
  ctx.mem.setU64(p + Layout.filestat.ino, st.ino);
  ctx.mem.setU64(p + Layout.filestat.nlink, st.nlink);
  ctx.mem.setU64(p + Layout.filestat.size, st.size);
  ctx.mem.setU64(p + Layout.filestat.atim, st.atimeNs);
  ctx.mem.setU64(p + Layout.filestat.mtim, st.mtimeNs);
  ctx.mem.setU64(p + Layout.filestat.ctim, st.ctimeNs);
}

export function fd_filestat_get(ctx: HostContext, fd: number, ptr: number): number {
  const entry = fdWithRights(ctx, 'fd_filestat_get', fd, Rights.FD_FILESTAT_GET);
  if (typeof entry === 'number') return entry;
  const st = entry.stat();
  if (typeof st === 'number') {
    // Streams have no host file behind them here: report their type and zeros, as a pipe would.
    if (st === -Errno.notsup) {
      writeFilestat(ctx, ptr, undefined, entry.filetype);
      return Errno.success;
    }
    ctx.log.io('fd_filestat_get', entry.capability, entry.target, -st, 0);
    return -st;
  }
  writeFilestat(ctx, ptr, st, filetypeOf(st));
  ctx.log.io('fd_filestat_get', entry.capability, entry.target, Errno.success, 0);
  return Errno.success;
}

export function fd_filestat_set_size(ctx: HostContext, fd: number, size: bigint): number {
  const entry = fdWithRights(ctx, 'fd_filestat_set_size', fd, Rights.FD_FILESTAT_SET_SIZE);
  if (typeof entry === 'number') return entry;
  const denied = deniedWrite(ctx, 'fd_filestat_set_size', entry);
  if (denied !== 0) return denied;
  if (size < 0n) return Errno.inval;
  if (size > MAX_OFFSET) return Errno.fbig;
  const errno = errnoOf(entry.setSize(Number(size)));
  ctx.log.io('fd_filestat_set_size', entry.capability, entry.target, errno, 0);
  return errno;
}

/**
 * Host times for a set_times call, or an errno. Either time may stay unchanged; Node's utimes needs
 * both, so the unchanged one is taken from the current stat.
 */
export function resolveTimes(ctx: HostContext, atim: bigint, mtim: bigint, fstflags: number, current: () => fs.BigIntStats | number): { atime: number; mtime: number } | number {
  if ((fstflags & ~15) !== 0) return Errno.inval;
  if ((fstflags & Fstflags.atim) !== 0 && (fstflags & Fstflags.atimNow) !== 0) return Errno.inval;
  if ((fstflags & Fstflags.mtim) !== 0 && (fstflags & Fstflags.mtimNow) !== 0) return Errno.inval;
  const needCurrent = (fstflags & (Fstflags.atim | Fstflags.atimNow)) === 0 || (fstflags & (Fstflags.mtim | Fstflags.mtimNow)) === 0;
  let st: fs.BigIntStats | undefined;
  if (needCurrent) {
    const got = current();
    if (typeof got === 'number') return -got;
    st = got;
  }
  const nowNs = (fstflags & (Fstflags.atimNow | Fstflags.mtimNow)) !== 0 ? (ctx.clock.now(0) ?? 0n) : 0n;
  const seconds = (ns: bigint): number => Number(ns) / 1e9;
  const pick = (set: number, now: number, value: bigint, keep: bigint | undefined): number =>
    (fstflags & set) !== 0 ? seconds(value) : (fstflags & now) !== 0 ? seconds(nowNs) : seconds(keep ?? 0n);
  return {
    atime: pick(Fstflags.atim, Fstflags.atimNow, atim, st?.atimeNs),
    mtime: pick(Fstflags.mtim, Fstflags.mtimNow, mtim, st?.mtimeNs),
  };
}

export function fd_filestat_set_times(ctx: HostContext, fd: number, atim: bigint, mtim: bigint, fstflags: number): number {
  const entry = fdWithRights(ctx, 'fd_filestat_set_times', fd, Rights.FD_FILESTAT_SET_TIMES);
  if (typeof entry === 'number') return entry;
  const denied = deniedWrite(ctx, 'fd_filestat_set_times', entry);
  if (denied !== 0) return denied;
  const times = resolveTimes(ctx, atim, mtim, fstflags, () => entry.stat());
  if (typeof times === 'number') return times;
  const errno = errnoOf(entry.setTimes(times.atime, times.mtime));
  ctx.log.io('fd_filestat_set_times', entry.capability, entry.target, errno, 0);
  return errno;
}

/** Reads or writes over an iovec array; stops at the first short transfer, as readv/writev do. */
export function transfer(ctx: HostContext, entry: Fd, iovs: number, iovsLen: number, position: number, write: boolean): number {
  const mem = ctx.mem;
  const base = mem.check(iovs, iovsLen * Layout.iovec.size);
  let total = 0;
  for (let i = 0; i < iovsLen; i++) {
    // Like readv on a pipe or socket: once some bytes have arrived, a stream with no more ready
    // returns them rather than waiting to fill the next iovec (regular files are always ready).
    if (!write && position < 0 && total > 0 && !entry.readable()) break;
    const ptr = mem.dv.getUint32(base + i * 8, true);
    const len = mem.dv.getUint32(base + i * 8 + 4, true);
    if (len === 0) continue;
    const off = mem.check(ptr, len);
    let n: number;
    if (position < 0) n = write ? entry.write(mem.u8, off, len) : entry.read(mem.u8, off, len);
    else n = write ? entry.pwrite(mem.u8, off, len, position + total) : entry.pread(mem.u8, off, len, position + total);
    if (n < 0) return total > 0 ? total : n;
    total += n;
    if (n < len) break;
  }
  return total;
}

export function fd_read(ctx: HostContext, fd: number, iovs: number, iovsLen: number, nreadPtr: number): number {
  const entry = fdWithRights(ctx, 'fd_read', fd, Rights.FD_READ);
  if (typeof entry === 'number') return entry;
  // Reading stdin may block for a long time: let live viewers see everything up to here first.
  if (entry instanceof StdinFd) ctx.log.flush();
  return finishTransfer(ctx, 'fd_read', entry, transfer(ctx, entry, iovs, iovsLen, -1, false), nreadPtr);
}

export function fd_write(ctx: HostContext, fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
  const entry = fdWithRights(ctx, 'fd_write', fd, Rights.FD_WRITE);
  if (typeof entry === 'number') return entry;
  ctx.beforeWrite(entry);
  return finishTransfer(ctx, 'fd_write', entry, transfer(ctx, entry, iovs, iovsLen, -1, true), nwrittenPtr);
}

export function fd_pread(ctx: HostContext, fd: number, iovs: number, iovsLen: number, offset: bigint, nreadPtr: number): number {
  const entry = fdWithRights(ctx, 'fd_pread', fd, Rights.FD_READ | Rights.FD_SEEK);
  if (typeof entry === 'number') return entry;
  if (offset < 0n || offset > MAX_OFFSET) return Errno.inval;
  return finishTransfer(ctx, 'fd_pread', entry, transfer(ctx, entry, iovs, iovsLen, Number(offset), false), nreadPtr);
}

export function fd_pwrite(ctx: HostContext, fd: number, iovs: number, iovsLen: number, offset: bigint, nwrittenPtr: number): number {
  const entry = fdWithRights(ctx, 'fd_pwrite', fd, Rights.FD_WRITE | Rights.FD_SEEK);
  if (typeof entry === 'number') return entry;
  if (offset < 0n || offset > MAX_OFFSET) return Errno.inval;
  return finishTransfer(ctx, 'fd_pwrite', entry, transfer(ctx, entry, iovs, iovsLen, Number(offset), true), nwrittenPtr);
}

/** Stores the byte count of a transfer (or returns its errno) and records the call. */
export function finishTransfer(ctx: HostContext, call: string, entry: Fd, result: number, countPtr: number): number {
  if (result < 0) {
    ctx.log.io(call, entry.capability, entry.target, -result, 0);
    return -result;
  }
  ctx.mem.setU32(countPtr, result);
  ctx.log.io(call, entry.capability, entry.target, Errno.success, result);
  return Errno.success;
}

export function fd_prestat_get(ctx: HostContext, fd: number, ptr: number): number {
  const entry = ctx.fds.get(fd);
  if (!(entry instanceof PreopenDirFd)) return Errno.badf;
  ctx.mem.check(ptr, Layout.prestat.size);
  ctx.mem.setU32(ptr, Preopentype.dir);
  ctx.mem.setU32(ptr + Layout.prestat.nameLen, entry.guestName.length);
  return Errno.success;
}

export function fd_prestat_dir_name(ctx: HostContext, fd: number, pathPtr: number, pathLen: number): number {
  const entry = ctx.fds.get(fd);
  if (!(entry instanceof PreopenDirFd)) return Errno.badf;
  if ((pathLen >>> 0) < entry.guestName.length) return Errno.nametoolong;
  ctx.mem.bytes(pathPtr, entry.guestName.length).set(entry.guestName);
  return Errno.success;
}

export function fd_readdir(ctx: HostContext, fd: number, buf: number, bufLen: number, cookie: bigint, bufusedPtr: number): number {
  ctx.fds.settled(fd);
  const entry = fdWithRights(ctx, 'fd_readdir', fd, Rights.FD_READDIR);
  if (typeof entry === 'number') return entry;
  if (!(entry instanceof DirectoryFd)) return Errno.notdir;
  if (cookie === 0n || entry.listing === undefined) {
    const listing = listDirectory(entry, ctx.dirCache);
    if (typeof listing === 'number') {
      ctx.log.allow('fd_readdir', entry.capability, entry.target, listing, entry.hostPath, 0);
      return listing;
    }
    entry.listing = listing;
  }
  const used = writeDirents(ctx, entry.listing, Number(cookie), buf, bufLen >>> 0);
  ctx.mem.setU32(bufusedPtr, used);
  // A listing is recorded like the other directory operations (window-folded, with the host path),
  // so a walk's path_open, fd_readdir and fd_close of each directory fold together across repeats.
  ctx.log.allow('fd_readdir', entry.capability, entry.target, Errno.success, entry.hostPath, used);
  return Errno.success;
}

/**
 * Copies the dirents from cookie `start` on; the last one is cut off at the end of the buffer, as the
 * spec says (a full buffer tells the guest there may be more).
 */
function writeDirents(ctx: HostContext, listing: DirListing, start: number, buf: number, bufLen: number): number {
  const base = ctx.mem.check(buf, bufLen);
  const { bytes, offsets } = listing;
  if (start >= offsets.length - 1) return 0;
  const from = offsets[start];
  const used = Math.min(bufLen, bytes.length - from);
  ctx.mem.u8.set(bytes.subarray(from, from + used), base);
  return used;
}

export function fd_renumber(ctx: HostContext, from: number, to: number): number {
  if (ctx.fds.get(from) === undefined || ctx.fds.get(to) === undefined) return Errno.badf;
  if (from === to) return Errno.success;
  const replaced = ctx.fds.renumber(from, to);
  replaced?.close();
  return Errno.success;
}

export function fd_seek(ctx: HostContext, fd: number, offset: bigint, whence: number, newOffsetPtr: number): number {
  // A zero move from the current position only tells, so fd_tell's right is enough for it.
  const right = offset === 0n && whence === Whence.cur ? Rights.FD_TELL : Rights.FD_SEEK;
  const entry = fdWithRights(ctx, 'fd_seek', fd, right);
  if (typeof entry === 'number') return entry;
  if (whence !== Whence.set && whence !== Whence.cur && whence !== Whence.end) return Errno.inval;
  if (offset > MAX_OFFSET || offset < -MAX_OFFSET) return Errno.inval;
  const pos = entry.seek(Number(offset), whence);
  if (pos < 0) return -pos;
  ctx.mem.setU64n(newOffsetPtr, pos);
  return Errno.success;
}

export function fd_tell(ctx: HostContext, fd: number, offsetPtr: number): number {
  const entry = fdWithRights(ctx, 'fd_tell', fd, Rights.FD_TELL);
  if (typeof entry === 'number') return entry;
  const pos = entry.seek(0, Whence.cur);
  if (pos < 0) return -pos;
  ctx.mem.setU64n(offsetPtr, pos);
  return Errno.success;
}
