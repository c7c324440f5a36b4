// Directory listings for fd_readdir: `.` and `..` first (as wasmtime and POSIX readdir give them),
// then the entries with their types.
//
// Every d_ino is 0, "unknown". Node's readdir gives no inode numbers, and an lstat per entry would
// cost several times what the listing itself costs (a first walk of 1,000 entries went from about
// 2 ms to 10 ms), making every directory walk slower than node:wasi, which reports 0 as well. Zero is
// the "unknown" value guests expect: wasi-libc's readdir stats the entry itself when it sees 0 (newer
// releases; older ones pass the 0 on), Go's wasip1 port accepts it, and preview2 directory entries
// carry no inode at all. path_filestat_get and fd_filestat_get still give the real inode.
//
// Repeated walks of the same directory reuse the previous listing when the directory is provably
// unchanged: same inode, ctime and mtime, and both were already "quiet" when the listing was taken,
// i.e. older than the file system's timestamp granularity with a wide margin, so that a later change
// cannot hide inside the same timestamp tick (git's "racy" check). Nanosecond timestamps (ext4, tmpfs,
// xfs, btrfs: a coarse clock tick of at most 10 ms) need 100 ms of quiet; timestamps that look
// whole-millisecond (maybe a coarse file system) need 2.5 s. Names and types only change through the
// directory, which updates both its times.
import * as fs from 'node:fs';
import { Filetype, Layout } from './defs';
import { hostErrno } from './errors';
import type { DirListing, DirectoryFd } from './fdKinds';

/** One name of a listing before it is serialised. */
interface DirEntry {
  /** The name's UTF-8 bytes; an ASCII name (nearly all) is kept as the string, whose length is its byte length. */
  readonly name: string | Uint8Array;
  readonly type: Filetype;
}

const encoder = new TextEncoder();
const HEAD: readonly DirEntry[] = [
  { name: '.', type: Filetype.directory },
  { name: '..', type: Filetype.directory },
];
const QUIET_FINE_NS = 100_000_000n;
const QUIET_COARSE_NS = 2_500_000_000n;
const CACHE_DIRS = 256;

interface CachedListing {
  readonly ino: bigint;
  readonly ctimeNs: bigint;
  readonly mtimeNs: bigint;
  readonly listing: DirListing;
}

/** Per-host cache of serialised directory listings, keyed by host directory path. */
export class DirListingCache {
  private readonly map = new Map<string, CachedListing>();

  constructor(readonly nowNs: () => bigint = () => BigInt(Date.now()) * 1_000_000n) {}

  lookup(hostPath: string, self: fs.BigIntStats): DirListing | undefined {
    const c = this.map.get(hostPath);
    if (c === undefined || c.ino !== self.ino || c.ctimeNs !== self.ctimeNs || c.mtimeNs !== self.mtimeNs) return undefined;
    return c.listing;
  }

  store(hostPath: string, self: fs.BigIntStats, listing: DirListing, nowNs: bigint): void {
    const coarse = self.ctimeNs % 1_000_000n === 0n || self.mtimeNs % 1_000_000n === 0n;
    const quiet = coarse ? QUIET_COARSE_NS : QUIET_FINE_NS;
    if (nowNs - self.ctimeNs < quiet || nowNs - self.mtimeNs < quiet) return;
    if (this.map.size >= CACHE_DIRS) this.map.delete(this.map.keys().next().value as string);
    this.map.set(hostPath, { ino: self.ino, ctimeNs: self.ctimeNs, mtimeNs: self.mtimeNs, listing });
  }
}

function direntType(d: fs.Dirent<string> | fs.Dirent<Buffer>): Filetype {
  if (d.isFile()) return Filetype.regularFile;
  if (d.isDirectory()) return Filetype.directory;
  if (d.isSymbolicLink()) return Filetype.symbolicLink;
  if (d.isCharacterDevice()) return Filetype.characterDevice;
  if (d.isBlockDevice()) return Filetype.blockDevice;
  if (d.isSocket()) return Filetype.socketStream;
  return Filetype.unknown;
}

/** A snapshot of the directory, or an errno. */
export function listDirectory(dir: DirectoryFd, cache: DirListingCache): DirListing | number {
  try {
    const self = fs.lstatSync(dir.hostPath, { bigint: true });
    const cached = cache.lookup(dir.hostPath, self);
    if (cached !== undefined) return cached;
    const listing = serialise(readEntries(dir.hostPath));
    cache.store(dir.hostPath, self, listing, cache.nowNs());
    return listing;
  } catch (err) {
    return hostErrno(err);
  }
}

/** `.`, `..` and `entries` as dirents; entry n's d_next (its cookie) is n + 1, d_ino is 0. */
function serialise(entries: readonly DirEntry[]): DirListing {
  const all = HEAD.concat(entries);
  const offsets = new Uint32Array(all.length + 1);
  let size = 0;
  for (let i = 0; i < all.length; i++) {
    offsets[i] = size;
    size += Layout.dirent.size + all[i].name.length;
  }
  offsets[all.length] = size;
  const bytes = new Uint8Array(size);
  const dv = new DataView(bytes.buffer);
  for (let i = 0; i < all.length; i++) {
    const at = offsets[i];
    const { name, type } = all[i];
    dv.setUint32(at + Layout.dirent.next, i + 1, true);
    dv.setUint32(at + Layout.dirent.namlen, name.length, true);
    bytes[at + Layout.dirent.type] = type;
    const nameAt = at + Layout.dirent.size;
    if (typeof name !== 'string') bytes.set(name, nameAt);
    else for (let j = 0; j < name.length; j++) bytes[nameAt + j] = name.charCodeAt(j);
  }
  return { bytes, offsets };
}

/**
 * The entries of a directory. Names are read as strings, which Node builds far faster than a
 * Buffer per name; ASCII names (nearly all) are kept as strings and written byte by byte. Names
 * that are not valid UTF-8 come back with U+FFFD in them, so a listing with any U+FFFD is read
 * again as bytes, which keeps every name exact.
 */
function readEntries(hostPath: string): DirEntry[] {
  const listing = fs.readdirSync(hostPath, { withFileTypes: true });
  const entries = new Array<DirEntry>(listing.length);
  // Indexed loops: this runs once per entry on a fresh walk, mostly before the JIT has warmed up,
  // where the iterator protocol is noticeably slower.
  for (let i = 0; i < listing.length; i++) {
    const d = listing[i];
    const name = d.name;
    if (isAscii(name)) entries[i] = { name, type: direntType(d) };
    else if (name.indexOf('\ufffd') >= 0) return readEntriesAsBytes(hostPath);
    else entries[i] = { name: encoder.encode(name), type: direntType(d) };
  }
  return entries;
}

function readEntriesAsBytes(hostPath: string): DirEntry[] {
  const listing = fs.readdirSync(hostPath, { withFileTypes: true, encoding: 'buffer' });
  const entries = new Array<DirEntry>(listing.length);
  for (let i = 0; i < listing.length; i++) {
    const name = listing[i].name;
    entries[i] = { name: new Uint8Array(name.buffer, name.byteOffset, name.length), type: direntType(listing[i]) };
  }
  return entries;
}

function isAscii(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) > 0x7f) return false;
  return true;
}
