// Access-log files carry each located record's source line (the user's line that called libc), for
// the CLI's `run --log` and for the debugger's `accessLog` launch attribute; the client's .jsonl
// loader reads them back with that location.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAccessLog } from '../../../client/src/accessLog/records';
import { mark, root, src, wasm, withClient } from './helpers';

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wasi-logfile-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'input.txt'), 'hello\n');
  return dir;
}

/** The denied path_open of files.c (the write to the read-only preopen) as the client loads it. */
function deniedOpen(logFile: string): { path: string; line: number } | undefined {
  const parsed = parseAccessLog(readFileSync(logFile, 'utf8'));
  assert.deepEqual(parsed.errors, []);
  const denied = parsed.entries.find((e) => e.record.call === 'path_open' && e.record.decision === 'denied');
  assert.ok(denied, JSON.stringify(parsed.entries.map((e) => e.record)));
  return denied.source;
}

test('wasi-studio run --log writes the source line of a denied call (with and without --timeout)', async () => {
  const dir = dataDir();
  for (const extra of [[], ['--timeout', '30000']]) {
    const log = join(dir, `log${extra.length}.jsonl`);
    const args = [join(root, 'dist/cli.js'), 'run', '--dir', `${join(dir, 'data')}::/data:ro`, '--log', log, ...extra, wasm('files-O0.wasm')];
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, args, { cwd: dir }, (error, out) => (error ? reject(error) : resolve(out)));
    });
    assert.match(stdout, /write denied/);
    assert.deepEqual(deniedOpen(log), { path: src('files.c'), line: mark('files.c', 'files-write') });
  }
});

test('the debugger\'s accessLog file has the same source lines as its wasiCapability events', async () => {
  const dir = dataDir();
  const log = join(dir, 'debug.jsonl');
  await withClient(async (c) => {
    await c.launch({ program: wasm('files-O0.wasm'), accessLog: log, preopens: [{ host: join(dir, 'data'), guest: '/data', readonly: true }] });
    await c.next('terminated');
    assert.deepEqual(deniedOpen(log), { path: src('files.c'), line: mark('files.c', 'files-write') });
    const opened = parseAccessLog(readFileSync(log, 'utf8')).entries.find((e) => e.record.call === 'path_open' && e.record.decision === 'allowed');
    assert.deepEqual(opened?.source, { path: src('files.c'), line: mark('files.c', 'files-open') });
  });
});
