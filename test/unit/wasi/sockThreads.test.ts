// Sockets across threads, as `wasi-studio run --listen` uses them: the main thread owns a real TCP
// server (cli/sockets.ts Listeners) and the module runs in a Worker. The Worker announces each step
// before making a blocking call, and the test acts (connects, sends) only after that announcement, so
// a call that did not block would return `again` instead of the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Listeners, type SocketControl } from '../../../debug-adapter/src/cli/sockets';

interface Step { readonly step: string; readonly [key: string]: unknown }

/** Runs `body` in a Worker with a harness `h` whose descriptor 3 is the listener; `onStep` answers its announcements. */
async function inWorker(body: string, onStep: (step: Step, listeners: Listeners) => void): Promise<Step> {
  const listeners = await Listeners.open([{ host: '127.0.0.1', port: 0 }]);
  if ('error' in listeners) throw new Error(listeners.error);
  const worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const { preopenedSockets } = require(workerData.socketsModule);
    const { harness, makePolicy } = require(workerData.helpers);
    const sockets = preopenedSockets(workerData.plans, (m) => parentPort.postMessage(m));
    const h = harness(makePolicy({ allow: { clock: true, random: true, sockets: true, exit: true } }), { sockets });
    const say = (step, extra) => parentPort.postMessage({ step, ...extra });
    const recv = (fd, size, flags) => {
      const buf = h.mem.alloc(size, 1), [iov, n] = h.mem.iovecs([[buf, size]]), lens = h.mem.alloc(8, 4);
      const errno = h.call('sock_recv', fd, iov, n, flags, lens, lens + 4);
      return { errno, text: errno === 0 ? h.mem.text(buf, h.mem.u32(lens)) : '' };
    };
    ${body}
  `, {
    eval: true,
    workerData: {
      plans: listeners.plans,
      socketsModule: path.resolve(__dirname, '../../../debug-adapter/src/cli/sockets.js'),
      helpers: path.resolve(__dirname, 'helpers.js'),
    },
  });
  try {
    return await new Promise<Step>((resolve, reject) => {
      worker.on('message', (m: Step | SocketControl) => {
        if (isControl(m)) listeners.control(m);
        else if (m.step === 'done') resolve(m);
        else onStep(m, listeners);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`the worker exited (${code}) before it was done`)));
    });
  } finally {
    await worker.terminate();
    listeners.close();
  }
}

function isControl(m: Step | SocketControl): m is SocketControl {
  return 'socket' in m;
}

function port(listeners: Listeners): number {
  return Number(listeners.addresses[0].split(':')[1]);
}

test('a blocking sock_accept returns the connection made after it started waiting; recv waits for data; peek and waitall over TCP', { timeout: 60_000 }, async () => {
  let client: net.Socket | undefined;
  let reply = '';
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => { resolveEnded = resolve; });
  const result = await inWorker(`
    const out = h.mem.alloc(4, 4);
    say('accepting');
    const accepted = h.call('sock_accept', 3, 0, out);
    const fd = h.mem.u32(out);
    say('receiving');
    const peeked = recv(fd, 64, 1);
    const received = recv(fd, 64, 0);
    say('waitall');
    const all = recv(fd, 11, 2);
    const [siov, sn] = h.mem.iovecs([h.mem.data('done:' + all.text)]);
    const sent = h.call('sock_send', fd, siov, sn, 0, out);
    h.call('sock_shutdown', fd, 2);
    h.call('fd_close', fd);
    say('done', { accepted, peeked, received, all, sent });
  `, (m, listeners) => {
    if (m.step === 'accepting') {
      client = net.connect(port(listeners), '127.0.0.1');
      client.on('data', (d: Buffer) => { reply += d.toString(); });
      client.on('end', () => resolveEnded());
    } else if (m.step === 'receiving') {
      client?.write('hello');
    } else if (m.step === 'waitall') {
      // Two writes, the second only after the first was handed to the OS: recv(WAITALL) must wait for both.
      client?.write('abc', () => client?.write('defghijk'));
    }
  });
  assert.equal(result.accepted, 0, 'sock_accept waited for the connection instead of returning again');
  assert.deepEqual(result.peeked, { errno: 0, text: 'hello' });
  assert.deepEqual(result.received, { errno: 0, text: 'hello' }, 'the peeked bytes came again');
  assert.deepEqual(result.all, { errno: 0, text: 'abcdefghijk' });
  assert.equal(result.sent, 0);
  await ended;
  assert.equal(reply, 'done:abcdefghijk');
  client?.destroy();
});

test('poll_oneoff on the listener returns its fd event when a client connects, before a long clock', { timeout: 60_000 }, async () => {
  let client: net.Socket | undefined;
  const result = await inWorker(`
    const subs = h.mem.alloc(96), events = h.mem.alloc(64), n = h.mem.alloc(4, 4);
    h.mem.setU64(subs, 1n); h.mem.setU8(subs + 8, 1); h.mem.setU32(subs + 16, 3);
    h.mem.setU64(subs + 48, 2n); h.mem.setU8(subs + 56, 0); h.mem.setU32(subs + 64, 1); h.mem.setU64(subs + 72, 600000000000n);
    say('polling');
    const errno = h.call('poll_oneoff', subs, events, 2, n);
    const out = h.mem.alloc(4, 4);
    h.call('fd_fdstat_set_flags', 3, 4);
    const accepted = h.call('sock_accept', 3, 0, out);
    const again = h.call('sock_accept', 3, 0, out);
    say('done', { errno, count: h.mem.u32(n), userdata: String(h.mem.u64(events)), accepted, again });
  `, (m, listeners) => {
    if (m.step === 'polling') client = net.connect(port(listeners), '127.0.0.1');
  });
  client?.destroy();
  assert.deepEqual(result, { step: 'done', errno: 0, count: 1, userdata: '1', accepted: 0, again: 6 });
});

test('poll_oneoff over the listener and a connection returns the connection when data arrives', { timeout: 60_000 }, async () => {
  let client: net.Socket | undefined;
  const result = await inWorker(`
    const out = h.mem.alloc(4, 4);
    say('accepting');
    h.call('sock_accept', 3, 0, out);
    const fd = h.mem.u32(out);
    const subs = h.mem.alloc(144), events = h.mem.alloc(96), n = h.mem.alloc(4, 4);
    h.mem.setU64(subs, 1n); h.mem.setU8(subs + 8, 1); h.mem.setU32(subs + 16, 3);
    h.mem.setU64(subs + 48, 2n); h.mem.setU8(subs + 56, 1); h.mem.setU32(subs + 64, fd);
    h.mem.setU64(subs + 96, 3n); h.mem.setU8(subs + 104, 0); h.mem.setU32(subs + 112, 1); h.mem.setU64(subs + 120, 600000000000n);
    say('polling');
    const errno = h.call('poll_oneoff', subs, events, 3, n);
    const got = recv(fd, 16, 0);
    say('done', { errno, count: h.mem.u32(n), userdata: String(h.mem.u64(events)), got });
  `, (m, listeners) => {
    if (m.step === 'accepting') client = net.connect(port(listeners), '127.0.0.1');
    else if (m.step === 'polling') client?.write('ready');
  });
  client?.destroy();
  assert.deepEqual(result, { step: 'done', errno: 0, count: 1, userdata: '2', got: { errno: 0, text: 'ready' } });
});
