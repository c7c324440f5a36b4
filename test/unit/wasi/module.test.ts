// Real modules (built in the test by wasmBuilder) run through createWasiHost: deterministic mode,
// caller locations on denials, proc_exit, and the resource limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createWasiHost, memoryWriter, emptyReader, WasiLimitExceeded, type AccessRecord, type Policy } from '../../../debug-adapter/src/wasi/index';
import { makePolicy, preopen, tempDir } from './helpers';
import { buildModule, op, FD_WRITE, PROC_EXIT, RANDOM_GET, CLOCK_TIME_GET, PATH_OPEN, SCHED_YIELD } from './wasmBuilder';
import { instantiate } from './wasmRun';

// random_get(100,16); clock_time_get(realtime)->116; clock_time_get(monotonic)->124; write 32 bytes;
// path_open(3, "/etc/passwd") (denied); proc_exit(5)
const probe = buildModule({
  imports: [RANDOM_GET, CLOCK_TIME_GET, FD_WRITE, PATH_OPEN, PROC_EXIT],
  start: [
    ...op.i32(100), ...op.i32(16), ...op.call(0), ...op.drop,
    ...op.i32(0), ...op.i64(0), ...op.i32(116), ...op.call(1), ...op.drop,
    ...op.i32(1), ...op.i64(0), ...op.i32(124), ...op.call(1), ...op.drop,
    ...op.i32(1), ...op.i32(0), ...op.i32(1), ...op.i32(8), ...op.call(2), ...op.drop,
    ...op.i32(3), ...op.i32(1), ...op.i32(200), ...op.i32(11), ...op.i32(0), ...op.i64(2), ...op.i64(0), ...op.i32(0), ...op.i32(12),
    ...op.call(3), ...op.drop,
    ...op.i32(5), ...op.call(4),
  ],
  data: [
    { offset: 0, bytes: new Uint8Array([100, 0, 0, 0, 32, 0, 0, 0]) },
    { offset: 200, bytes: '/etc/passwd' },
  ],
});

function runProbe(policy: Policy): { code: number; out: Uint8Array; records: AccessRecord[] } {
  const stdout = memoryWriter();
  const records: AccessRecord[] = [];
  const host = createWasiHost({ policy, stdio: { stdin: emptyReader(), stdout, stderr: memoryWriter() }, onRecord: (r) => records.push(r) });
  const code = host.start(instantiate(probe, host));
  host.close();
  return { code, out: stdout.bytes(), records };
}

test('deterministic mode: two runs give identical output and identical logs; another seed differs', () => {
  const dir = tempDir();
  const policy = makePolicy({ preopens: [preopen(dir, '/d')], deterministic: { seed: 42 } });
  const a = runProbe(policy);
  const b = runProbe(policy);
  assert.equal(a.code, 5);
  assert.equal(a.out.length, 32);
  assert.deepEqual(a.out, b.out);
  assert.deepEqual(a.records, b.records);
  const realtime = Buffer.from(a.out).readBigUInt64LE(16);
  assert.ok(realtime >= 946_684_800_000_000_000n && realtime < 946_684_801_000_000_000n, `virtual realtime ${realtime}`);
  const c = runProbe({ ...policy, deterministic: { seed: 43 } });
  assert.notDeepEqual(Buffer.from(c.out).subarray(0, 16), Buffer.from(a.out).subarray(0, 16));
  assert.deepEqual(Buffer.from(c.out).subarray(16), Buffer.from(a.out).subarray(16));
});

test('a denial made from wasm carries the caller\'s function index and offset', () => {
  const dir = tempDir();
  const { records } = runProbe(makePolicy({ preopens: [preopen(dir, '/d')] }));
  const denial = records.find((r) => r.decision === 'denied');
  assert.ok(denial !== undefined);
  assert.equal(denial.call, 'path_open');
  assert.equal(denial.errno, 'notcapable');
  assert.equal(denial.wasmFunction, 5);
  assert.ok((denial.wasmOffset ?? 0) > 0);
  // The call's wasm frames, innermost first: the first is the caller itself.
  assert.deepEqual(denial.wasmFrames?.[0], { fn: denial.wasmFunction, offset: denial.wasmOffset });
  const exit = records.find((r) => r.call === 'proc_exit');
  assert.equal(exit?.target, 'exit(5)');
});

test('access log written as JSON Lines matches the live records', () => {
  const dir = tempDir();
  const logFile = path.join(dir, 'log.jsonl');
  const records: AccessRecord[] = [];
  const host = createWasiHost({
    policy: makePolicy({ preopens: [preopen(dir, '/d')], deterministic: { seed: 1 } }),
    stdio: { stdin: emptyReader(), stdout: memoryWriter(), stderr: memoryWriter() },
    accessLogFile: logFile,
    onRecord: (r) => records.push(r),
  });
  host.start(instantiate(probe, host));
  host.close();
  const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AccessRecord);
  assert.deepEqual(lines, records);
  assert.deepEqual(lines.map((r) => r.call), ['random_get', 'clock_time_get', 'clock_time_get', 'fd_write', 'path_open', 'proc_exit']);
});

test('memory limit: growing past maxMemoryBytes stops the module at its next WASI call', () => {
  const mod = buildModule({ imports: [SCHED_YIELD], start: [...op.i32(4), ...op.memoryGrow, ...op.drop, ...op.call(0), ...op.drop] });
  const host = createWasiHost({ policy: makePolicy({ limits: { maxOpenFds: 16, maxMemoryBytes: 2 * 65536 } }), stdio: { stdin: emptyReader(), stdout: memoryWriter(), stderr: memoryWriter() } });
  assert.throws(() => host.start(instantiate(mod, host)), (e: unknown) => e instanceof WasiLimitExceeded && e.limit === 'memory' && /over the limit/.test(e.message));
});

test('memory limit: a module whose initial memory is already too large is stopped at its first call', () => {
  const mod = buildModule({ imports: [SCHED_YIELD], memoryPages: 3, start: [...op.call(0), ...op.drop] });
  const host = createWasiHost({ policy: makePolicy({ limits: { maxOpenFds: 16, maxMemoryBytes: 65536 } }), stdio: { stdin: emptyReader(), stdout: memoryWriter(), stderr: memoryWriter() } });
  assert.throws(() => host.start(instantiate(mod, host)), (e: unknown) => e instanceof WasiLimitExceeded && e.limit === 'memory');
});

test('timeout: a module looping on WASI calls is stopped after the wall-clock limit', () => {
  const mod = buildModule({ imports: [SCHED_YIELD], start: [...op.loop, ...op.call(0), ...op.drop, ...op.br(0), ...op.end] });
  const host = createWasiHost({ policy: makePolicy({ limits: { maxOpenFds: 16, timeoutMs: 30 } }), stdio: { stdin: emptyReader(), stdout: memoryWriter(), stderr: memoryWriter() } });
  assert.throws(() => host.start(instantiate(mod, host)), (e: unknown) => e instanceof WasiLimitExceeded && e.limit === 'timeout' && /30 ms/.test(e.message));
});

test('fd limit: opening past maxOpenFds stops the module before the host opens the file', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'f'), 'x');
  // fds 0-2 stdio, 3 the preopen: one more is allowed with maxOpenFds 5.
  const openF = [...op.i32(3), ...op.i32(1), ...op.i32(100), ...op.i32(1), ...op.i32(0), ...op.i64(2), ...op.i64(0), ...op.i32(0), ...op.i32(120), ...op.call(0), ...op.drop];
  const mod = buildModule({ imports: [PATH_OPEN], start: [...openF, ...openF], data: [{ offset: 100, bytes: 'f' }] });
  const host = createWasiHost({ policy: makePolicy({ preopens: [preopen(dir, '/d')], limits: { maxOpenFds: 5 } }), stdio: { stdin: emptyReader(), stdout: memoryWriter(), stderr: memoryWriter() } });
  assert.throws(() => host.start(instantiate(mod, host)), (e: unknown) => e instanceof WasiLimitExceeded && e.limit === 'fds' && /5 open/.test(e.message));
});

test('a module that returns from _start exits 0', () => {
  const mod = buildModule({ imports: [SCHED_YIELD], start: [...op.call(0), ...op.drop] });
  const host = createWasiHost({ policy: makePolicy(), stdio: { stdin: emptyReader(), stdout: memoryWriter(), stderr: memoryWriter() } });
  assert.equal(host.start(instantiate(mod, host)), 0);
});

test('deterministic mode: seeded random bytes are fixed for a seed', () => {
  const policy = makePolicy({ deterministic: { seed: 7 } });
  const out = runProbe(policy).out.subarray(0, 16);
  assert.deepEqual(out, runProbe(policy).out.subarray(0, 16));
  assert.ok(out.some((b) => b !== 0));
});
