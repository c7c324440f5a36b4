// The directory-listing cache never serves a stale listing: a directory changed since it was listed
// (or too recently changed to be trusted) is read again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { harness, makePolicy, preopen, tempDir } from './helpers';
import { DirListingCache, listDirectory } from '../../../debug-adapter/src/wasi/readdir';
import { DirectoryFd, type DirListing } from '../../../debug-adapter/src/wasi/fdKinds';

/** The dirents of one fd_readdir call on fd 3 from cookie 0, in listing order: name bytes and d_ino. */
function dirents(h: ReturnType<typeof harness>): { name: Buffer; ino: bigint }[] {
  const buf = h.mem.alloc(4096, 8);
  const used = h.mem.alloc(4, 4);
  assert.equal(h.call('fd_readdir', 3, buf, 4096, 0n, used), 0);
  const out: { name: Buffer; ino: bigint }[] = [];
  for (let off = 0; off < h.mem.u32(used);) {
    const len = h.mem.u32(buf + off + 16);
    out.push({ name: Buffer.from(h.mem.bytes.slice(buf + off + 24, buf + off + 24 + len)), ino: h.mem.u64(buf + off + 8) });
    off += 24 + len;
  }
  return out;
}

function names(h: ReturnType<typeof harness>): string[] {
  return dirents(h).map((d) => d.name.toString()).sort();
}

test('a quiet directory is served from the cache, a changed one is listed again', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a'), '');
  const old = new Date(Date.now() - 10_000);
  fs.utimesSync(dir, old, old);
  const h = harness(makePolicy({ preopens: [preopen(dir, '/d')] }));
  assert.deepEqual(names(h), ['.', '..', 'a']);
  assert.deepEqual(names(h), ['.', '..', 'a']);
  fs.writeFileSync(path.join(dir, 'b'), '');
  assert.deepEqual(names(h), ['.', '..', 'a', 'b']);
  fs.unlinkSync(path.join(dir, 'a'));
  assert.deepEqual(names(h), ['.', '..', 'b']);
  fs.renameSync(path.join(dir, 'b'), path.join(dir, 'c'));
  assert.deepEqual(names(h), ['.', '..', 'c']);
});

test('dirents report inode 0 ("unknown"); path_filestat_get gives the real inode', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'f'), '');
  const h = harness(makePolicy({ preopens: [preopen(dir, '/d')] }));
  const byName = new Map(dirents(h).map((d) => [d.name.toString(), d.ino]));
  assert.deepEqual([...byName.keys()].sort(), ['.', '..', 'f']);
  for (const ino of byName.values()) assert.equal(ino, 0n);
  const [namePtr, nameLen] = h.mem.data('f');
  const stat = h.mem.alloc(64, 8);
  assert.equal(h.call('path_filestat_get', 3, 0, namePtr, nameLen, stat), 0);
  assert.equal(h.mem.u64(stat + 8), BigInt(fs.statSync(path.join(dir, 'f')).ino));
});

test('the cache is used for an unchanged quiet directory and dropped when the directory changes', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a'), '');
  // An old mtime guarantees that adding a file below changes it, whatever the timestamp granularity.
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(dir, old, old);
  // A clock far in the future makes every directory "quiet", so the cache is allowed to keep it.
  const cache = new DirListingCache(() => BigInt(Date.now() + 3_600_000) * 1_000_000n);
  const fd = new DirectoryFd({ host: dir, guest: '/d', readonly: false }, [], '/d', dir, 0, 0);
  const first = listDirectory(fd, cache);
  const second = listDirectory(fd, cache);
  assert.ok(typeof first !== 'number' && typeof second !== 'number');
  assert.equal(second, first, 'second listing is the cached one');
  fs.writeFileSync(path.join(dir, 'b'), '');
  const third = listDirectory(fd, cache);
  assert.ok(typeof third !== 'number');
  assert.deepEqual(namesOf(third).sort(), ['.', '..', 'a', 'b']);
  // A directory changed 1 ms before the listing is never cached.
  const strict = new DirListingCache(() => fs.statSync(dir, { bigint: true }).ctimeNs + 1_000_000n);
  const x = listDirectory(fd, strict);
  const y = listDirectory(fd, strict);
  assert.ok(typeof x !== 'number' && typeof y !== 'number');
  assert.notEqual(y, x);
  assert.deepEqual(namesOf(y), namesOf(x));
});

/** The names of a serialised listing, in order. */
function namesOf(listing: DirListing): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < listing.offsets.length; i++) {
    const at = listing.offsets[i];
    const len = new DataView(listing.bytes.buffer).getUint32(at + 16, true);
    out.push(Buffer.from(listing.bytes.subarray(at + 24, at + 24 + len)).toString());
  }
  return out;
}

test('names come back byte for byte: ASCII, other UTF-8, a real U+FFFD and bytes that are not UTF-8', () => {
  const dir = tempDir();
  const names = [Buffer.from('plain.txt'), Buffer.from('ünïcödé'), Buffer.from('repl\u{fffd}acement'), Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe])];
  const listed = (): Buffer[] => dirents(harness(makePolicy({ preopens: [preopen(dir, '/d')] }))).map((d) => d.name).slice(2).sort(Buffer.compare);
  // Without the non-UTF-8 name the listing is read as strings; with it, as bytes.
  for (const n of names.slice(0, 3)) fs.writeFileSync(Buffer.concat([Buffer.from(dir + '/'), n]), '');
  assert.deepEqual(listed(), names.slice(0, 3).sort(Buffer.compare));
  fs.writeFileSync(Buffer.concat([Buffer.from(dir + '/'), names[3]]), '');
  assert.deepEqual(listed(), names.slice().sort(Buffer.compare));
});
