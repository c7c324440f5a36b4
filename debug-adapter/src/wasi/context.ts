// The state one module instance's WASI calls share: memory, descriptors, policy, log and providers.
// Handlers in the area modules receive it as their first argument; there is no module-level state.
import type { Capability, Policy } from './api';
import { AccessLog } from './accessLog';
import { Errno } from './defs';
import { WasiExit, WasiHostError, WasiLimitExceeded } from './errors';
import * as fs from 'node:fs';
import { DirectoryFd, FileFd, type Fd, type PreopenRoot } from './fdKinds';
import { RIGHTS_DIRECTORY_BASE } from './defs';
import { DirListingCache } from './readdir';
import { GuestFault, GuestMemory, encodeUtf8 } from './memory';
import type { ClockProvider, RandomProvider } from './providers';
import { resolvePath, type Resolution, type ResolverFs, nodeResolverFs } from './pathResolver';

export class FdTable {
  private readonly slots: (Fd | undefined)[] = [];
  private open = 0;

  constructor(private readonly max: number) {}

  get(fd: number): Fd | undefined {
    return this.slots[fd];
  }

  /** Puts `fd` in the lowest free slot; going over the policy's limit stops the module. */
  add(fd: Fd): number {
    if (this.open >= this.max) {
      throw new WasiLimitExceeded('fds', `more than ${this.max} open file descriptors`);
    }
    let n = this.slots.indexOf(undefined);
    if (n < 0) n = this.slots.length;
    this.slots[n] = fd;
    this.open += 1;
    return n;
  }

  /**
   * The descriptor at `n`, with a possibly-directory FileFd settled: if it is a directory it is
   * replaced by a DirectoryFd (same rights, narrowed to directory rights) and its host fd closed.
   */
  settled(n: number): Fd | undefined {
    const fd = this.slots[n];
    if (!(fd instanceof FileFd) || !fd.maybeDirectory) return fd;
    fd.maybeDirectory = false;
    let isDir = false;
    try {
      isDir = fs.fstatSync(fd.hostFd).isDirectory();
    } catch {
      return fd;
    }
    if (!isDir) return fd;
    const dir = new DirectoryFd(fd.root, fd.components, fd.target, fd.hostPath, fd.rightsBase & RIGHTS_DIRECTORY_BASE, fd.rightsInheriting);
    dir.flags = fd.flags;
    fd.close();
    this.slots[n] = dir;
    return dir;
  }

  /** Throws the limit error now if adding a descriptor would go over it (before the host opens anything). */
  reserve(): void {
    if (this.open >= this.max) throw new WasiLimitExceeded('fds', `more than ${this.max} open file descriptors`);
  }

  /** Places `fd` at a fixed number (stdio, preopens at start-up). */
  set(n: number, fd: Fd): void {
    if (this.slots[n] === undefined) this.open += 1;
    while (this.slots.length < n) this.slots.push(undefined);
    this.slots[n] = fd;
  }

  remove(n: number): Fd | undefined {
    const fd = this.slots[n];
    if (fd === undefined) return undefined;
    this.slots[n] = undefined;
    this.open -= 1;
    while (this.slots.length > 0 && this.slots[this.slots.length - 1] === undefined) this.slots.pop();
    return fd;
  }

  /** Moves `from` onto `to`, closing what was at `to`; returns the replaced descriptor. */
  renumber(from: number, to: number): Fd | undefined {
    const fd = this.slots[from];
    const old = this.slots[to];
    if (fd === undefined || old === undefined) return undefined;
    this.slots[to] = fd;
    this.slots[from] = undefined;
    this.open -= 1;
    while (this.slots.length > 0 && this.slots[this.slots.length - 1] === undefined) this.slots.pop();
    return old;
  }

  entries(): [number, Fd][] {
    const out: [number, Fd][] = [];
    this.slots.forEach((fd, n) => { if (fd !== undefined) out.push([n, fd]); });
    return out;
  }
}

export interface ContextOptions {
  readonly policy: Policy;
  readonly preopens: readonly PreopenRoot[];
  readonly clock: ClockProvider;
  readonly random: RandomProvider;
  readonly log: AccessLog;
  readonly resolverFs?: ResolverFs;
  readonly bufferWrites?: boolean;
}

export class HostContext {
  readonly mem: GuestMemory;
  readonly fds: FdTable;
  readonly policy: Policy;
  readonly preopens: readonly PreopenRoot[];
  readonly clock: ClockProvider;
  readonly random: RandomProvider;
  readonly log: AccessLog;
  readonly resolverFs: ResolverFs;
  /** Arguments and environment encoded once, so sizes and contents always agree (UTF-8 bytes + NUL). */
  readonly argBytes: Uint8Array[];
  readonly envBytes: Uint8Array[];
  readonly envNames: string[];
  exitCode: number | undefined;
  /** Recent directory listings (fd_readdir), revalidated on every use. */
  readonly dirCache = new DirListingCache();
  /** Gather small fd_writes to regular files (WasiHostOptions.bufferFileWrites, FileFd's `pending`). */
  readonly bufferWrites: boolean;
  /** The one descriptor whose written bytes may still be in memory. */
  private pendingFile: FileFd | undefined;
  private deadline = Infinity;
  private readonly timeoutMs: number | undefined;

  constructor(options: ContextOptions) {
    this.policy = options.policy;
    this.preopens = options.preopens;
    this.clock = options.clock;
    this.random = options.random;
    this.log = options.log;
    this.resolverFs = options.resolverFs ?? nodeResolverFs;
    this.bufferWrites = options.bufferWrites === true;
    this.mem = new GuestMemory(options.policy.limits.maxMemoryBytes);
    this.fds = new FdTable(options.policy.limits.maxOpenFds);
    this.argBytes = options.policy.args.map((a) => encodeUtf8(a + '\0'));
    this.envNames = Object.keys(options.policy.env);
    this.envBytes = this.envNames.map((k) => encodeUtf8(`${k}=${options.policy.env[k]}\0`));
    this.timeoutMs = options.policy.limits.timeoutMs;
  }

  /** Milliseconds left of the wall-clock budget (Infinity without one), so a blocking wait can end at the deadline. */
  remainingMs(): number {
    return this.deadline === Infinity ? Infinity : Math.max(0, this.deadline - Date.now());
  }

  /** Starts the wall-clock budget; called when the module starts running. */
  startTimer(): void {
    if (this.timeoutMs !== undefined) this.deadline = Date.now() + this.timeoutMs;
  }

  /**
   * Runs at the start of each WASI call: limits first, then fresh memory views. Every call but
   * fd_write (`keepPendingWrites`) first writes out gathered bytes, so no call can observe them missing.
   */
  enter(keepPendingWrites = false): void {
    if (this.deadline !== Infinity && Date.now() > this.deadline) {
      throw new WasiLimitExceeded('timeout', `wall-clock timeout of ${this.timeoutMs} ms exceeded`);
    }
    this.mem.refresh();
    if (this.pendingFile !== undefined && !keepPendingWrites) this.flushWrites();
  }

  /**
   * Called by fd_write before writing to `fd`: a write to another descriptor first writes out the
   * gathered bytes (output keeps its order across files and streams), and a regular file starts
   * gathering when buffering is on.
   */
  beforeWrite(fd: Fd): void {
    if (this.pendingFile !== undefined && this.pendingFile !== fd) this.flushWrites();
    if (this.bufferWrites && fd instanceof FileFd) {
      fd.bufferWrites();
      this.pendingFile = fd;
    }
  }

  /** Writes out gathered bytes; a failure is reported by that descriptor's next write, sync or close. */
  flushWrites(): void {
    const file = this.pendingFile;
    if (file === undefined) return;
    this.pendingFile = undefined;
    const errno = file.flushPending();
    if (errno < 0) file.deferError(-errno);
  }

  /** Turns an exception escaping a handler into the call's result, or lets it unwind the module. */
  fail(call: string, err: unknown): number {
    if (err instanceof GuestFault) return Errno.fault;
    if (err instanceof WasiExit || err instanceof WasiLimitExceeded || err instanceof WasiHostError) throw err;
    throw new WasiHostError(call, err);
  }

  /** Resolves a guest path below a directory descriptor; refusals are returned, not thrown. */
  resolve(dir: DirectoryFd, path: string, followFinal: boolean): Resolution {
    // A single name that is not followed resolves without looking at the file system, so the result
    // depends only on (dir, path) and can be reused.
    if (!followFinal && path === dir.lastNameIn) return dir.lastNameOut as Resolution;
    const res = resolvePath(dir.root, dir.components, path, { followFinal }, this.resolverFs);
    if (!followFinal && res.errno === 0 && path.indexOf('/') < 0 && path !== '.' && path !== '..') {
      dir.lastNameIn = path;
      dir.lastNameOut = res;
    }
    return res;
  }

  /** The guest-visible spelling of `path` below `dir`, for access records. */
  guestPath(dir: DirectoryFd, path: string): string {
    if (path === dir.lastGuestIn) return dir.lastGuestOut;
    const base = dir.target;
    const out = base.endsWith('/') ? base + path : `${base}/${path}`;
    dir.lastGuestIn = path;
    dir.lastGuestOut = out;
    return out;
  }

  denyOn(call: string, capability: Capability, target: string | undefined, errno: number, reason: string, hostPath?: string): number {
    this.log.deny(call, capability, target, errno, reason, hostPath);
    return errno;
  }
}
