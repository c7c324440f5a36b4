// One class per kind of file descriptor. The area modules (fd.ts, path.ts, sock.ts) read guest memory
// and hand these classes plain byte ranges; every operation returns a count (>= 0) or a negated errno,
// so the hot paths allocate nothing. Operations a kind does not support answer the errno the spec gives
// for that kind (spipe, isdir, badf, notsup), never a fake success.
import * as fs from 'node:fs';
import { Errno, Fdflags, Filetype, Whence } from './defs';
import { hostErrno } from './errors';
import type { InputReader, OutputWriter } from './stdio';
import type { WakeCell } from './wait';
import type { Capability } from './api';

/** A preopened directory as the host resolved it; shared by every fd opened below it. */
export interface PreopenRoot {
  /** Canonical absolute host path (realpath), never ending in '/' except for '/' itself. */
  readonly host: string;
  /** The guest name given in the policy, e.g. `/` or `/data`. */
  readonly guest: string;
  readonly readonly: boolean;
}

export abstract class Fd {
  abstract readonly filetype: Filetype;
  abstract readonly capability: Capability;
  /** What access records name as the target: a guest path or `stdin`/`stdout`/`stderr`/`socket`. */
  abstract readonly target: string;
  flags = 0;
  constructor(public rightsBase: number, public rightsInheriting: number) {}

  read(_buf: Uint8Array, _off: number, _len: number): number { return -Errno.badf; }
  pread(_buf: Uint8Array, _off: number, _len: number, _pos: number): number { return -Errno.spipe; }
  write(_buf: Uint8Array, _off: number, _len: number): number { return -Errno.badf; }
  pwrite(_buf: Uint8Array, _off: number, _len: number, _pos: number): number { return -Errno.spipe; }
  seek(_offset: number, _whence: number): number { return -Errno.spipe; }
  /** Host stat of the object, or a negated errno; stream kinds synthesise theirs in fd.ts. */
  stat(): fs.BigIntStats | number { return -Errno.notsup; }
  setSize(_size: number): number { return -Errno.inval; }
  setTimes(_atime: Date | number, _mtime: Date | number): number { return -Errno.badf; }
  /** fsync (`all`) or fdatasync (`data`); streams have nothing to flush. */
  sync(_what: 'data' | 'all'): number { return 0; }
  allocate(_offset: number, _len: number): number { return -Errno.badf; }
  setFlags(flags: number): number { this.flags = flags; return 0; }
  /** For poll_oneoff: would a read not block now? */
  readable(): boolean { return true; }
  close(): void { /* nothing held on the host by default */ }
}

export class StdinFd extends Fd {
  readonly capability = 'stdio';
  readonly target = 'stdin';
  get filetype(): Filetype { return this.reader.isTTY ? Filetype.characterDevice : Filetype.unknown; }
  constructor(private readonly reader: InputReader, base: number) { super(base, 0); }
  /** Where a reader fed by another thread signals new input (poll_oneoff sleeps on it). */
  get wake(): WakeCell | undefined { return this.reader.wake; }
  override read(buf: Uint8Array, off: number, len: number): number {
    // A non-blocking stdin answers `again` rather than waiting for input (ready() never blocks).
    if ((this.flags & Fdflags.nonblock) !== 0 && !this.reader.ready()) return -Errno.again;
    return this.reader.read(buf.subarray(off, off + len));
  }
  override readable(): boolean { return this.reader.ready(); }
  atEnd(): boolean { return this.reader.atEnd?.() ?? false; }
}

export class OutputFd extends Fd {
  readonly capability = 'stdio';
  get filetype(): Filetype { return this.writer.isTTY ? Filetype.characterDevice : Filetype.unknown; }
  constructor(readonly target: 'stdout' | 'stderr', private readonly writer: OutputWriter, base: number) { super(base, 0); }
  override write(buf: Uint8Array, off: number, len: number): number {
    this.writer.write(buf, off, len);
    return len;
  }
}

/** Wraps an `fs` call that may fail with a POSIX code into "0 or negated errno". */
function attempt(fn: () => void): number {
  try {
    fn();
    return 0;
  } catch (err) {
    return -hostErrno(err);
  }
}

export class FileFd extends Fd {
  readonly filetype = Filetype.regularFile;
  readonly capability = 'filesystem';
  /** Our own file position: Node has no lseek, so every read and write passes an explicit position. */
  position = 0;
  /**
   * Small sequential fd_writes gathered in memory and written as one host write: a host write per
   * 16-byte fd_write costs more than node:wasi's whole call. Only when the embedder asks for it
   * (WasiHostOptions.bufferFileWrites), never for sync/dsync/append descriptors, and written out
   * before every other WASI call, so the guest cannot observe the difference (HostContext.flushWrites).
   */
  private pending: PendingWrites | undefined;
  private unbufferable = false;
  private deferredErrno = 0;

  constructor(
    readonly hostFd: number,
    readonly root: PreopenRoot,
    readonly target: string,
    readonly hostPath: string,
    base: number,
    inheriting: number,
    flags: number,
    /** Components below the preopen root, so the descriptor can become a DirectoryFd (see `maybeDirectory`). */
    readonly components: readonly string[],
    /**
     * Opened read-only without O_DIRECTORY and without a stat: it may be a directory. The fd table
     * settles the kind (one fstat) the first time it matters; reads of a directory fail on the host
     * with EISDIR anyway. This saves a stat on every plain open, the common case.
     */
    public maybeDirectory: boolean,
  ) {
    super(base, inheriting);
    this.flags = flags;
  }

  override read(buf: Uint8Array, off: number, len: number): number {
    try {
      const n = fs.readSync(this.hostFd, buf, off, len, this.position);
      this.position += n;
      return n;
    } catch (err) {
      return -hostErrno(err);
    }
  }

  override pread(buf: Uint8Array, off: number, len: number, pos: number): number {
    try {
      return fs.readSync(this.hostFd, buf, off, len, pos);
    } catch (err) {
      return -hostErrno(err);
    }
  }

  override write(buf: Uint8Array, off: number, len: number): number {
    if (this.deferredErrno !== 0) return -this.takeDeferredError();
    const pending = this.pending;
    if (pending !== undefined && len < WRITE_BUFFER_BYTES && (this.flags & UNBUFFERED_FLAGS) === 0) {
      // Write-behind (see `pending`): a write that does not continue the pending bytes, or does
      // not fit after them, writes them out first.
      if (pending.length > 0 && (pending.end !== this.position || !pending.fits(len))) {
        const flushed = this.flushPending();
        if (flushed < 0) return flushed;
      }
      if (pending.length === 0) pending.end = this.position;
      pending.append(buf, off, len);
      this.position += len;
      return len;
    }
    const flushed = this.flushPending();
    if (flushed < 0) return flushed;
    try {
      // Append is emulated (write at the current size) rather than left to O_APPEND, so that
      // fd_fdstat_set_flags can switch it on and off; Node cannot change the flags of an open fd.
      if ((this.flags & Fdflags.append) !== 0) this.position = Number(fs.fstatSync(this.hostFd).size);
      const n = fs.writeSync(this.hostFd, buf, off, len, this.position);
      this.position += n;
      return n;
    } catch (err) {
      return -hostErrno(err);
    }
  }

  /**
   * Starts gathering small sequential writes in memory (HostContext decides when; see `pending`).
   * Only regular files: a terminal, pipe or device opened by path gets every write at once.
   */
  bufferWrites(): void {
    if (this.pending !== undefined || this.unbufferable) return;
    let regular = false;
    try {
      regular = fs.fstatSync(this.hostFd).isFile();
    } catch {
      // The write itself will report what is wrong with the descriptor.
    }
    if (regular) this.pending = new PendingWrites();
    else this.unbufferable = true;
  }

  /** Hands the pending bytes to the host file: 0, or a negated errno (the bytes are then dropped, as after EIO). */
  flushPending(): number {
    const pending = this.pending;
    if (pending === undefined || pending.length === 0) return 0;
    const at = pending.end - pending.length;
    const length = pending.length;
    pending.length = 0;
    try {
      for (let done = 0; done < length;) {
        const n = fs.writeSync(this.hostFd, pending.bytes, done, length - done, at + done);
        if (n === 0) return -Errno.io;
        done += n;
      }
      return 0;
    } catch (err) {
      return -hostErrno(err);
    }
  }

  /**
   * Keeps a failure of a flush made on behalf of another call, so that this descriptor's next
   * write, sync or close reports it, as a kernel reports a deferred write error.
   */
  deferError(errno: number): void {
    this.deferredErrno = errno;
  }

  /** The deferred write error, once (0 when there is none). */
  takeDeferredError(): number {
    const errno = this.deferredErrno;
    this.deferredErrno = 0;
    return errno;
  }

  override pwrite(buf: Uint8Array, off: number, len: number, pos: number): number {
    try {
      return fs.writeSync(this.hostFd, buf, off, len, pos);
    } catch (err) {
      return -hostErrno(err);
    }
  }

  override seek(offset: number, whence: number): number {
    let base: number;
    if (whence === Whence.set) base = 0;
    else if (whence === Whence.cur) base = this.position;
    else if (whence === Whence.end) {
      try {
        base = Number(fs.fstatSync(this.hostFd).size);
      } catch (err) {
        return -hostErrno(err);
      }
    } else return -Errno.inval;
    const next = base + offset;
    if (next < 0 || !Number.isSafeInteger(next)) return -Errno.inval;
    this.position = next;
    return next;
  }

  override stat(): fs.BigIntStats | number {
    try {
      return fs.fstatSync(this.hostFd, { bigint: true });
    } catch (err) {
      return -hostErrno(err);
    }
  }

  override setSize(size: number): number { return attempt(() => fs.ftruncateSync(this.hostFd, size)); }
  override setTimes(atime: Date | number, mtime: Date | number): number {
    return attempt(() => fs.futimesSync(this.hostFd, atime, mtime));
  }
  override sync(what: 'data' | 'all'): number {
    if (this.deferredErrno !== 0) return -this.takeDeferredError();
    return attempt(() => (what === 'data' ? fs.fdatasyncSync(this.hostFd) : fs.fsyncSync(this.hostFd)));
  }

  override allocate(offset: number, len: number): number {
    // posix_fallocate semantics: grow the file to cover [offset, offset+len), never shrink it.
    try {
      const size = Number(fs.fstatSync(this.hostFd).size);
      if (offset + len > size) fs.ftruncateSync(this.hostFd, offset + len);
      return 0;
    } catch (err) {
      return -hostErrno(err);
    }
  }

  override close(): void {
    // Only the host's own shutdown closes with bytes pending (fd_close flushes first and reports).
    this.flushPending();
    fs.closeSync(this.hostFd);
  }
}

/** Largest write gathered; larger ones go straight to the host. */
const WRITE_BUFFER_BYTES = 4096;
/** Capacity of a descriptor's gathering buffer: one host write per this many bytes. */
const PENDING_CAPACITY = 64 * 1024;
/** Descriptors whose every write must reach the host at once (or at the current end of the file). */
const UNBUFFERED_FLAGS = Fdflags.append | Fdflags.dsync | Fdflags.rsync | Fdflags.sync;

/** The bytes gathered for one descriptor: `length` bytes ending at file offset `end`. */
class PendingWrites {
  readonly bytes = new Uint8Array(PENDING_CAPACITY);
  length = 0;
  end = 0;

  fits(len: number): boolean {
    return this.length + len <= this.bytes.length;
  }

  /** Adds `len` bytes, which must fit. */
  append(buf: Uint8Array, off: number, len: number): void {
    const bytes = this.bytes;
    let at = this.length;
    // Small writes are copied by hand: a subarray view per call costs more than the bytes.
    if (len <= 64) for (let i = 0; i < len; i++) bytes[at++] = buf[off + i];
    else bytes.set(buf.subarray(off, off + len), at);
    this.length += len;
    this.end += len;
  }
}

/**
 * A directory listing snapshot as fd_readdir serves it: every dirent already in its ABI form, so a
 * call copies one byte range (readdir.ts builds it).
 */
export interface DirListing {
  /** The dirents in cookie order (`.`, `..`, then the entries): a 24-byte header, then the name. */
  readonly bytes: Uint8Array;
  /** Where each dirent starts (cookie n resumes at offsets[n]); the last element is `bytes.length`. */
  readonly offsets: Uint32Array;
}

export class DirectoryFd extends Fd {
  readonly filetype = Filetype.directory;
  readonly capability = 'filesystem';
  /** Listing taken when a walk starts at cookie 0 and reused for later cookies, so cookies stay stable. */
  listing: DirListing | undefined;
  /**
   * The last guest path spelled below this directory and the last single-name resolution: pure
   * functions of their inputs, cached so a loop over one name allocates nothing (HostContext).
   */
  lastGuestIn: string | undefined;
  lastGuestOut = '';
  lastNameIn: string | undefined;
  lastNameOut: unknown;

  constructor(
    readonly root: PreopenRoot,
    /** Components below the preopen root (already resolved, no symlinks, no `..`). */
    readonly components: readonly string[],
    readonly target: string,
    readonly hostPath: string,
    base: number,
    inheriting: number,
  ) {
    super(base, inheriting);
  }

  override read(): number { return -Errno.isdir; }
  override write(): number { return -Errno.isdir; }
  override pread(): number { return -Errno.isdir; }
  override pwrite(): number { return -Errno.isdir; }
  override seek(): number { return -Errno.isdir; }
  override stat(): fs.BigIntStats | number {
    try {
      return fs.statSync(this.hostPath, { bigint: true });
    } catch (err) {
      return -hostErrno(err);
    }
  }
  override setTimes(atime: Date | number, mtime: Date | number): number {
    return attempt(() => fs.utimesSync(this.hostPath, atime, mtime));
  }
  override allocate(): number { return -Errno.isdir; }
  override setSize(): number { return -Errno.isdir; }
}

/** A directory from the policy's preopens; fd_prestat_get answers only for these. */
export class PreopenDirFd extends DirectoryFd {
  readonly guestName: Uint8Array;
  constructor(root: PreopenRoot, base: number, inheriting: number) {
    super(root, [], root.guest, root.host, base, inheriting);
    this.guestName = new TextEncoder().encode(root.guest);
  }
}
