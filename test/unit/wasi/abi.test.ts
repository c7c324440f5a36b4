// ABI-level tests: the imports are called directly with pointers into a test memory, and the errnos
// and the bytes the host wrote are checked against the preview1 definitions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ERRNO_NAMES, WASI_FUNCTION_NAMES, WasiExit, WasiConfigError } from '../../../debug-adapter/src/wasi/index';
import { harness, makePolicy, preopen, tempDir, flushed } from './helpers';

const E = (name: (typeof ERRNO_NAMES)[number]): number => ERRNO_NAMES.indexOf(name);
const ALL = (1n << 30n) - 1n;
const R_READ = 1n << 1n;
const R_WRITE = 1n << 6n;
const R_SEEK = 1n << 2n;
const R_TELL = 1n << 5n;
const R_READDIR = 1n << 14n;
const O_CREAT = 1, O_DIRECTORY = 2, O_EXCL = 4, O_TRUNC = 8;
const FOLLOW = 1;

function withDir(readonly = false): { dir: string; h: ReturnType<typeof harness> } {
  const dir = tempDir();
  const h = harness(makePolicy({ preopens: [preopen(dir, '/sandbox', readonly)] }));
  return { dir, h };
}

function open(h: ReturnType<typeof harness>, p: string, oflags = 0, base = R_READ | R_SEEK | R_TELL, fdflags = 0, dirflags = FOLLOW): { errno: number; fd: number } {
  const [pp, pl] = h.mem.data(p);
  const out = h.mem.alloc(4, 4);
  const errno = h.call('path_open', 3, dirflags, pp, pl, oflags, base, 0n, fdflags, out);
  return { errno, fd: h.mem.u32(out) };
}

function write(h: ReturnType<typeof harness>, fd: number, ...chunks: string[]): { errno: number; n: number } {
  const iovs = h.mem.iovecs(chunks.map((c) => h.mem.data(c)));
  const out = h.mem.alloc(4, 4);
  const errno = h.call('fd_write', fd, iovs[0], iovs[1], out);
  return { errno, n: h.mem.u32(out) };
}

function read(h: ReturnType<typeof harness>, fd: number, size: number): { errno: number; text: string } {
  const buf = h.mem.alloc(size, 1);
  const [iov, count] = h.mem.iovecs([[buf, size]]);
  const out = h.mem.alloc(4, 4);
  const errno = h.call('fd_read', fd, iov, count, out);
  return { errno, text: h.mem.text(buf, h.mem.u32(out)) };
}

test('the import object has every preview1 function', () => {
  const h = harness(makePolicy());
  assert.equal(WASI_FUNCTION_NAMES.length, 46);
  for (const name of WASI_FUNCTION_NAMES) assert.equal(typeof (h.host.imports.wasi_snapshot_preview1 as Record<string, unknown>)[name], 'function', name);
});

test('fd_write gathers iovecs to stdout and reports the count', () => {
  const h = harness(makePolicy());
  const r = write(h, 1, 'hello, ', 'world\n');
  assert.equal(r.errno, 0);
  assert.equal(r.n, 13);
  assert.equal(h.stdout.text(), 'hello, world\n');
  assert.equal(write(h, 2, 'err').errno, 0);
  assert.equal(h.stderr.text(), 'err');
});

test('fd_write to stdin is refused for lack of the right, and to a closed fd with badf', () => {
  const h = harness(makePolicy());
  assert.equal(write(h, 0, 'x').errno, E('notcapable'));
  assert.equal(write(h, 42, 'x').errno, E('badf'));
});

test('args sizes count UTF-8 bytes, and args_get writes NUL-terminated strings', () => {
  const h = harness(makePolicy({ args: ['prog', 'wörld', ''] }));
  const sizes = h.mem.alloc(8, 4);
  assert.equal(h.call('args_sizes_get', sizes, sizes + 4), 0);
  assert.equal(h.mem.u32(sizes), 3);
  assert.equal(h.mem.u32(sizes + 4), 5 + 7 + 1);
  const argv = h.mem.alloc(12, 4);
  const buf = h.mem.alloc(13, 1);
  assert.equal(h.call('args_get', argv, buf), 0);
  assert.equal(h.mem.u32(argv), buf);
  assert.equal(h.mem.text(h.mem.u32(argv + 4), 6), 'wörld');
  assert.equal(h.mem.u8(h.mem.u32(argv + 4) + 6), 0);
  assert.equal(h.mem.u32(argv + 8), buf + 12);
});

test('environ lists only the policy variables and records each by name', () => {
  const h = harness(makePolicy({ env: { A: '1', LANG: 'ü' } }));
  const sizes = h.mem.alloc(8, 4);
  assert.equal(h.call('environ_sizes_get', sizes, sizes + 4), 0);
  assert.equal(h.mem.u32(sizes), 2);
  assert.equal(h.mem.u32(sizes + 4), 4 + 8);
  const list = h.mem.alloc(8, 4);
  const buf = h.mem.alloc(12, 1);
  assert.equal(h.call('environ_get', list, buf), 0);
  assert.equal(h.mem.text(h.mem.u32(list + 4), 7), 'LANG=ü');
  const targets = flushed(h).filter((r) => r.call === 'environ_get').map((r) => r.target);
  assert.deepEqual(targets, ['A', 'LANG']);
});

test('a pointer outside memory gives fault, not an exception', () => {
  const h = harness(makePolicy());
  assert.equal(h.call('args_sizes_get', 65536 - 2, 0), E('fault'));
  assert.equal(h.call('random_get', 65530, 100), E('fault'));
  assert.equal(h.call('clock_time_get', 1, 0n, -8), E('fault'));
});

test('clock_time_get: known clocks succeed, an unknown clock is inval', () => {
  const h = harness(makePolicy());
  const out = h.mem.alloc(8);
  for (const id of [0, 1, 2, 3]) assert.equal(h.call('clock_time_get', id, 1n, out), 0, `clock ${id}`);
  assert.ok(h.mem.u64(out) >= 0n);
  assert.equal(h.call('clock_time_get', 0, 1n, out), 0);
  assert.ok(h.mem.u64(out) > 1_600_000_000_000_000_000n);
  assert.equal(h.call('clock_time_get', 4, 1n, out), E('inval'));
  assert.equal(h.call('clock_res_get', 1, out), 0);
  assert.ok(h.mem.u64(out) > 0n);
  assert.equal(h.call('clock_res_get', 99, out), E('inval'));
});

test('random_get fills the buffer', () => {
  const h = harness(makePolicy());
  const buf = h.mem.alloc(64, 1);
  assert.equal(h.call('random_get', buf, 64), 0);
  assert.ok(h.mem.bytes.subarray(buf, buf + 64).some((b) => b !== 0));
});

test('proc_exit unwinds with WasiExit and is recorded; proc_raise is nosys; sched_yield succeeds', () => {
  const h = harness(makePolicy());
  assert.throws(() => h.call('proc_exit', 7), (e: unknown) => e instanceof WasiExit && e.code === 7);
  assert.equal(h.host.exitCode, 7);
  assert.ok(flushed(h).some((r) => r.call === 'proc_exit' && r.target === 'exit(7)'));
  assert.equal(h.call('proc_raise', 6), E('nosys'));
  assert.equal(h.call('sched_yield'), 0);
});

test('prestat describes preopens; other fds are badf; a short name buffer is nametoolong', () => {
  const { h } = withDir();
  const out = h.mem.alloc(8, 4);
  assert.equal(h.call('fd_prestat_get', 3, out), 0);
  assert.equal(h.mem.u8(out), 0);
  assert.equal(h.mem.u32(out + 4), '/sandbox'.length);
  const name = h.mem.alloc(16, 1);
  assert.equal(h.call('fd_prestat_dir_name', 3, name, 16), 0);
  assert.equal(h.mem.text(name, 8), '/sandbox');
  assert.equal(h.call('fd_prestat_dir_name', 3, name, 3), E('nametoolong'));
  assert.equal(h.call('fd_prestat_get', 4, out), E('badf'));
  assert.equal(h.call('fd_prestat_get', 1, out), E('badf'));
});

test('path_open creates, writes, seeks, reads back and closes a file', () => {
  const { dir, h } = withDir();
  const w = open(h, 'a.txt', O_CREAT | O_TRUNC, R_READ | R_WRITE | R_SEEK | R_TELL);
  assert.equal(w.errno, 0);
  assert.equal(w.fd, 4);
  assert.deepEqual(write(h, w.fd, 'abc', 'def'), { errno: 0, n: 6 });
  assert.equal(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8'), 'abcdef');
  const pos = h.mem.alloc(8);
  assert.equal(h.call('fd_seek', w.fd, 2n, 0, pos), 0);
  assert.equal(h.mem.u64(pos), 2n);
  assert.deepEqual(read(h, w.fd, 10), { errno: 0, text: 'cdef' });
  assert.equal(h.call('fd_tell', w.fd, pos), 0);
  assert.equal(h.mem.u64(pos), 6n);
  assert.equal(h.call('fd_seek', w.fd, -1n, 2, pos), 0);
  assert.equal(h.mem.u64(pos), 5n);
  assert.equal(h.call('fd_seek', w.fd, -10n, 1, pos), E('inval'));
  assert.equal(h.call('fd_seek', w.fd, 0n, 7, pos), E('inval'));
  assert.equal(h.call('fd_close', w.fd), 0);
  assert.equal(h.call('fd_close', w.fd), E('badf'));
});

test('path_open flags: excl on existing → exist, missing without creat → noent, directory on a file → notdir', () => {
  const { dir, h } = withDir();
  fs.writeFileSync(path.join(dir, 'f'), 'x');
  assert.equal(open(h, 'f', O_CREAT | O_EXCL, R_READ | R_WRITE).errno, E('exist'));
  assert.equal(open(h, 'missing').errno, E('noent'));
  assert.equal(open(h, 'f', O_DIRECTORY).errno, E('notdir'));
  assert.equal(open(h, 'f/').errno, E('notdir'));
  fs.mkdirSync(path.join(dir, 'd'));
  assert.equal(open(h, 'd', 0, R_READ | R_WRITE).errno, E('isdir'));
  const d = open(h, 'd', O_DIRECTORY, R_READDIR);
  assert.equal(d.errno, 0);
  const stat = h.mem.alloc(24);
  assert.equal(h.call('fd_fdstat_get', d.fd, stat), 0);
  assert.equal(h.mem.u8(stat), 3);
});

test('path_open with O_TRUNC empties the file and append writes at the end', () => {
  const { dir, h } = withDir();
  fs.writeFileSync(path.join(dir, 'f'), 'hello');
  const t = open(h, 'f', O_TRUNC, R_WRITE);
  assert.equal(t.errno, 0);
  assert.equal(fs.readFileSync(path.join(dir, 'f'), 'utf8'), '');
  assert.equal(write(h, t.fd, 'one').errno, 0);
  const a = open(h, 'f', 0, R_WRITE | R_TELL, 1);
  assert.equal(write(h, a.fd, 'two').errno, 0);
  assert.equal(fs.readFileSync(path.join(dir, 'f'), 'utf8'), 'onetwo');
  const pos = h.mem.alloc(8);
  assert.equal(h.call('fd_tell', a.fd, pos), 0);
  assert.equal(h.mem.u64(pos), 6n);
});

test('fd_pread / fd_pwrite do not move the position', () => {
  const { h } = withDir();
  const f = open(h, 'p', O_CREAT, R_READ | R_WRITE | R_SEEK | R_TELL);
  const [iov, n] = h.mem.iovecs([h.mem.data('0123456789')]);
  const out = h.mem.alloc(4, 4);
  assert.equal(h.call('fd_pwrite', f.fd, iov, n, 0n, out), 0);
  assert.equal(h.mem.u32(out), 10);
  const buf = h.mem.alloc(4, 1);
  const [riov, rn] = h.mem.iovecs([[buf, 4]]);
  assert.equal(h.call('fd_pread', f.fd, riov, rn, 3n, out), 0);
  assert.equal(h.mem.text(buf, 4), '3456');
  const pos = h.mem.alloc(8);
  assert.equal(h.call('fd_tell', f.fd, pos), 0);
  assert.equal(h.mem.u64(pos), 0n);
  assert.equal(h.call('fd_pread', 1, riov, rn, 0n, out), E('notcapable'));
});

test('fd_fdstat_set_rights only narrows, and narrowed rights are enforced', () => {
  const { h } = withDir();
  const f = open(h, 'r', O_CREAT, R_READ | R_WRITE);
  const st = h.mem.alloc(24);
  assert.equal(h.call('fd_fdstat_get', f.fd, st), 0);
  assert.equal(h.mem.u8(st), 4);
  assert.equal(h.mem.u64(st + 8), R_READ | R_WRITE);
  assert.equal(h.call('fd_fdstat_set_rights', f.fd, R_READ, 0n), 0);
  assert.equal(write(h, f.fd, 'x').errno, E('notcapable'));
  assert.equal(h.call('fd_fdstat_set_rights', f.fd, R_READ | R_WRITE, 0n), E('notcapable'));
  assert.equal(h.call('fd_fdstat_get', f.fd, st), 0);
  assert.equal(h.mem.u64(st + 8), R_READ);
});

test('path_open narrows extra requested rights to the inheritable ones, but refuses read/write it cannot pass on', () => {
  const { dir, h } = withDir(true);
  fs.writeFileSync(path.join(dir, 'x'), 'data');
  // Rust's std asks for every path right even for a read-only open: the open succeeds, narrowed.
  const r = open(h, 'x', 0, ALL & ~R_WRITE & ~(1n << 8n) & ~(1n << 22n) & ~(1n << 0n));
  assert.equal(r.errno, 0);
  const st = h.mem.alloc(24);
  assert.equal(h.call('fd_fdstat_get', r.fd, st), 0);
  assert.equal(h.mem.u64(st + 8) & (1n << 23n), 0n, 'fd_filestat_set_times was narrowed away');
  assert.equal(h.mem.u64(st + 8) & R_READ, R_READ);
  assert.deepEqual(read(h, r.fd, 10), { errno: 0, text: 'data' });
  // Narrow the preopen itself: files below it can no longer be opened for reading.
  assert.equal(h.call('fd_fdstat_set_rights', 3, (1n << 13n), 0n), 0);
  assert.equal(open(h, 'x', 0, R_READ).errno, E('notcapable'));
});

test('fd_readdir lists entries with cookies and cuts the last entry at the buffer end', () => {
  const { dir, h } = withDir();
  for (const n of ['a', 'bb', 'ccc']) fs.writeFileSync(path.join(dir, n), n);
  const buf = h.mem.alloc(4096, 8);
  const used = h.mem.alloc(4, 4);
  assert.equal(h.call('fd_readdir', 3, buf, 4096, 0n, used), 0);
  const names: string[] = [];
  let off = 0;
  const total = h.mem.u32(used);
  while (off < total) {
    const namlen = h.mem.u32(buf + off + 16);
    names.push(h.mem.text(buf + off + 24, namlen));
    // d_ino is 0, "unknown" (readdir.ts says why).
    assert.equal(h.mem.u64(buf + off + 8), 0n);
    off += 24 + namlen;
  }
  assert.deepEqual(names.slice(0, 2), ['.', '..']);
  assert.deepEqual(names.slice().sort(), ['.', '..', 'a', 'bb', 'ccc']);
  // Resume from cookie 3 (after three entries): two entries remain.
  assert.equal(h.call('fd_readdir', 3, buf, 4096, 3n, used), 0);
  const rest = names.slice(3).reduce((sum, n) => sum + 24 + Buffer.byteLength(n), 0);
  assert.equal(h.mem.u32(used), rest);
  // A buffer smaller than one entry is filled completely (bufused == buf_len means "more").
  assert.equal(h.call('fd_readdir', 3, buf, 10, 0n, used), 0);
  assert.equal(h.mem.u32(used), 10);
  assert.equal(h.call('fd_readdir', 1, buf, 10, 0n, used), E('notcapable'));
});

test('path_filestat_get and fd_filestat_get report type and size; set_times sets mtime', () => {
  const { dir, h } = withDir();
  fs.writeFileSync(path.join(dir, 's'), '12345');
  const [pp, pl] = h.mem.data('s');
  const st = h.mem.alloc(64);
  assert.equal(h.call('path_filestat_get', 3, FOLLOW, pp, pl, st), 0);
  assert.equal(h.mem.u8(st + 16), 4);
  assert.equal(h.mem.u64(st + 32), 5n);
  assert.equal(h.call('path_filestat_set_times', 3, FOLLOW, pp, pl, 0n, 1_000_000_000_000_000_000n, 4), 0);
  assert.equal(Math.round(fs.statSync(path.join(dir, 's')).mtimeMs), 1_000_000_000_000);
  assert.equal(h.call('path_filestat_set_times', 3, FOLLOW, pp, pl, 0n, 0n, 1 | 2), E('inval'));
  const f = open(h, 's', 0, R_READ | (1n << 21n));
  assert.equal(h.call('fd_filestat_get', f.fd, st), 0);
  assert.equal(h.mem.u64(st + 32), 5n);
  assert.equal(h.call('fd_filestat_set_size', f.fd, 2n), E('notcapable'));
  const g = open(h, 's', 0, R_WRITE | (1n << 22n));
  assert.equal(h.call('fd_filestat_set_size', g.fd, 2n), 0);
  assert.equal(fs.readFileSync(path.join(dir, 's'), 'utf8'), '12');
  assert.equal(h.call('fd_filestat_get', 1, st), 0);
});

test('directory operations: mkdir, rename, link, symlink, readlink, unlink, rmdir', () => {
  const { dir, h } = withDir();
  const s = (t: string): [number, number] => h.mem.data(t);
  assert.equal(h.call('path_create_directory', 3, ...s('d')), 0);
  assert.equal(h.call('path_create_directory', 3, ...s('d')), E('exist'));
  fs.writeFileSync(path.join(dir, 'd', 'f'), 'x');
  assert.equal(h.call('path_rename', 3, ...s('d/f'), 3, ...s('g')), 0);
  assert.ok(fs.existsSync(path.join(dir, 'g')));
  assert.equal(h.call('path_link', 3, 0, ...s('g'), 3, ...s('h')), 0);
  assert.equal(fs.statSync(path.join(dir, 'h')).nlink, 2);
  assert.equal(h.call('path_symlink', ...s('g'), 3, ...s('l')), 0);
  const buf = h.mem.alloc(16, 1);
  const used = h.mem.alloc(4, 4);
  assert.equal(h.call('path_readlink', 3, ...s('l'), buf, 16, used), 0);
  assert.equal(h.mem.text(buf, h.mem.u32(used)), 'g');
  assert.equal(h.call('path_unlink_file', 3, ...s('l')), 0);
  assert.equal(h.call('path_unlink_file', 3, ...s('d')), E('isdir'));
  assert.equal(h.call('path_remove_directory', 3, ...s('g')), E('notdir'));
  assert.equal(h.call('path_remove_directory', 3, ...s('d')), 0);
  assert.equal(h.call('path_remove_directory', 3, ...s('.')), E('notcapable'));
  assert.ok(!fs.existsSync(path.join(dir, 'd')));
});

test('fd_renumber moves a descriptor and closes the target', () => {
  const { h } = withDir();
  const a = open(h, 'a', O_CREAT, R_READ | R_WRITE);
  const b = open(h, 'b', O_CREAT, R_READ | R_WRITE);
  assert.equal(h.call('fd_renumber', a.fd, b.fd), 0);
  assert.equal(write(h, b.fd, 'to-a').errno, 0);
  assert.equal(write(h, a.fd, 'x').errno, E('badf'));
  assert.equal(h.call('fd_renumber', 99, b.fd), E('badf'));
});

test('fd_read on stdin reads the injected input, then end of input', () => {
  const h = harness(makePolicy(), { stdinText: 'line\n' });
  assert.deepEqual(read(h, 0, 3), { errno: 0, text: 'lin' });
  assert.deepEqual(read(h, 0, 10), { errno: 0, text: 'e\n' });
  assert.deepEqual(read(h, 0, 10), { errno: 0, text: '' });
});

test('poll_oneoff: a relative clock fires; an unknown clock is an inval event; stdin is ready', () => {
  const h = harness(makePolicy(), { stdinText: 'x' });
  const subs = h.mem.alloc(48 * 2);
  const events = h.mem.alloc(32 * 2);
  const n = h.mem.alloc(4, 4);
  h.mem.setU64(subs, 11n);
  h.mem.setU8(subs + 8, 0);
  h.mem.setU32(subs + 16, 1);
  h.mem.setU64(subs + 24, 1_000_000n);
  assert.equal(h.call('poll_oneoff', subs, events, 1, n), 0);
  assert.equal(h.mem.u32(n), 1);
  assert.equal(h.mem.u64(events), 11n);
  assert.equal(h.mem.u16(events + 8), 0);
  h.mem.setU32(subs + 16, 77);
  assert.equal(h.call('poll_oneoff', subs, events, 1, n), 0);
  assert.equal(h.mem.u16(events + 8), E('inval'));
  h.mem.setU64(subs + 48, 22n);
  h.mem.setU8(subs + 48 + 8, 1);
  h.mem.setU32(subs + 48 + 16, 0);
  h.mem.setU32(subs + 16, 1);
  h.mem.setU64(subs + 24, 5_000_000_000n);
  assert.equal(h.call('poll_oneoff', subs, events, 2, n), 0);
  assert.equal(h.mem.u32(n), 1);
  assert.equal(h.mem.u64(events), 22n);
  assert.equal(h.mem.u8(events + 10), 1);
  assert.equal(h.call('poll_oneoff', subs, events, 0, n), E('inval'));
});

test('sockets: sock_* on a non-socket is notsock, and without preopened sockets nothing is reachable', () => {
  const h = harness(makePolicy());
  const out = h.mem.alloc(8, 4);
  assert.equal(h.call('sock_accept', 1, 0, out), E('notsock'));
  assert.equal(h.call('sock_shutdown', 9, 3), E('badf'));
});

test('fd_fdstat_set_flags switches append on and off for later writes', () => {
  const { dir, h } = withDir();
  const f = open(h, 'ap', O_CREAT, R_READ | R_WRITE | R_SEEK | (1n << 3n));
  assert.equal(write(h, f.fd, 'hello').errno, 0);
  const pos = h.mem.alloc(8);
  assert.equal(h.call('fd_seek', f.fd, 0n, 0, pos), 0);
  assert.equal(h.call('fd_fdstat_set_flags', f.fd, 1), 0);
  assert.equal(write(h, f.fd, '!').errno, 0);
  assert.equal(fs.readFileSync(path.join(dir, 'ap'), 'utf8'), 'hello!');
  const st = h.mem.alloc(24);
  assert.equal(h.call('fd_fdstat_get', f.fd, st), 0);
  assert.equal(h.mem.u16(st + 2), 1);
  assert.equal(h.call('fd_fdstat_set_flags', f.fd, 0), 0);
  assert.equal(h.call('fd_seek', f.fd, 0n, 0, pos), 0);
  assert.equal(write(h, f.fd, 'J').errno, 0);
  assert.equal(fs.readFileSync(path.join(dir, 'ap'), 'utf8'), 'Jello!');
  assert.equal(h.call('fd_fdstat_set_flags', f.fd, 64), E('inval'));
});

test('offsets and sizes beyond what the host can express are errnos, not host errors', () => {
  const { h } = withDir();
  const f = open(h, 'big', O_CREAT, R_READ | R_WRITE | R_SEEK | (1n << 22n) | (1n << 8n));
  const [iov, n] = h.mem.iovecs([h.mem.data('x')]);
  const out = h.mem.alloc(8);
  assert.equal(h.call('fd_pwrite', f.fd, iov, n, 1n << 60n, out), E('inval'));
  assert.equal(h.call('fd_pread', f.fd, iov, n, 1n << 60n, out), E('inval'));
  assert.equal(h.call('fd_filestat_set_size', f.fd, 1n << 62n), E('fbig'));
  assert.equal(h.call('fd_allocate', f.fd, 1n << 62n, 1n), E('fbig'));
  assert.equal(h.call('fd_seek', f.fd, 1n << 62n, 0, out), E('inval'));
});

test('poll_oneoff reports a hangup on stdin at end of input', () => {
  const h = harness(makePolicy(), { stdinText: '' });
  const subs = h.mem.alloc(48);
  const events = h.mem.alloc(32);
  const n = h.mem.alloc(4, 4);
  h.mem.setU64(subs, 5n);
  h.mem.setU8(subs + 8, 1);
  h.mem.setU32(subs + 16, 0);
  assert.equal(h.call('poll_oneoff', subs, events, 1, n), 0);
  assert.equal(h.mem.u32(n), 1);
  assert.equal(h.mem.u16(events + 24), 1);
});

test('close() releases host descriptors even after fd_renumber moved them onto a standard fd', () => {
  const { h } = withDir();
  const f = open(h, 'moved', O_CREAT, R_READ | R_WRITE);
  const hostFdsBefore = fs.readdirSync('/proc/self/fd').length;
  assert.equal(h.call('fd_renumber', f.fd, 1), 0);
  h.host.close();
  assert.equal(fs.readdirSync('/proc/self/fd').length, hostFdsBefore - 1);
});

test('an access log file that cannot be created is a WasiConfigError', () => {
  assert.throws(() => harness(makePolicy(), { accessLogFile: '/nonexistent-dir/log.jsonl' }), (e: unknown) => e instanceof WasiConfigError && /cannot write the access log/.test(e.message));
});
