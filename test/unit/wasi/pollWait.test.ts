// poll_oneoff waiting: a clock plus an inherited stdin that stays silent returns by the clock (the
// stdin probe must not block), then the same stdin becomes ready when input arrives; elapsed time is
// read from the clock, not summed from sleeps; a clock-only poll stops at the wall-clock limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type ClockProvider, type SocketListener, WasiLimitExceeded } from '../../../debug-adapter/src/wasi/index';
import { harness, makePolicy, type Harness } from './helpers';

const CLOCK = 0;
const FD_READ = 1;
const MONOTONIC = 1;

interface SubSpec { readonly userdata: bigint; readonly type: number; readonly fd?: number; readonly timeoutNs?: bigint }

/** Runs poll_oneoff; returns the errno and the userdata of each event, in order. */
function poll(h: Harness, specs: readonly SubSpec[]): { errno: number; events: bigint[] } {
  const subs = h.mem.alloc(48 * specs.length);
  const events = h.mem.alloc(32 * specs.length);
  const n = h.mem.alloc(4, 4);
  specs.forEach((s, i) => {
    const p = subs + i * 48;
    h.mem.setU64(p, s.userdata);
    h.mem.setU8(p + 8, s.type);
    if (s.type === CLOCK) {
      h.mem.setU32(p + 16, MONOTONIC);
      h.mem.setU64(p + 24, s.timeoutNs ?? 0n);
    } else {
      h.mem.setU32(p + 16, s.fd ?? 0);
    }
  });
  const errno = h.call('poll_oneoff', subs, events, specs.length, n);
  const out: bigint[] = [];
  for (let i = 0; errno === 0 && i < h.mem.u32(n); i++) out.push(h.mem.u64(events + i * 32));
  return { errno, events: out };
}

/**
 * Runs a host in a child process whose stdin the test holds open and writes to only after the first
 * poll returned: a blocking readiness probe would hang there (and the test time out) instead of
 * printing "first". `stdin` is the child's stdin: 'pipe' (what child_process gives: a socket) or a
 * descriptor of a named pipe (what a shell pipeline gives).
 */
async function silentStdinThenInput(stdin: 'pipe' | number, write: (child: ChildProcess, text: string) => void): Promise<string> {
  const hostModule = path.resolve(__dirname, '../../../debug-adapter/src/wasi/index.js');
  const helpers = path.resolve(__dirname, 'helpers.js');
  const script = `
    const { fdReader } = require(${JSON.stringify(hostModule)});
    const { harness, makePolicy } = require(${JSON.stringify(helpers)});
    const h = harness(makePolicy(), { stdio: { stdin: fdReader(0) } });
    const subs = h.mem.alloc(96), events = h.mem.alloc(64), n = h.mem.alloc(4, 4);
    h.mem.setU64(subs, 1n); h.mem.setU8(subs + 8, 1); h.mem.setU32(subs + 16, 0);
    h.mem.setU64(subs + 48, 2n); h.mem.setU8(subs + 56, 0); h.mem.setU32(subs + 64, 1); h.mem.setU64(subs + 72, 50000000n);
    const first = h.call('poll_oneoff', subs, events, 2, n);
    process.stdout.write('first ' + first + ' ' + h.mem.u32(n) + ' ' + h.mem.u64(events) + '\\n');
    const second = h.call('poll_oneoff', subs, events, 1, n);
    process.stdout.write('second ' + second + ' ' + h.mem.u32(n) + ' ' + h.mem.u64(events) + '\\n');
    const buf = h.mem.alloc(64, 1), [iov, cnt] = h.mem.iovecs([[buf, 64]]), got = h.mem.alloc(4, 4);
    const r = h.call('fd_read', 0, iov, cnt, got);
    process.stdout.write('read ' + r + ' ' + h.mem.text(buf, h.mem.u32(got)));
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: [stdin, 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  child.stdout?.on('data', (d: Buffer) => {
    const before = stdout;
    stdout += d.toString();
    if (!before.includes('first') && stdout.includes('first')) write(child, 'ping\n');
  });
  const code = await exited;
  child.stdin?.destroy();
  assert.equal(code, 0, stderr);
  return stdout;
}

const EXPECTED = 'first 0 1 2\nsecond 0 1 1\nread 0 ping\n';

test('poll_oneoff on a silent stdin socket (a child_process pipe) returns by its clock; input then makes stdin ready', { timeout: 60_000 }, async () => {
  const out = await silentStdinThenInput('pipe', (child, text) => child.stdin?.write(text));
  assert.equal(out, EXPECTED);
});

test('poll_oneoff on a silent stdin named pipe returns by its clock; input then makes stdin ready', { timeout: 60_000 }, async () => {
  const fifo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-poll-')), 'stdin');
  execFileSync('mkfifo', [fifo]);
  // Opened for reading and writing, so neither side waits for the other and the child never sees EOF.
  const fd = fs.openSync(fifo, 'r+');
  try {
    assert.equal(await silentStdinThenInput(fd, (_child, text) => fs.writeSync(fd, text)), EXPECTED);
  } finally {
    fs.closeSync(fd);
  }
});

test('poll_oneoff measures elapsed time with the clock, so re-checks of a pending fd do not stretch the deadline', () => {
  // Each reading of this clock is 30 ms after the previous one: a 100 ms clock subscription is due by
  // the fourth reading, whatever the real sleeps between re-checks were.
  let now = 0n;
  const clock: ClockProvider = {
    now: () => (now += 30_000_000n),
    resolution: () => 1n,
    elapsedMs: () => 0,
    sleep: () => { throw new Error('a real clock is not slept on by poll_oneoff with fds pending'); },
  };
  let checks = 0;
  const silent: SocketListener = { accept: () => -6, readable: () => { checks++; return false; }, close: () => undefined };
  const h = harness(makePolicy({ allow: { clock: true, random: true, sockets: true, exit: true } }), { clock, sockets: [{ name: 'tcp://127.0.0.1:9', listener: silent }] });
  const r = poll(h, [{ userdata: 1n, type: FD_READ, fd: 3 }, { userdata: 2n, type: CLOCK, timeoutNs: 100_000_000n }]);
  assert.deepEqual(r, { errno: 0, events: [2n] });
  assert.ok(checks <= 4, `the listener was checked ${checks} times`);
});

test('a clock-only poll_oneoff longer than the wall-clock limit is stopped by it', () => {
  const h = harness(makePolicy({ limits: { maxOpenFds: 64, timeoutMs: 30 } }));
  assert.throws(() => poll(h, [{ userdata: 1n, type: CLOCK, timeoutNs: 20_000_000_000n }]), (e: unknown) => e instanceof WasiLimitExceeded && e.limit === 'timeout');
});

test('in deterministic mode a poll with a pending fd advances the virtual clock to its deadline instead of sleeping', () => {
  const silent: SocketListener = { accept: () => -6, readable: () => false, close: () => undefined };
  const h = harness(makePolicy({ allow: { clock: true, random: true, sockets: true, exit: true }, deterministic: { seed: 1 } }),
    { sockets: [{ name: 'tcp://127.0.0.1:9', listener: silent }] });
  const t = h.mem.alloc(8);
  assert.equal(h.call('clock_time_get', MONOTONIC, 1n, t), 0);
  const before = h.mem.u64(t);
  const r = poll(h, [{ userdata: 1n, type: FD_READ, fd: 3 }, { userdata: 2n, type: CLOCK, timeoutNs: 3_600_000_000_000n }]);
  assert.deepEqual(r, { errno: 0, events: [2n] });
  assert.equal(h.call('clock_time_get', MONOTONIC, 1n, t), 0);
  assert.ok(h.mem.u64(t) - before >= 3_600_000_000_000n, 'an hour of virtual time passed');
});
