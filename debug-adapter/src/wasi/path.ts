// The path_* calls. Every guest path goes through the sandboxed resolver (pathResolver.ts) inside the
// preopen of its directory descriptor; rights and the read-only fence are checked before the host is
// touched, and every refusal is recorded with its reason.
import * as fs from 'node:fs';
import type { HostContext } from './context';
import {
  Errno, Fdflags, Lookupflags, Oflags, Rights, RIGHTS_DIRECTORY_BASE, RIGHTS_WRITE, rightsFromAbi,
} from './defs';
import { hostErrno } from './errors';
import { DirectoryFd, FileFd } from './fdKinds';
import { filetypeOf, resolveTimes, writeFilestat } from './fd';
import { NodeKind, type Resolved, symlinkTargetStaysInside } from './pathResolver';
import { checkWritable } from './policy';

const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** The directory descriptor at `fd`, or badf/notdir. */
function lookupDir(ctx: HostContext, fd: number): DirectoryFd | number {
  const entry = ctx.fds.settled(fd);
  if (entry === undefined) return Errno.badf;
  if (!(entry instanceof DirectoryFd)) return Errno.notdir;
  return entry;
}

/** 0 when `dir` holds `rights`; otherwise the denial is recorded against the guest path. */
function needRights(ctx: HostContext, call: string, dir: DirectoryFd, rights: number, guest: string): number {
  if ((dir.rightsBase & rights) === rights) return 0;
  const reason = dir.root.readonly && (rights & ~dir.rightsBase & RIGHTS_WRITE) !== 0
    ? `preopen ${dir.root.guest} is read-only`
    : 'directory descriptor lacks the right';
  return ctx.denyOn(call, 'filesystem', guest, Errno.notcapable, reason);
}

/** Reads a guest path; invalid UTF-8 is `ilseq`. */
function readPath(ctx: HostContext, ptr: number, len: number): string | undefined {
  return ctx.mem.string(ptr, len);
}

interface Target {
  readonly dir: DirectoryFd;
  readonly guest: string;
  readonly res: Resolved;
}

/**
 * The common prologue of a path call: directory rights, the read-only fence for writes, path decoding
 * and resolution. Returns the resolved target, or an errno that has already been recorded.
 */
function target(ctx: HostContext, call: string, fd: number, rights: number, pathPtr: number, pathLen: number, follow: boolean, writes: boolean): Target | number {
  const dir = lookupDir(ctx, fd);
  if (typeof dir === 'number') return dir;
  const path = readPath(ctx, pathPtr, pathLen);
  if (path === undefined) return ctx.denyOn(call, 'filesystem', dir.target, Errno.ilseq, 'path is not valid UTF-8');
  const guest = ctx.guestPath(dir, path);
  if (writes) {
    const denial = checkWritable(dir.root);
    if (denial !== undefined) return ctx.denyOn(call, 'filesystem', guest, denial.errno, denial.reason);
  }
  const refused = needRights(ctx, call, dir, rights, guest);
  if (refused !== 0) return refused;
  const res = ctx.resolve(dir, path, follow);
  if (res.errno !== 0) return ctx.denyOn(call, 'filesystem', guest, res.errno, (res as { reason: string }).reason);
  return { dir, guest, res: res as Resolved };
}

/** Runs a host operation, records the outcome as allowed with its errno. */
function hostOp(ctx: HostContext, call: string, t: Target, op: () => void): number {
  let errno: number = Errno.success;
  try {
    op();
  } catch (err) {
    errno = hostErrno(err);
  }
  ctx.log.allow(call, 'filesystem', t.guest, errno, t.res.hostPath);
  return errno;
}

export function path_create_directory(ctx: HostContext, fd: number, pathPtr: number, pathLen: number): number {
  const t = target(ctx, 'path_create_directory', fd, Rights.PATH_CREATE_DIRECTORY, pathPtr, pathLen, false, true);
  if (typeof t === 'number') return t;
  if (t.res.components.length === t.dir.components.length && t.res.kind === NodeKind.directory) {
    ctx.log.allow('path_create_directory', 'filesystem', t.guest, Errno.exist, t.res.hostPath);
    return Errno.exist;
  }
  return hostOp(ctx, 'path_create_directory', t, () => fs.mkdirSync(t.res.hostPath));
}

export function path_filestat_get(ctx: HostContext, fd: number, flags: number, pathPtr: number, pathLen: number, buf: number): number {
  const follow = (flags & Lookupflags.symlinkFollow) !== 0;
  const t = target(ctx, 'path_filestat_get', fd, Rights.PATH_FILESTAT_GET, pathPtr, pathLen, follow, false);
  if (typeof t === 'number') return t;
  let errno: number = Errno.success;
  try {
    const st = fs.lstatSync(t.res.hostPath, { bigint: true });
    if (t.res.mustBeDirectory && !st.isDirectory()) errno = Errno.notdir;
    else writeFilestat(ctx, buf, st, filetypeOf(st));
  } catch (err) {
    errno = hostErrno(err);
  }
  ctx.log.allow('path_filestat_get', 'filesystem', t.guest, errno, t.res.hostPath);
  return errno;
}

export function path_filestat_set_times(
  ctx: HostContext, fd: number, flags: number, pathPtr: number, pathLen: number, atim: bigint, mtim: bigint, fstflags: number,
): number {
  const follow = (flags & Lookupflags.symlinkFollow) !== 0;
  const t = target(ctx, 'path_filestat_set_times', fd, Rights.PATH_FILESTAT_SET_TIMES, pathPtr, pathLen, follow, true);
  if (typeof t === 'number') return t;
  const times = resolveTimes(ctx, atim, mtim, fstflags, () => {
    try {
      return fs.lstatSync(t.res.hostPath, { bigint: true });
    } catch (err) {
      return -hostErrno(err);
    }
  });
  if (typeof times === 'number') {
    ctx.log.allow('path_filestat_set_times', 'filesystem', t.guest, times, t.res.hostPath);
    return times;
  }
  // The final component is either resolved (not a symlink) or deliberately not followed: lutimes never follows.
  return hostOp(ctx, 'path_filestat_set_times', t, () => fs.lutimesSync(t.res.hostPath, times.atime, times.mtime));
}

export function path_link(
  ctx: HostContext, oldFd: number, oldFlags: number, oldPathPtr: number, oldPathLen: number,
  newFd: number, newPathPtr: number, newPathLen: number,
): number {
  const follow = (oldFlags & Lookupflags.symlinkFollow) !== 0;
  // Linking out of a read-only preopen would make its files writable through the new name.
  const from = target(ctx, 'path_link', oldFd, Rights.PATH_LINK_SOURCE, oldPathPtr, oldPathLen, follow, true);
  if (typeof from === 'number') return from;
  const to = target(ctx, 'path_link', newFd, Rights.PATH_LINK_TARGET, newPathPtr, newPathLen, false, true);
  if (typeof to === 'number') return to;
  return hostOp(ctx, 'path_link', to, () => fs.linkSync(from.res.hostPath, to.res.hostPath));
}

export function path_open(
  ctx: HostContext, fd: number, dirflags: number, pathPtr: number, pathLen: number, oflags: number,
  baseAbi: bigint, inheritingAbi: bigint, fdflags: number, fdPtr: number,
): number {
  const call = 'path_open';
  let base = rightsFromAbi(baseAbi);
  let inheriting = rightsFromAbi(inheritingAbi);
  let needed = Rights.PATH_OPEN;
  if ((oflags & Oflags.creat) !== 0) needed |= Rights.PATH_CREATE_FILE;
  if ((oflags & Oflags.trunc) !== 0) needed |= Rights.PATH_FILESTAT_SET_SIZE;
  const dir = lookupDir(ctx, fd);
  if (typeof dir === 'number') return dir;
  const path = readPath(ctx, pathPtr, pathLen);
  if (path === undefined) return ctx.denyOn(call, 'filesystem', dir.target, Errno.ilseq, 'path is not valid UTF-8');
  const guest = ctx.guestPath(dir, path);
  const wantWrite = (base & (Rights.FD_WRITE | Rights.FD_ALLOCATE | Rights.FD_FILESTAT_SET_SIZE | Rights.FD_DATASYNC)) !== 0;
  const writes = wantWrite || (oflags & (Oflags.creat | Oflags.trunc)) !== 0 || (fdflags & Fdflags.append) !== 0;
  if (writes) {
    const denial = checkWritable(dir.root);
    if (denial !== undefined) return ctx.denyOn(call, 'filesystem', guest, denial.errno, denial.reason);
  }
  const refused = needRights(ctx, call, dir, needed, guest);
  if (refused !== 0) return refused;
  // Reading and writing must be inheritable; other requested rights are narrowed to what the
  // directory can pass on (Rust's std asks for every path right even when opening read-only).
  const essential = base & (Rights.FD_READ | Rights.FD_WRITE);
  if ((essential & ~dir.rightsInheriting) !== 0) {
    return ctx.denyOn(call, 'filesystem', guest, Errno.notcapable, 'requested rights exceed the directory\'s inheritable rights');
  }
  base &= dir.rightsInheriting;
  inheriting &= dir.rightsInheriting;
  const excl = (oflags & (Oflags.creat | Oflags.excl)) === (Oflags.creat | Oflags.excl);
  const followRequested = (dirflags & Lookupflags.symlinkFollow) !== 0;
  const wantRead = (base & Rights.FD_READ) !== 0;
  let flags = O_NOFOLLOW | (wantWrite ? (wantRead ? fs.constants.O_RDWR : fs.constants.O_WRONLY) : fs.constants.O_RDONLY);
  if ((oflags & Oflags.trunc) !== 0) flags |= fs.constants.O_TRUNC;
  if ((fdflags & Fdflags.sync) !== 0) flags |= fs.constants.O_SYNC;
  if ((fdflags & Fdflags.dsync) !== 0) flags |= fs.constants.O_DSYNC;

  // Fast path for plain files: resolve the directories on the way, then let the host open the final
  // component with O_NOFOLLOW, which refuses a symlink (ELOOP) so that we can follow it ourselves.
  // This saves a stat per open; a directory opened this way is settled later (FileFd.maybeDirectory).
  if ((oflags & Oflags.directory) === 0) {
    const quick = ctx.resolve(dir, path, false);
    if (quick.errno !== 0) return ctx.denyOn(call, 'filesystem', guest, quick.errno, (quick as { reason: string }).reason);
    const q = quick as Resolved;
    if (q.kind === undefined && !q.mustBeDirectory) {
      ctx.fds.reserve();
      const creat = (oflags & Oflags.creat) !== 0 ? fs.constants.O_CREAT | (excl ? fs.constants.O_EXCL : 0) : 0;
      try {
        const hostFd = fs.openSync(q.hostPath, flags | creat, 0o666);
        const maybeDirectory = !wantWrite && creat === 0;
        const file = new FileFd(hostFd, dir.root, guest, q.hostPath, base, inheriting, fdflags, q.components, maybeDirectory);
        ctx.mem.setU32(fdPtr, ctx.fds.add(file));
        return record(ctx, guest, Errno.success, q.hostPath);
      } catch (err) {
        const errno = hostErrno(err);
        // ELOOP: the final component is a symlink; anything else is the answer.
        if (errno !== Errno.loop || !followRequested || excl) return record(ctx, guest, errno, q.hostPath);
      }
    }
  }

  // O_CREAT|O_EXCL never follows a final symlink (POSIX): an existing link makes it fail with `exist`.
  const follow = followRequested && !excl;
  const resolved = ctx.resolve(dir, path, follow);
  if (resolved.errno !== 0) return ctx.denyOn(call, 'filesystem', guest, resolved.errno, (resolved as { reason: string }).reason);
  const res = resolved as Resolved;
  let kind = res.kind;
  if (kind === undefined) {
    const k = ctx.resolverFs.kind(res.hostPath);
    if (k < 0) return record(ctx, guest, -k, res.hostPath);
    kind = k as NodeKind;
  }
  const wantDir = (oflags & Oflags.directory) !== 0 || res.mustBeDirectory;

  if (kind === NodeKind.missing) {
    if ((oflags & Oflags.creat) === 0) return record(ctx, guest, Errno.noent, res.hostPath);
    if (wantDir) return record(ctx, guest, Errno.inval, res.hostPath);
  } else {
    if (excl) return record(ctx, guest, Errno.exist, res.hostPath);
    if (kind === NodeKind.symlink) return record(ctx, guest, Errno.loop, res.hostPath);
    if (kind === NodeKind.directory) {
      if ((oflags & Oflags.trunc) !== 0 || wantWrite) return record(ctx, guest, Errno.isdir, res.hostPath);
      const d = new DirectoryFd(dir.root, res.components, guest, res.hostPath, base & RIGHTS_DIRECTORY_BASE, inheriting);
      ctx.mem.setU32(fdPtr, ctx.fds.add(d));
      return record(ctx, guest, Errno.success, res.hostPath);
    }
    if (wantDir) return record(ctx, guest, Errno.notdir, res.hostPath);
  }

  if (kind === NodeKind.missing) flags |= fs.constants.O_CREAT | fs.constants.O_EXCL;
  // A new fd costs a slot: check the limit before the host opens anything.
  ctx.fds.reserve();
  let hostFd: number;
  try {
    hostFd = fs.openSync(res.hostPath, flags, 0o666);
  } catch (err) {
    return record(ctx, guest, hostErrno(err), res.hostPath);
  }
  const file = new FileFd(hostFd, dir.root, guest, res.hostPath, base, inheriting, fdflags, res.components, false);
  ctx.mem.setU32(fdPtr, ctx.fds.add(file));
  return record(ctx, guest, Errno.success, res.hostPath);
}

function record(ctx: HostContext, guest: string, errno: number, hostPath: string): number {
  ctx.log.allow('path_open', 'filesystem', guest, errno, hostPath);
  return errno;
}

export function path_readlink(ctx: HostContext, fd: number, pathPtr: number, pathLen: number, buf: number, bufLen: number, bufusedPtr: number): number {
  const t = target(ctx, 'path_readlink', fd, Rights.PATH_READLINK, pathPtr, pathLen, false, false);
  if (typeof t === 'number') return t;
  let errno: number = Errno.success;
  try {
    const link = fs.readlinkSync(t.res.hostPath, { encoding: 'buffer' });
    const n = Math.min(link.length, bufLen >>> 0);
    ctx.mem.bytes(buf, n).set(link.subarray(0, n));
    ctx.mem.setU32(bufusedPtr, n);
  } catch (err) {
    errno = hostErrno(err);
  }
  ctx.log.allow('path_readlink', 'filesystem', t.guest, errno, t.res.hostPath);
  return errno;
}

/** `.`/`..` as the last component, or the preopen root itself, cannot be removed or renamed. */
function isDotOrRoot(path: string, res: Resolved): boolean {
  const last = path.replace(/\/+$/, '').split('/').pop();
  return last === '.' || last === '..' || res.components.length === 0;
}

export function path_remove_directory(ctx: HostContext, fd: number, pathPtr: number, pathLen: number): number {
  const t = target(ctx, 'path_remove_directory', fd, Rights.PATH_REMOVE_DIRECTORY, pathPtr, pathLen, false, true);
  if (typeof t === 'number') return t;
  if (isDotOrRoot(ctx.mem.string(pathPtr, pathLen) ?? '', t.res)) {
    return ctx.denyOn('path_remove_directory', 'filesystem', t.guest, t.res.components.length === 0 ? Errno.notcapable : Errno.inval, 'cannot remove `.`, `..` or the preopen root');
  }
  return hostOp(ctx, 'path_remove_directory', t, () => fs.rmdirSync(t.res.hostPath));
}

export function path_rename(
  ctx: HostContext, fd: number, oldPathPtr: number, oldPathLen: number, newFd: number, newPathPtr: number, newPathLen: number,
): number {
  const from = target(ctx, 'path_rename', fd, Rights.PATH_RENAME_SOURCE, oldPathPtr, oldPathLen, false, true);
  if (typeof from === 'number') return from;
  const to = target(ctx, 'path_rename', newFd, Rights.PATH_RENAME_TARGET, newPathPtr, newPathLen, false, true);
  if (typeof to === 'number') return to;
  if (from.res.components.length === 0 || to.res.components.length === 0) {
    return ctx.denyOn('path_rename', 'filesystem', from.guest, Errno.notcapable, 'cannot rename a preopen root');
  }
  return hostOp(ctx, 'path_rename', to, () => fs.renameSync(from.res.hostPath, to.res.hostPath));
}

export function path_symlink(ctx: HostContext, oldPathPtr: number, oldPathLen: number, fd: number, newPathPtr: number, newPathLen: number): number {
  const t = target(ctx, 'path_symlink', fd, Rights.PATH_SYMLINK, newPathPtr, newPathLen, false, true);
  if (typeof t === 'number') return t;
  const link = ctx.mem.string(oldPathPtr, oldPathLen);
  if (link === undefined) return ctx.denyOn('path_symlink', 'filesystem', t.guest, Errno.ilseq, 'link target is not valid UTF-8');
  // The resolver would refuse to follow such a link anyway; refusing to create it keeps the tree clean.
  if (!symlinkTargetStaysInside(t.res.components, link)) {
    return ctx.denyOn('path_symlink', 'filesystem', t.guest, Errno.notcapable, 'symbolic link target would leave the preopen', t.res.hostPath);
  }
  return hostOp(ctx, 'path_symlink', t, () => fs.symlinkSync(link, t.res.hostPath));
}

export function path_unlink_file(ctx: HostContext, fd: number, pathPtr: number, pathLen: number): number {
  const t = target(ctx, 'path_unlink_file', fd, Rights.PATH_UNLINK_FILE, pathPtr, pathLen, false, true);
  if (typeof t === 'number') return t;
  if (t.res.mustBeDirectory) {
    ctx.log.allow('path_unlink_file', 'filesystem', t.guest, Errno.notdir, t.res.hostPath);
    return Errno.notdir;
  }
  return hostOp(ctx, 'path_unlink_file', t, () => fs.unlinkSync(t.res.hostPath));
}
