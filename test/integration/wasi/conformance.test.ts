// WASI preview1 conformance through the bundled CLI: every fixture of test/fixtures/wasi runs in
// `wasi-studio run`, and its stdout (golden file in test/fixtures/wasi/expected/), exit code and
// access-log records are asserted. Where Node's own `node:wasi` behaves correctly the same fixture
// runs there too and the outputs must agree (known uvwasi deviations are named per fixture).
// WASI_STUDIO_BLESS=1 rewrites the golden files from the current output.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AccessRecord } from '../../../debug-adapter/src/wasi/api';
import { assertBuilt, FIXTURES, fixture, readLog, runCli, runNodeWasi, tempDir } from './helpers';

interface Case {
  readonly title: string;
  readonly module: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly sandbox?: boolean;
  readonly stdin?: string;
  readonly exitCode: number;
  /** Golden stdout file name (without .stdout); defaults to the module name. */
  readonly golden?: string;
  readonly stderr?: RegExp;
  readonly log: (records: readonly AccessRecord[], sandbox: string) => void;
  /** How node:wasi compares: the same stdout, the same after dropping lines, or not at all (why). */
  readonly node: 'same' | { readonly ignore: RegExp } | { readonly skip: string };
}

const has = (records: readonly AccessRecord[], match: Partial<AccessRecord>, what = JSON.stringify(match)): AccessRecord => {
  const found = records.find((r) => Object.entries(match).every(([k, v]) => (r as unknown as Record<string, unknown>)[k] === v));
  assert.ok(found, `no access record ${what}`);
  return found;
};
/** No call was refused by the policy (the host also marks some plain resolution failures, such as a
 *  missing parent directory, as denied with noent; those are ordinary POSIX outcomes here). */
const noDenials = (records: readonly AccessRecord[]): void => {
  assert.deepEqual(records.filter((r) => r.decision === 'denied' && ['notcapable', 'acces', 'perm'].includes(r.errno)), []);
};

const CASES: readonly Case[] = [
  {
    title: 'args and environ', module: 'args_env', args: ['one', 'two words', 'ünïcödé'], env: { GREETING: 'hi', EQUALS: 'a=b=c' }, exitCode: 0,
    log: (r) => {
      has(r, { call: 'args_get', capability: 'args', decision: 'allowed' });
      has(r, { call: 'environ_get', capability: 'env', decision: 'allowed' });
      noDenials(r);
    },
    node: 'same',
  },
  {
    title: 'clocks', module: 'clocks', exitCode: 0,
    log: (r) => {
      for (const target of ['realtime', 'monotonic']) has(r, { call: 'clock_time_get', capability: 'clock', target, errno: 'success' });
      has(r, { call: 'clock_res_get', errno: 'inval' });
    },
    node: 'same',
  },
  {
    title: 'random_get', module: 'random', exitCode: 0,
    log: (r) => { has(r, { call: 'random_get', capability: 'random', decision: 'allowed', bytes: 64 }); noDenials(r); },
    node: 'same',
  },
  {
    title: 'fd_* calls on a file', module: 'fd_ops', sandbox: true, exitCode: 0,
    log: (r, sandbox) => {
      const open = has(r, { call: 'path_open', target: '/sandbox/data.txt', decision: 'allowed' });
      assert.equal(open.hostPath, join(sandbox, 'data.txt'));
      has(r, { call: 'fd_write', target: '/sandbox/data.txt', bytes: 11 });
      has(r, { call: 'fd_pwrite', target: '/sandbox/data.txt', bytes: 5 });
      has(r, { call: 'fd_filestat_set_size', target: '/sandbox/data.txt' });
      has(r, { call: 'fd_write', decision: 'denied', errno: 'notcapable' });
    },
    // uvwasi reports host open(2) flags in fdstat, keeps only whole seconds of times and answers
    // inval for the prestat of stdout (wasmtime and we answer badf).
    node: { ignore: /^(fd_prestat_get\(stdout\)|filetype=4 flags|flags now|atim ok)/ },
  },
  {
    title: 'fd_readdir with cookies', module: 'readdir', sandbox: true, exitCode: 0,
    log: (r) => {
      const reads = r.filter((x) => x.call === 'fd_readdir' && x.target === '/sandbox/walk' && x.decision === 'allowed');
      // The 80-byte buffer forces many calls; folded records carry their count.
      assert.ok(reads.reduce((n, x) => n + (x.count ?? 1), 0) > 3, JSON.stringify(reads));
    },
    // Node's listing has no "." and "..", so the resumed tail is two entries shorter; and our host
    // gives a regular file no fd_readdir right (notcapable) where uvwasi answers notdir.
    node: { ignore: /^(resume from cookie|fd_readdir\(file\))/ },
  },
  {
    title: 'path_* calls', module: 'path_ops', sandbox: true, exitCode: 0,
    log: (r) => {
      for (const call of ['path_create_directory', 'path_symlink', 'path_readlink', 'path_link', 'path_rename', 'path_unlink_file', 'path_remove_directory', 'path_filestat_set_times']) {
        has(r, { call, decision: 'allowed', errno: 'success' }, `${call} allowed`);
      }
      has(r, { call: 'path_open', target: '/sandbox/d/link', errno: 'loop' });
    },
    // uvwasi ignores lookupflags without SYMLINK_FOLLOW on the last component and drops append from fdstat.
    node: { ignore: /^(append flag kept|open d\/link nofollow)/ },
  },
  {
    title: 'poll_oneoff on clocks and descriptors', module: 'poll', sandbox: true, exitCode: 0,
    log: (r) => { has(r, { call: 'poll_oneoff', capability: 'clock', errno: 'success' }); },
    node: { skip: 'uvwasi waits forever on an absolute clock subscription' },
  },
  {
    title: 'poll_oneoff on stdin', module: 'poll', golden: 'poll-stdin', args: ['stdin'], stdin: 'ping\n', sandbox: true, exitCode: 0,
    log: (r) => { has(r, { call: 'fd_read', target: 'stdin', bytes: 5 }); },
    node: { skip: 'uvwasi waits forever on an absolute clock subscription' },
  },
  {
    title: 'proc_exit with a code', module: 'exit_code', args: ['42'], golden: 'exit_code-42', exitCode: 42,
    log: (r) => { has(r, { call: 'proc_exit', capability: 'process', target: 'exit(42)' }); },
    node: 'same',
  },
  {
    title: 'proc_exit with 0', module: 'exit_code', args: ['0'], golden: 'exit_code-0', exitCode: 0,
    log: (r) => { has(r, { call: 'proc_exit', target: 'exit(0)' }); },
    node: 'same',
  },
  {
    title: 'sched_yield and proc_raise', module: 'misc', exitCode: 0,
    log: (r) => { has(r, { call: 'proc_raise', capability: 'process' }); },
    node: 'same',
  },
  {
    title: 'stdin echo', module: 'stdin_echo', stdin: 'first line\nsecond line with ünïcödé\nno newline at the end', exitCode: 0,
    log: (r) => {
      const total = r.filter((x) => x.call === 'fd_read' && x.target === 'stdin').reduce((n, x) => n + (x.bytes ?? 0), 0);
      assert.equal(total, Buffer.byteLength('first line\nsecond line with ünïcödé\nno newline at the end'));
    },
    node: 'same',
  },
  {
    title: 'benchmark workload: many small writes, folded in the log', module: 'bench_io', golden: 'bench_io-write', args: ['write', '1000'], sandbox: true, exitCode: 0,
    log: (r) => {
      const writes = r.filter((x) => x.call === 'fd_write' && x.target === '/sandbox/bench.txt');
      assert.equal(writes.reduce((n, x) => n + (x.count ?? 1), 0), 1000);
      assert.equal(writes.reduce((n, x) => n + (x.bytes ?? 0), 0), 16000);
      assert.ok(writes.length < 1000, 'repeated identical writes are folded into fewer records');
    },
    node: 'same',
  },
  {
    title: 'benchmark workload: path_open/fd_close loop', module: 'bench_io', golden: 'bench_io-open', args: ['open', '50'], sandbox: true, exitCode: 0,
    log: (r) => {
      const opens = r.filter((x) => x.call === 'path_open' && x.target === '/sandbox/open.txt' && x.errno === 'success');
      assert.equal(opens.reduce((n, x) => n + (x.count ?? 1), 0), 51);
    },
    node: 'same',
  },
  {
    title: 'hello world', module: 'hello', exitCode: 0,
    log: (r) => { has(r, { call: 'fd_write', target: 'stdout', bytes: 16 }); },
    node: 'same',
  },
  {
    title: 'a C program through wasi-libc (stdio, dirent, stat)', module: 'libc_files', sandbox: true, exitCode: 0,
    log: (r) => { has(r, { call: 'path_rename', decision: 'allowed' }); noDenials(r); },
    node: 'same',
  },
  {
    title: 'a Rust program through std', module: 'std_rs', args: ['3'], env: { GREETING: 'hallo' }, sandbox: true, exitCode: 3,
    log: (r) => { has(r, { call: 'path_create_directory', decision: 'allowed' }); has(r, { call: 'proc_exit', target: 'exit(3)' }); noDenials(r); },
    node: 'same',
  },
  {
    title: 'a C trap mapped to its source line', module: 'trap', exitCode: 134,
    stderr: /^wasi-studio: trap: unreachable in divide at test\/fixtures\/wasi\/src\/trap\.c:5 \(wasm function \d+, offset 0x[0-9a-f]+\)\n$/,
    log: (r) => { has(r, { call: 'fd_write', target: 'stdout' }); },
    node: 'same',
  },
  {
    title: 'a Rust panic', module: 'panic_rs', exitCode: 134,
    stderr: /panicked at 'index out of bounds: the len is 3 but the index is 6'[\s\S]*\nwasi-studio: trap: unreachable in \S+ \(wasm function \d+, offset 0x[0-9a-f]+\)\n$/,
    log: (r) => { has(r, { call: 'fd_write', target: 'stderr' }); },
    node: 'same',
  },
];

function golden(name: string, actual: string): string {
  const dir = join(FIXTURES, 'expected');
  const file = join(dir, `${name}.stdout`);
  if (process.env.WASI_STUDIO_BLESS === '1') {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, actual);
  }
  assert.ok(existsSync(file), `missing golden file ${file} (run with WASI_STUDIO_BLESS=1)`);
  return readFileSync(file, 'utf8');
}

describe('WASI conformance fixtures through wasi-studio run', () => {
  for (const c of CASES) {
    test(c.title, () => {
      assertBuilt();
      const sandbox = tempDir(`conf-${c.module}`);
      const log = join(tempDir('log'), 'access.jsonl');
      const envFlags = Object.entries(c.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
      const dirFlags = c.sandbox ? ['--dir', `${sandbox}::/sandbox`] : [];
      const r = runCli(['run', '--log', log, ...dirFlags, ...envFlags, fixture(c.module), ...(c.args ?? [])], { input: c.stdin ?? '' });

      assert.equal(r.stdout, golden(c.golden ?? c.module, r.stdout));
      if (c.stderr) assert.match(r.stderr, c.stderr);
      else assert.equal(r.stderr, '');
      assert.equal(r.code, c.exitCode);
      c.log(readLog(log), sandbox);

      if (typeof c.node === 'object' && 'skip' in c.node) return;
      const nodeSandbox = tempDir(`node-${c.module}`);
      const n = runNodeWasi({ module: fixture(c.module), args: c.args ?? [], env: c.env ?? {}, preopens: c.sandbox ? { '/sandbox': nodeSandbox } : {} }, c.stdin ?? '');
      assert.equal(n.code, c.exitCode, `node:wasi exit code (stderr: ${n.stderr})`);
      const keep = (text: string): string => {
        const ignore = typeof c.node === 'object' && 'ignore' in c.node ? c.node.ignore : undefined;
        return ignore ? text.split('\n').filter((l) => !ignore.test(l)).join('\n') : text;
      };
      assert.equal(keep(n.stdout), keep(r.stdout), 'node:wasi printed something else');
    });
  }
});
