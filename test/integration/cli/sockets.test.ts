// `wasi-studio run --listen HOST:PORT`: a preopened listening socket served by the module
// (test/fixtures/wasi/src/sock_echo.c), driven by a real TCP client; and the sockets switch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { join } from 'node:path';
import { EXIT } from '../../../debug-adapter/src/cli/exitCodes';
import { assertBuilt, CLI, fixture, readLog, ROOT, runCli, tempDir } from '../wasi/helpers';

interface Finished { code: number | null; stdout: string; stderr: string }

test('a module accepts, reads and answers a TCP connection; every step is logged', async () => {
  assertBuilt();
  const log = join(tempDir('sock'), 'access.jsonl');
  const child = spawn(process.execPath, [CLI, 'run', '--allow', 'sockets', '--listen', '127.0.0.1:0', '--log', log, fixture('sock_echo')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  const finished = new Promise<Finished>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => reject(new Error(`the CLI exited before listening: ${stderr}`)));
  });
  const reply = await new Promise<string>((resolve, reject) => {
    let text = '';
    const c = net.connect(port, '127.0.0.1', () => c.write('hello socket\n'));
    c.on('data', (d: Buffer) => { text += d.toString(); });
    c.on('end', () => resolve(text));
    c.on('error', reject);
  });
  assert.equal(reply, 'HELLO SOCKET\n');
  const r = await finished;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'waiting for a connection\nsock_send -> success\nsock_shutdown -> success\nfd_close -> success\nserved 1 connection, 13 bytes\n');
  const records = readLog(log);
  const target = `tcp://127.0.0.1:${port}`;
  assert.ok(records.some((x) => x.call === 'sock_accept' && x.target === target && x.errno === 'success'));
  assert.ok(records.some((x) => x.call === 'sock_recv' && x.capability === 'sockets' && x.bytes === 13));
  assert.ok(records.some((x) => x.call === 'sock_send' && x.capability === 'sockets' && x.bytes === 13));
});

test('without --allow sockets the listener is there but every socket call is denied and logged', () => {
  const log = join(tempDir('sock-deny'), 'access.jsonl');
  const r = runCli(['run', '--listen', '127.0.0.1:0', '--log', log, fixture('sock_echo')]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'waiting for a connection\nsock_accept -> notcapable\n');
  assert.ok(readLog(log).some((x) => x.call === 'sock_accept' && x.decision === 'denied' && x.errno === 'notcapable'));
});

test('bad --listen values', () => {
  for (const v of ['8080', 'localhost:', ':80', 'localhost:99999']) {
    const r = runCli(['run', '--listen', v, fixture('sock_echo')]);
    assert.equal(r.code, EXIT.usage, v);
    assert.match(r.stderr, /^wasi-studio: --listen .*: expected HOST:PORT\n/);
  }
});
