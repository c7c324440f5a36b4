// The access-log recorder: folding of identical calls, per-call detail, batching to sinks, bounded
// memory (ring and batch), the summary, and the JSON Lines sink.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AccessLog, jsonLinesSink, callbackSink, recordJson } from '../../../debug-adapter/src/wasi/accessLog';
import type { AccessRecord } from '../../../debug-adapter/src/wasi/api';
import { tempDir, harness, makePolicy } from './helpers';

function collector(): { records: AccessRecord[]; batches: number[]; sink: ReturnType<typeof callbackSink> } {
  const records: AccessRecord[] = [];
  const batches: number[] = [];
  return { records, batches, sink: callbackSink((b) => { batches.push(b.length); records.push(...b); }) };
}

test('identical consecutive data-moving calls fold into one record with a count and total bytes', () => {
  const c = collector();
  const log = new AccessLog(() => 0, [c.sink]);
  for (let i = 0; i < 1000; i++) log.io('fd_write', 'stdio', 'stdout', 0, 10);
  log.io('fd_write', 'stdio', 'stderr', 0, 3);
  log.io('fd_write', 'stdio', 'stdout', 0, 10);
  log.flush();
  assert.equal(c.records.length, 3);
  assert.deepEqual({ count: c.records[0].count, bytes: c.records[0].bytes, target: c.records[0].target }, { count: 1000, bytes: 10_000, target: 'stdout' });
  assert.equal(c.records[1].count, undefined);
  assert.equal(c.records[2].count, undefined);
  assert.deepEqual(c.records.map((r) => r.seq), [0, 1, 2]);
});

test('records keep call order when window records and data-moving runs interleave', () => {
  const c = collector();
  let t = 0;
  const log = new AccessLog(() => t++, [c.sink]);
  for (let i = 0; i < 2; i++) {
    log.allow('path_open', 'filesystem', '/d/f', 0, '/h/d/f');
    log.io('fd_read', 'filesystem', '/d/f', 0, 5);
    log.io('fd_read', 'filesystem', '/d/f', 0, 5);
    log.allow('fd_close', 'filesystem', '/d/f', 0);
  }
  log.flush();
  assert.deepEqual(c.records.map((r) => `${r.call}x${r.count ?? 1}`), ['path_openx1', 'fd_readx2', 'fd_closex1', 'path_openx1', 'fd_readx2', 'fd_closex1']);
  assert.deepEqual(c.records.map((r) => r.time), [0, 1, 2, 3, 4, 5]);
});

test('an open/close loop folds to two records per window; a denial closes the window first', () => {
  const c = collector();
  // The clock says when each call happens; a folded record keeps the time of its first call.
  let t = 0;
  const log = new AccessLog(() => t, [c.sink]);
  for (let i = 0; i < 500; i++) {
    t = 2 * i;
    log.allow('path_open', 'filesystem', '/d/f', 0, '/host/d/f');
    t = 2 * i + 1;
    log.allow('fd_close', 'filesystem', '/d/f', 0);
  }
  t = 1000;
  log.deny('path_open', 'filesystem', '/etc', 76, 'absolute path');
  t = 1001;
  log.allow('path_open', 'filesystem', '/d/f', 0, '/host/d/f');
  log.flush();
  assert.deepEqual(c.records.map((r) => [r.call, r.decision, r.count ?? 1, r.time]), [
    ['path_open', 'allowed', 500, 0], ['fd_close', 'allowed', 500, 1], ['path_open', 'denied', 1, 1000], ['path_open', 'allowed', 1, 1001],
  ]);
  assert.equal(c.records[0].hostPath, '/host/d/f');
  assert.equal(log.summary().calls, 1002);
});

test('a different errno breaks a fold; allow/deny records close an open fold first, keeping order', () => {
  const c = collector();
  const log = new AccessLog(() => 0, [c.sink]);
  log.io('fd_read', 'filesystem', '/d/f', 0, 5);
  log.io('fd_read', 'filesystem', '/d/f', 8, 0);
  log.deny('path_open', 'filesystem', '/etc', 76, 'absolute path');
  log.flush();
  assert.deepEqual(c.records.map((r) => [r.call, r.errno, r.decision]), [
    ['fd_read', 'success', 'allowed'], ['fd_read', 'badf', 'allowed'], ['path_open', 'notcapable', 'denied'],
  ]);
  assert.equal(c.records[2].reason, 'absolute path');
});

test('detail mode records every call separately', () => {
  const c = collector();
  const log = new AccessLog(() => 0, [c.sink], { detail: true });
  for (let i = 0; i < 5; i++) log.io('random_get', 'random', 'random', 0, 8);
  log.flush();
  assert.equal(c.records.length, 5);
  assert.ok(c.records.every((r) => r.count === undefined && r.bytes === 8));
});

test('records reach the sinks in batches of batchSize, and memory stays bounded', () => {
  const c = collector();
  const log = new AccessLog(() => 0, [c.sink], { batchSize: 100, ringSize: 50 });
  for (let i = 0; i < 1050; i++) log.allow('path_open', 'filesystem', `/d/f${i}`, 0);
  assert.deepEqual(c.batches, Array(10).fill(100));
  log.flush();
  assert.equal(c.records.length, 1050);
  const recent = log.recent();
  assert.equal(recent.length, 50);
  assert.equal(recent[0].target, '/d/f1000');
  assert.equal(recent[49].target, '/d/f1049');
});

test('the summary counts per capability and per target, and caps distinct targets', () => {
  const log = new AccessLog(() => 0, []);
  log.io('fd_write', 'stdio', 'stdout', 0, 4);
  log.io('fd_write', 'stdio', 'stdout', 0, 6);
  log.deny('random_get', 'random', 'random', 76, 'off');
  for (let i = 0; i < 10_005; i++) log.allow('path_open', 'filesystem', `/x/${i}`, 0);
  const s = log.summary();
  assert.equal(s.calls, 3 + 10_005);
  assert.equal(s.denied, 1);
  assert.deepEqual(s.byCapability.stdio, { allowed: 2, denied: 0 });
  assert.deepEqual(s.byCapability.random, { allowed: 0, denied: 1 });
  assert.deepEqual(s.byTarget.stdout, { allowed: 2, denied: 0, bytes: 10 });
  assert.ok(Object.keys(s.byTarget).length <= 10_001);
  assert.ok((s.byTarget['(other)']?.allowed ?? 0) > 0);
});

test('the JSON Lines sink writes one parseable record per line', () => {
  const file = path.join(tempDir(), 'log.jsonl');
  const log = new AccessLog(() => 1.5, [jsonLinesSink(file)], { batchSize: 2 });
  log.allow('args_get', 'args', 'argv', 0, undefined, 12);
  log.deny('path_open', 'filesystem', '/etc/passwd', 76, 'absolute path');
  log.io('fd_write', 'stdio', 'stdout', 0, 3);
  log.close();
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as AccessRecord);
  assert.equal(lines.length, 3);
  assert.deepEqual(lines[0], { seq: 0, time: 1.5, call: 'args_get', capability: 'args', decision: 'allowed', errno: 'success', target: 'argv', bytes: 12 });
  assert.equal(lines[1].decision, 'denied');
});

test('host trace option reports each call with named arguments and its errno', () => {
  const events: { call: string; errno: number | undefined; args: Readonly<Record<string, number | bigint>> }[] = [];
  const h = harness(makePolicy(), { trace: (e) => events.push(e) });
  const out = h.mem.alloc(8);
  h.call('clock_time_get', 9, 0n, out);
  assert.equal(events.length, 1);
  assert.equal(events[0].call, 'clock_time_get');
  assert.equal(events[0].errno, 28);
  assert.deepEqual(events[0].args, { id: 9, precision: 0n, time: out });
});

test('pending records are handed over before the module blocks on stdin', () => {
  let seenAtRead = -1;
  const records: unknown[] = [];
  const h = harness(makePolicy(), {
    accessLog: { batchSize: 1000 },
    onRecord: (r) => records.push(r),
    stdio: { stdin: { isTTY: false, ready: () => true, read: () => { seenAtRead = records.length; return 0; } } },
  });
  const sizes = h.mem.alloc(8, 4);
  h.call('args_sizes_get', sizes, sizes + 4);
  const buf = h.mem.alloc(8, 1);
  const [iov, n] = h.mem.iovecs([[buf, 8]]);
  assert.equal(h.call('fd_read', 0, iov, n, h.mem.alloc(4, 4)), 0);
  assert.equal(seenAtRead, 1);
});

test('the fast JSON writer equals JSON.stringify, including strings that need escaping', () => {
  const samples: AccessRecord[] = [
    { seq: 0, time: 0.125, call: 'path_open', capability: 'filesystem', target: '/d/plain.txt', hostPath: '/tmp/x/plain.txt', decision: 'allowed', errno: 'success' },
    { seq: 1, time: 3, call: 'path_open', capability: 'filesystem', target: '/d/"quoted"\\back\nline\u0001', decision: 'denied', errno: 'notcapable', reason: 'a "reason"', wasmFunction: 5, wasmOffset: 300, wasmFrames: [{ fn: 5, offset: 300 }, { fn: 2, offset: 41 }] },
    { seq: 2, time: 1e-7, call: 'fd_write', capability: 'stdio', target: 'stdout', decision: 'allowed', errno: 'success', bytes: 10, count: 4 },
    { seq: 3, time: 1, call: 'path_open', capability: 'filesystem', target: 'ünï\ud800', decision: 'allowed', errno: 'noent' },
  ];
  for (const r of samples) assert.deepEqual(JSON.parse(recordJson(r)), JSON.parse(JSON.stringify(r)));
});
