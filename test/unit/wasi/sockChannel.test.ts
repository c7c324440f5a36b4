// The shared socket channel (wasi/socketChannel.ts) with both sides on one thread: bytes, ends and
// errors arrive in order through a ring that wraps and fills (the owner then pauses its sockets and
// resumes them once the module's side made room), a connection the module does not read is paused
// above its limit, peeks span frames, and sends come back as requests with their own limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERRNO_NAMES, type SocketConnection } from '../../../debug-adapter/src/wasi/index';
import { CHANNEL_MAX_CONNECTIONS, createSocketChannel, SocketChannelFeeder, SocketChannelListener } from '../../../debug-adapter/src/wasi/socketChannel';

const E = (name: (typeof ERRNO_NAMES)[number]): number => ERRNO_NAMES.indexOf(name);

/** Lets Atomics.waitAsync callbacks (the owner's flow control) run. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

interface Pair {
  readonly feeder: SocketChannelFeeder;
  readonly listener: SocketChannelListener;
  readonly events: string[];
  readonly writes: [number, string][];
}

function pair(): Pair {
  const buffer = createSocketChannel();
  const events: string[] = [];
  const writes: [number, string][] = [];
  const feeder = new SocketChannelFeeder(buffer, { pause: (id) => events.push(`pause ${id}`), resume: (id) => events.push(`resume ${id}`) });
  const listener = new SocketChannelListener(buffer, {
    write: (id, bytes) => writes.push([id, Buffer.from(bytes).toString()]),
    shutdown: (id, how) => events.push(`shutdown ${id} ${how}`),
    close: (id) => events.push(`close ${id}`),
  });
  return { feeder, listener, events, writes };
}

function accept(p: Pair): SocketConnection {
  const conn = p.listener.accept();
  assert.notEqual(typeof conn, 'number');
  return conn as SocketConnection;
}

function recvText(conn: SocketConnection, len: number, peek = false): string | number {
  const buf = new Uint8Array(len);
  const n = conn.recv(buf, 0, len, peek);
  return n < 0 ? n : Buffer.from(buf.subarray(0, n)).toString();
}

test('connections are accepted in order; the listener wakes and reports readiness', () => {
  const p = pair();
  assert.equal(p.listener.accept(), -E('again'));
  const seen = Atomics.load(p.listener.wake.cell, p.listener.wake.index);
  assert.equal(p.feeder.connected(), 0);
  assert.notEqual(Atomics.load(p.listener.wake.cell, p.listener.wake.index), seen, 'the wake cell moved');
  assert.equal(p.listener.readable(), true);
  accept(p);
  assert.equal(p.listener.readable(), false);
});

test('bytes, end and error arrive per connection, in order; peek spans frames', () => {
  const p = pair();
  const a = p.feeder.connected() ?? -1;
  const b = p.feeder.connected() ?? -1;
  const ca = accept(p);
  const cb = accept(p);
  assert.equal(ca.readable(), false);
  assert.equal(recvText(ca, 4), -E('again'));
  p.feeder.received(a, Buffer.from('ab'));
  p.feeder.received(b, Buffer.from('xyz'));
  p.feeder.received(a, Buffer.from('cd'));
  p.feeder.ended(a);
  p.feeder.failed(b, E('connreset'));
  assert.equal(ca.readable(), true);
  assert.equal(recvText(ca, 4, true), 'abcd');
  assert.equal(recvText(ca, 3), 'abc');
  assert.equal(recvText(ca, 8), 'd');
  assert.equal(recvText(ca, 8), '', 'end of stream');
  assert.equal(recvText(cb, 8), 'xyz', 'bytes before the error are still delivered');
  assert.equal(recvText(cb, 8), -E('connreset'));
  assert.equal(cb.send(new Uint8Array(1), 0, 1), -E('connreset'));
});

test('a ring that fills pauses every socket until the module side drains it; nothing is lost or reordered', async () => {
  const p = pair();
  const id = p.feeder.connected() ?? -1;
  const conn = accept(p);
  const sent: number[] = [];
  for (let i = 0; i < 120; i++) {
    const chunk = Buffer.alloc(3001, i % 251);
    sent.push(...chunk);
    p.feeder.received(id, chunk);
  }
  assert.ok(p.events.includes(`pause ${id}`), 'the owner was told to pause');
  assert.equal(p.feeder.flowing(id), false);
  const got: number[] = [];
  const buf = new Uint8Array(10_000);
  while (got.length < sent.length) {
    const n = conn.recv(buf, 0, buf.length, false);
    if (n === -E('again')) await tick();
    else got.push(...buf.subarray(0, n));
  }
  assert.deepEqual(got, sent);
  assert.equal(p.events.at(-1), `resume ${id}`);
  assert.equal(p.feeder.flowing(id), true);
});

test('a connection the module does not read is paused above its limit and resumed once it was read', async () => {
  const p = pair();
  const slow = p.feeder.connected() ?? -1;
  const conn = accept(p);
  const chunk = Buffer.alloc(64 * 1024, 7);
  let pushed = 0;
  // Keep the ring drained (as a module reading other connections would) without reading `slow`.
  while (!p.events.includes(`pause ${slow}`)) {
    p.feeder.received(slow, chunk);
    pushed += chunk.length;
    p.listener.drain();
    await tick();
  }
  assert.ok(pushed > 1024 * 1024);
  assert.equal(p.feeder.flowing(slow), false);
  const buf = new Uint8Array(pushed);
  assert.equal(conn.recv(buf, 0, buf.length, false), pushed);
  await tick();
  assert.equal(p.events.at(-1), `resume ${slow}`);
});

test('sends become write requests; above the limit send says again until the owner wrote them', () => {
  const p = pair();
  const id = p.feeder.connected() ?? -1;
  const conn = accept(p);
  const big = new Uint8Array(1024 * 1024);
  assert.equal(conn.send(Buffer.from('hi'), 0, 2), 2);
  assert.deepEqual(p.writes, [[id, 'hi']]);
  assert.equal(conn.send(big, 0, big.length), big.length);
  assert.equal(conn.send(Buffer.from('x'), 0, 1), -E('again'));
  p.feeder.wrote(id, big.length);
  assert.equal(conn.send(Buffer.from('x'), 0, 1), 1);
  assert.equal(conn.shutdown(2), 0);
  assert.equal(conn.send(Buffer.from('x'), 0, 1), -E('pipe'));
  conn.close();
  assert.deepEqual(p.events, [`shutdown ${id} 2`, `close ${id}`]);
});

test('the listener refuses connections beyond its capacity', () => {
  const p = pair();
  for (let i = 0; i < CHANNEL_MAX_CONNECTIONS; i++) assert.equal(p.feeder.connected(), i);
  assert.equal(p.feeder.connected(), undefined);
});
