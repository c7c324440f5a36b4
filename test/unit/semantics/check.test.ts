// `wasi-studio check`: exit codes, the `FILE:LINE:COL: severity: MESSAGE` format, JSON output,
// feature flags and usage errors, run in-process against fixture folders.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCheck } from '../../../server/src/check/checkCommand';
import { CONFORMANCE_DIR, REPO_ROOT } from './harness';

async function run(argv: string[], cwd = CONFORMANCE_DIR): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCheck(argv, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, cwd });
  return { code, out, err };
}

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-check-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test('check: a valid package prints nothing and exits 0', async () => {
  const r = await run([path.join(REPO_ROOT, 'test', 'fixtures', 'wit', 'wasi-0.2', 'http')]);
  assert.deepEqual(r, { code: 0, out: '', err: '' });
});

test('check: every error on its own FILE:LINE:COL line, exit 1', async () => {
  const r = await run(['multiple-errors.wit']);
  assert.equal(r.code, 1);
  assert.equal(r.err, '');
  assert.deepEqual(r.out.trimEnd().split('\n'), [
    'multiple-errors.wit:4:12: error: type `missing-one` does not exist',
    'multiple-errors.wit:5:8: error: empty enum',
    'multiple-errors.wit:8:12: error: type `missing-two` does not exist',
    'multiple-errors.wit:9:19: error: param `x` is defined more than once',
    'multiple-errors.wit:12:10: error: interface or world `nope` does not exist',
    'multiple-errors.wit:14:10: error: import `x` conflicts with prior func of same name',
  ]);
});

test('check: package folders report paths relative to the working directory', async () => {
  const r = await run(['deps-missing']);
  assert.equal(r.code, 1);
  const lines = r.out.trimEnd().split('\n');
  assert.ok(lines.every((l) => /^deps-missing\/main\.wit:\d+:\d+: error: /.test(l)), lines.join('\n'));
  // Multi-line messages are folded onto one line.
  assert.ok(lines.some((l) => l.includes("not found. known packages: test:lib test:app")), lines.join('\n'));
});

test('check: warnings alone exit 0', async () => {
  const r = await run(['deps-encoded']);
  assert.equal(r.code, 0);
  assert.match(r.out, /^deps-encoded\/deps\/encoded\.wasm:1:1: warning: binary-encoded WIT packages are not supported/);
});

test('check: --format json lists diagnostics with 1-based ranges and counts', async () => {
  const r = await run(['--format', 'json', 'empty-types.wit']);
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.out) as { diagnostics: { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; message: string }[]; errors: number; warnings: number };
  assert.equal(doc.errors, 2);
  assert.equal(doc.warnings, 0);
  assert.deepEqual(doc.diagnostics.map((d) => [d.file, d.line, d.column, d.endLine, d.endColumn, d.severity, d.message]), [
    ['empty-types.wit', 4, 8, 4, 9, 'error', 'empty enum'],
    ['empty-types.wit', 5, 11, 5, 12, 'error', 'empty variant'],
  ]);
});

test('check: --features and --all-features decide which gated items exist', async () => {
  const dir = tempDir({ 'a.wit': 'package t:f@1.0.0;\ninterface i {\n  @unstable(feature = fancy)\n  type t = u32;\n  f: func() -> t;\n}\n' });
  const excluded = 'found a reference to a type which is excluded due to its feature not being activated';
  const none = await run([dir], dir);
  assert.equal(none.code, 1);
  assert.equal(none.out, `a.wit:5:16: error: ${excluded}\n`);
  assert.equal((await run(['--features', 'other,fancy', dir], dir)).code, 0);
  assert.equal((await run(['--features=fancy', dir], dir)).code, 0);
  assert.equal((await run(['--all-features', dir], dir)).code, 0);
});

test('check: several paths are checked in order', async () => {
  const r = await run(['empty-types.wit', 'map-keys.wit']);
  assert.equal(r.code, 1);
  const files = r.out.trimEnd().split('\n').map((l) => l.split(':')[0]);
  assert.deepEqual([...new Set(files)], ['empty-types.wit', 'map-keys.wit']);
});

test('check: usage errors and missing paths exit 2 with a one-line message', async () => {
  const cases: [string[], RegExp][] = [
    [[], /^wasi-studio check: no PATH given\n/],
    [['--bogus', 'x.wit'], /^wasi-studio check: unknown option '--bogus'\n/],
    [['--format', 'xml', 'x.wit'], /^wasi-studio check: unknown format 'xml'/],
    [['--features'], /^wasi-studio check: --features needs a comma-separated list\n/],
    [['--features', 'a', '--all-features', 'x.wit'], /^wasi-studio check: --features and --all-features cannot be combined\n/],
    [['does-not-exist.wit'], /^wasi-studio check: no such file or directory: does-not-exist\.wit\n$/],
  ];
  for (const [argv, expected] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.out, '');
    assert.match(r.err, expected);
  }
});

test('check: syntax errors are reported too, and never crash the command', async () => {
  const dir = tempDir({ 'bad.wit': 'package t:s;\ninterface i {\n  f: func(;\n}\n', 'bin.wit': '\u0000\u0001\u0002 garbage \uffff' });
  const r = await run([dir], dir);
  assert.equal(r.code, 1);
  assert.ok(r.out.split('\n').some((l) => l.startsWith('bad.wit:3:')), r.out);
  assert.ok(r.out.split('\n').some((l) => l.startsWith('bin.wit:1:')), r.out);
});

test('check: a file that cannot be read is a one-line error with exit 2, not a crash', async () => {
  // `/proc/self/mem` is a regular file that fails with EIO when read from the start, for root
  // too; linked into a package folder it makes reading that package fail deterministically.
  const dir = tempDir({ 'a.wit': 'package t:u;\n' });
  fs.symlinkSync('/proc/self/mem', path.join(dir, 'b.wit'));
  const r = await run([dir], dir);
  assert.equal(r.code, 2, r.out);
  assert.equal(r.out, '');
  assert.match(r.err, /^wasi-studio check: cannot read \S+: .+\n$/);
});

test('check: entries named *.wit that are not files are skipped', async () => {
  const dir = tempDir({ 'ok.wit': 'package t:u;\n' });
  fs.mkdirSync(path.join(dir, 'dir.wit'));
  fs.symlinkSync(path.join(dir, 'missing-target.wit'), path.join(dir, 'dangling.wit'));
  const r = await run([dir], dir);
  assert.deepEqual(r, { code: 0, out: '', err: '' });
});
