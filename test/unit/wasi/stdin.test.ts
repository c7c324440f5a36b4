// Interactive stdin: a Worker blocks in fd_read until the owning thread feeds input through the
// SharedArrayBuffer handoff, exactly as the debugger's runner uses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createSharedStdinBuffer, SharedStdinFeeder, sharedReader, WasiHostError } from '../../../debug-adapter/src/wasi/index';
import { harness, makePolicy } from './helpers';

test('shared stdin: chunks larger than the reader buffer are delivered in order, then end of input', () => {
  const buffer = createSharedStdinBuffer(4);
  const feeder = new SharedStdinFeeder(buffer);
  const reader = sharedReader(buffer);
  feeder.push(new TextEncoder().encode('abcdef'));
  const into = new Uint8Array(3);
  assert.equal(reader.ready(), true);
  assert.equal(reader.read(into), 3);
  assert.equal(Buffer.from(into).toString(), 'abc');
  assert.equal(reader.read(into), 1);
  assert.equal(Buffer.from(into.subarray(0, 1)).toString(), 'd');
});

test('shared stdin: a Worker blocked in fd_read receives input fed later, then EOF', async () => {
  const buffer = createSharedStdinBuffer(64);
  const feeder = new SharedStdinFeeder(buffer);
  const hostModule = path.resolve(__dirname, '../../../debug-adapter/src/wasi/index.js');
  const helpers = path.resolve(__dirname, 'helpers.js');
  const worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const { sharedReader } = require(workerData.hostModule);
    const { harness, makePolicy } = require(workerData.helpers);
    const h = harness(makePolicy(), { stdio: { stdin: sharedReader(workerData.buffer) } });
    const buf = h.mem.alloc(64, 1);
    const [iov, n] = h.mem.iovecs([[buf, 64]]);
    const out = h.mem.alloc(4, 4);
    parentPort.postMessage({ ready: true });
    const got = [];
    for (;;) {
      const errno = h.call('fd_read', 0, iov, n, out);
      const len = h.mem.u32(out);
      if (errno !== 0 || len === 0) break;
      got.push(h.mem.text(buf, len));
    }
    parentPort.postMessage({ got });
  `, { eval: true, workerData: { buffer, hostModule, helpers } });
  const result = await new Promise<string[]>((resolve, reject) => {
    worker.on('message', (m: { ready?: boolean; got?: string[] }) => {
      if (m.ready) {
        feeder.push(new TextEncoder().encode('first line\n'));
        feeder.push(new TextEncoder().encode('second line\n'));
        feeder.end();
      } else if (m.got) resolve(m.got);
    });
    worker.on('error', reject);
  });
  await worker.terminate();
  assert.equal(result.join(''), 'first line\nsecond line\n');
});

test('an unexpected exception in a stream is reported as a WasiHostError naming the call', () => {
  const h = harness(makePolicy(), {
    stdio: { stdin: { isTTY: false, ready: () => true, read: () => { throw new Error('reader exploded'); } } },
  });
  const buf = h.mem.alloc(8, 1);
  const [iov, n] = h.mem.iovecs([[buf, 8]]);
  assert.throws(() => h.call('fd_read', 0, iov, n, h.mem.alloc(4, 4)), (e: unknown) => e instanceof WasiHostError && e.call === 'fd_read' && /reader exploded/.test(e.message));
});
