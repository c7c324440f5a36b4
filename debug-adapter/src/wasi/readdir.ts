// Directory listings for fd_readdir: `.` and `..` first (as wasmtime and POSIX readdir give them),
// then the entries with their inode numbers, so wasi-libc need not stat each entry again.
//
// Node's readdir gives no inode numbers, so each entry costs an lstat. Repeated walks of the same
// directory reuse the previous listing when the directory is provably unchanged: same inode, ctime
// and mtime, and both were already "quiet" when the listing was taken, i.e. older than the file
// system's timestamp granularity with a wide margin, so that a later change cannot hide inside the
// same timestamp tick (git's "racy" check). Nanosecond timestamps (ext4, tmpfs, xfs, btrfs: a coarse
// clock tick of at most 10 ms) need 100 ms of quiet; timestamps that look whole-millisecond (maybe a
// coarse file system) need 2.5 s. Names, types and inodes only change through the directory, which
// updates both its times.
import * as fs from 'node:fs';
import { Filetype } from './defs';
import { hostErrno } from './errors';
import type { DirEntry, DirectoryFd } from './fdKinds';
import { hostPathOf } from './pathResolver';

const DOT = new TextEncoder().encode('.');
const DOTDOT = new TextEncoder().encode('..');
const QUIET_FINE_NS = 100_000_000n;
const QUIET_COARSE_NS = 2_500_000_000n;
const CACHE_DIRS = 256;

interface CachedListing {
  readonly ino: bigint;
  readonly ctimeNs: bigint;
  readonly mtimeNs: bigint;
  readonly entries: readonly DirEntry[];
}

/** Per-host cache of directory listings (without `.` and `..`), keyed by host directory path. */
export class DirListingCache {
  private readonly map = new Map<string, CachedListing>();

  constructor(readonly nowNs: () => bigint = () => BigInt(Date.now()) * 1_000_000n) {}

  lookup(hostPath: string, self: fs.BigIntStats): readonly DirEntry[] | undefined {
    const c = this.map.get(hostPath);
    if (c === undefined || c.ino !== self.ino || c.ctimeNs !== self.ctimeNs || c.mtimeNs !== self.mtimeNs) return undefined;
    return c.entries;
  }

  store(hostPath: string, self: fs.BigIntStats, entries: readonly DirEntry[], nowNs: bigint): void {
    const coarse = self.ctimeNs % 1_000_000n === 0n || self.mtimeNs % 1_000_000n === 0n;
    const quiet = coarse ? QUIET_COARSE_NS : QUIET_FINE_NS;
    if (nowNs - self.ctimeNs < quiet || nowNs - self.mtimeNs < quiet) return;
    if (this.map.size >= CACHE_DIRS) this.map.delete(this.map.keys().next().value as string);
    this.map.set(hostPath, { ino: self.ino, ctimeNs: self.ctimeNs, mtimeNs: self.mtimeNs, entries });
  }
}

function direntType(d: fs.Dirent<Buffer>): Filetype {
  if (d.isFile()) return Filetype.regularFile;
  if (d.isDirectory()) return Filetype.directory;
  if (d.isSymbolicLink()) return Filetype.symbolicLink;
  if (d.isCharacterDevice()) return Filetype.characterDevice;
  if (d.isBlockDevice()) return Filetype.blockDevice;
  if (d.isSocket()) return Filetype.socketStream;
  return Filetype.unknown;
}

/** An inode number, through a number stat (much cheaper to build) unless it is past 2^53. */
function inodeOf(path: string): bigint {
  const st = fs.lstatSync(path);
  return st.ino > Number.MAX_SAFE_INTEGER ? fs.lstatSync(path, { bigint: true }).ino : BigInt(st.ino);
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return false;
  return true;
}

/** A snapshot of the directory, or an errno. The parent of a preopen root is reported as the root itself. */
export function listDirectory(dir: DirectoryFd, cache: DirListingCache): DirEntry[] | number {
  try {
    const self = fs.lstatSync(dir.hostPath, { bigint: true });
    const parentPath = dir.components.length === 0 ? dir.hostPath : hostPathOf(dir.root, dir.components.slice(0, -1));
    const parentIno = parentPath === dir.hostPath ? self.ino : inodeOf(parentPath);
    const head: DirEntry[] = [
      { name: DOT, ino: self.ino, type: Filetype.directory },
      { name: DOTDOT, ino: parentIno, type: Filetype.directory },
    ];
    const cached = cache.lookup(dir.hostPath, self);
    if (cached !== undefined) return head.concat(cached);
    const entries: DirEntry[] = [];
    const prefix = dir.hostPath === '/' ? '/' : dir.hostPath + '/';
    let base: Buffer | undefined;
    const listing = fs.readdirSync(dir.hostPath, { withFileTypes: true, encoding: 'buffer' });
    // An indexed loop: this runs once per entry on a fresh walk, mostly before the JIT has warmed up,
    // where the iterator protocol is noticeably slower.
    for (let i = 0; i < listing.length; i++) {
      const d = listing[i];
      const name = d.name;
      // ASCII names (nearly all) make the path as a plain string, cheaper than concatenating buffers;
      // other names keep their exact bytes.
      const entryPath = isAscii(name) ? prefix + name.toString('latin1') : Buffer.concat([base ??= Buffer.from(prefix), name]);
      // Number stats are much cheaper to build than bigint ones; only inode numbers past 2^53 need
      // the bigint form to stay exact.
      const st = fs.lstatSync(entryPath, { throwIfNoEntry: false });
      // An entry removed between listing and stat is simply left out.
      if (st === undefined) continue;
      let ino = BigInt(st.ino);
      if (st.ino > Number.MAX_SAFE_INTEGER) {
        const big = fs.lstatSync(entryPath, { bigint: true, throwIfNoEntry: false });
        if (big === undefined) continue;
        ino = big.ino;
      }
      entries.push({ name: new Uint8Array(name.buffer, name.byteOffset, name.length), ino, type: direntType(d) });
    }
    cache.store(dir.hostPath, self, entries, cache.nowNs());
    return head.concat(entries);
  } catch (err) {
    return hostErrno(err);
  }
}
