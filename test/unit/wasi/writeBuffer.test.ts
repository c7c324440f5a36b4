// Gathered file writes (WasiHostOptions.bufferFileWrites): small fd_writes to a regular file wait in
// memory, and every other call, a write elsewhere, flush() and close() write them out first, so the
// module never sees them missing. These tests look at the host file between calls to prove both halves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERRNO_NAMES } from '../../../debug-adapter/src/wasi/index';
import { FileFd } from '../../../debug-adapter/src/wasi/fdKinds';
import { harness, makePolicy, preopen, tempDir } from './helpers';

const E = (name: (typeof ERRNO_NAMES)[number]): number => ERRNO_NAMES.indexOf(name);
const R_READ = 1n << 1n;
const R_SEEK = 1n << 2n;
const R_FDSTAT_SET_FLAGS = 1n << 3n;
const R_SYNC = 1n << 4n;
const R_TELL = 1n << 5n;
const R_WRITE = 1n << 6n;
const R_FILESTAT_GET = 1n << 21n;
const RW = R_READ | R_WRITE | R_SEEK | R_TELL | R_SYNC | R_FDSTAT_SET_FLAGS | R_FILESTAT_GET;
const O_CREAT = 1;
const FDFLAG_APPEND = 1, FDFLAG_SYNC = 16;

type H = ReturnType<typeof harness>;

function setup(buffer = true): { dir: string; h: H; file: string } {
  const dir = tempDir();
  const h = harness(makePolicy({ preopens: [preopen(dir, '/sandbox')] }), { bufferFileWrites: buffer });
  return { dir, h, file: path.join(dir, 'out.txt') };
}

function open(h: H, p: string, fdflags = 0): number {
  const [pp, pl] = h.mem.data(p);
  const out = h.mem.alloc(4, 4);
  assert.equal(h.call('path_open', 3, 1, pp, pl, O_CREAT, RW, 0n, fdflags, out), 0);
  return h.mem.u32(out);
}

function write(h: H, fd: number, text: string): number {
  const [iov, n] = h.mem.iovecs([h.mem.data(text)]);
  const out = h.mem.alloc(4, 4);
  const errno = h.call('fd_write', fd, iov, n, out);
  if (errno === 0) assert.equal(h.mem.u32(out), Buffer.byteLength(text));
  return errno;
}

function read(h: H, fd: number, size: number): string {
  const buf = h.mem.alloc(size, 1);
  const [iov, n] = h.mem.iovecs([[buf, size]]);
  const out = h.mem.alloc(4, 4);
  assert.equal(h.call('fd_read', fd, iov, n, out), 0);
  return h.mem.text(buf, h.mem.u32(out));
}

function seek(h: H, fd: number, offset: bigint, whence = 0): void {
  assert.equal(h.call('fd_seek', fd, offset, whence, h.mem.alloc(8, 8)), 0);
}

const onDisk = (file: string): string => fs.readFileSync(file, 'utf8');

test('small writes wait in memory until another call, which sees them all', () => {
  const { h, file } = setup();
  const fd = open(h, 'out.txt');
  for (let i = 0; i < 10; i++) assert.equal(write(h, fd, `line ${i}\n`), 0);
  assert.equal(onDisk(file), '', 'gathered, not yet written');
  const stat = h.mem.alloc(64, 8);
  assert.equal(h.call('fd_filestat_get', fd, stat), 0);
  assert.equal(h.mem.u64(stat + 32), 70n, 'the size the module sees includes every write');
  assert.equal(onDisk(file), Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join(''));
});

test('a second descriptor on the same file reads what the first wrote', () => {
  const { h } = setup();
  const writer = open(h, 'out.txt');
  assert.equal(write(h, writer, 'hello'), 0);
  assert.equal(write(h, writer, ', world'), 0);
  const reader = open(h, 'out.txt');
  assert.equal(read(h, reader, 64), 'hello, world');
});

test('seek, pwrite and read keep their order with gathered writes', () => {
  const { h, file } = setup();
  const fd = open(h, 'out.txt');
  assert.equal(write(h, fd, 'aaaaaaaa'), 0);
  seek(h, fd, 2n);
  assert.equal(write(h, fd, 'BB'), 0);
  const [iov, n] = h.mem.iovecs([h.mem.data('P')]);
  assert.equal(h.call('fd_pwrite', fd, iov, n, 0n, h.mem.alloc(4, 4)), 0);
  assert.equal(write(h, fd, 'cc'), 0);
  seek(h, fd, 0n);
  assert.equal(read(h, fd, 64), 'PaBBccaa');
  assert.equal(onDisk(file), 'PaBBccaa');
});

test('a write to another descriptor writes the gathered bytes out first', () => {
  const { h, file } = setup();
  const fd = open(h, 'out.txt');
  assert.equal(write(h, fd, 'to the file'), 0);
  assert.equal(onDisk(file), '');
  assert.equal(write(h, 1, 'to stdout'), 0);
  assert.equal(onDisk(file), 'to the file');
  assert.equal(h.stdout.text(), 'to stdout');
});

test('flush() and close() write gathered bytes out; fd_close does too', () => {
  const { h, file, dir } = setup();
  const fd = open(h, 'out.txt');
  assert.equal(write(h, fd, 'one'), 0);
  h.host.flush();
  assert.equal(onDisk(file), 'one');
  assert.equal(write(h, fd, 'two'), 0);
  assert.equal(h.call('fd_close', fd), 0);
  assert.equal(onDisk(file), 'onetwo');
  const other = open(h, 'other.txt');
  assert.equal(write(h, other, 'three'), 0);
  h.host.close();
  assert.equal(onDisk(path.join(dir, 'other.txt')), 'three');
});

test('append and sync descriptors, large writes and an unbuffered host write at once', () => {
  const { h, file, dir } = setup();
  const sync = open(h, 'out.txt', FDFLAG_SYNC);
  assert.equal(write(h, sync, 'synced'), 0);
  assert.equal(onDisk(file), 'synced');
  const append = open(h, 'log.txt', FDFLAG_APPEND);
  assert.equal(write(h, append, 'appended'), 0);
  assert.equal(onDisk(path.join(dir, 'log.txt')), 'appended');
  const big = open(h, 'big.txt');
  assert.equal(write(h, big, 'x'.repeat(8192)), 0);
  assert.equal(fs.statSync(path.join(dir, 'big.txt')).size, 8192);

  const plain = setup(false);
  const fd = open(plain.h, 'out.txt');
  assert.equal(write(plain.h, fd, 'direct'), 0);
  assert.equal(onDisk(plain.file), 'direct');
});

test('many writes beyond the buffer land in order', () => {
  const { h, file } = setup();
  const fd = open(h, 'out.txt');
  // One iovec reused for every line (the test memory has no free()).
  const [ptr] = h.mem.data('0000000');
  const [iov, n] = h.mem.iovecs([[ptr, 7]]);
  const out = h.mem.alloc(4, 4);
  let expected = '';
  for (let i = 0; i < 20_000; i++) {
    const line = `${i.toString(16).padStart(6, '0')}\n`;
    expected += line;
    h.mem.bytes.set(Buffer.from(line), ptr);
    assert.equal(h.call('fd_write', fd, iov, n, out), 0);
  }
  assert.ok(fs.statSync(file).size > 0, 'full buffers were written on the way');
  assert.equal(h.call('fd_close', fd), 0);
  assert.equal(onDisk(file), expected);
});

test('a failed write-out is reported by the descriptor\'s next write, sync or close', () => {
  const dir = tempDir();
  const file = path.join(dir, 'f');
  fs.writeFileSync(file, '');
  // A host descriptor opened read-only makes the write-out fail with badf.
  const root = { host: dir, guest: '/d', readonly: false };
  const fd = new FileFd(fs.openSync(file, 'r'), root, '/d/f', file, 0, 0, 0, ['f'], false);
  fd.bufferWrites();
  const bytes = new TextEncoder().encode('lost');
  assert.equal(fd.write(bytes, 0, 4), 4, 'gathered');
  const errno = fd.flushPending();
  assert.equal(errno, -E('badf'));
  fd.deferError(-errno);
  assert.equal(fd.write(bytes, 0, 4), -E('badf'), 'reported once');
  assert.equal(fd.takeDeferredError(), 0);
  fd.close();
});
