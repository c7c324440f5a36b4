// Sockets served by another thread. The module runs on a thread that blocks in its WASI calls, so the
// sockets themselves (a net.Server and its net.Sockets) live on a thread whose event loop stays free:
// the owner. One SharedArrayBuffer per listener carries, from the owner to the module's thread,
// - the number of connections accepted so far;
// - a ring of frames with what each connection received, its end, or its error;
// - a sequence word, the wake cell of the listener and its connections, bumped by every connection
//   and frame: a blocked sock_accept, sock_recv or poll_oneoff wakes as soon as something arrives;
// - per connection, the bytes received but not yet read by the module (the owner pauses the socket
//   above RX_HIGH) and the bytes the module sent that the owner has not written yet (send says
//   `again` above TX_HIGH, and waits in blocking mode).
// What the module sends, and shutdown and close, go back as requests (messages: the owner's event
// loop is free to receive them). The module's thread never touches the OS descriptor, so a
// descriptor the owner's libuv closes (a reset connection) can never be written to by mistake after
// the OS gave its number to another client.
import { Errno } from './defs';
import type { SocketConnection, SocketListener } from './sock';
import type { WakeCell } from './wait';

/** Connections per listener; more are refused by the owner. */
export const CHANNEL_MAX_CONNECTIONS = 256;
/** Bytes of the frame ring (a power of two). */
const RING_BYTES = 256 * 1024;
const RING_MASK = RING_BYTES - 1;
/** Largest payload of one frame; bigger chunks are split. */
const FRAME_MAX = RING_BYTES / 4;
const FRAME_HEADER = 8;
/** Received but unread bytes per connection above which the owner stops reading it. */
const RX_HIGH = 1024 * 1024;
/** Sent but unwritten bytes per connection above which send() answers `again`. */
const TX_HIGH = 1024 * 1024;

// Int32 words of the shared buffer, then the ring.
const W_COUNT = 0;
const W_WRITE = 1;
const W_READ = 2;
const W_SEQ = 3;
const W_RX = 4;
const W_TX = W_RX + CHANNEL_MAX_CONNECTIONS;
const RING_OFFSET = 4 * (W_TX + CHANNEL_MAX_CONNECTIONS);

const enum Frame { data = 1, end = 2, error = 3 }

/** The buffer one listener's owner and module thread share. */
export function createSocketChannel(): SharedArrayBuffer {
  return new SharedArrayBuffer(RING_OFFSET + RING_BYTES);
}

/** Atomics.waitAsync (Node 16+) is missing from the ES2022 lib typings. */
interface AtomicsWithWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

/** Calls `then` once words[index] no longer holds `value`, without blocking the owner's thread. */
function whenChanged(words: Int32Array, index: number, value: number, then: () => void): void {
  const wait = (Atomics as unknown as AtomicsWithWaitAsync).waitAsync(words, index, value);
  if (wait.async) wait.value.then(then, then);
  else queueMicrotask(then);
}

function padded(len: number): number {
  return (len + 7) & ~7;
}

/** How the owner's sockets are paused and resumed by the channel's flow control. */
export interface FeederHooks {
  pause(id: number): void;
  resume(id: number): void;
}

/** The owner's side of one listener's channel. */
export class SocketChannelFeeder {
  private readonly words: Int32Array;
  private readonly ring: Uint8Array;
  private readonly ringWords: Int32Array;
  /** Frames that did not fit in the ring, in order; while there are any, every socket is paused. */
  private readonly backlog: { id: number; kind: Frame; bytes: Uint8Array | undefined; code: number }[] = [];
  private readonly rxPaused = new Set<number>();
  private readonly live = new Set<number>();
  private waitingForRoom = false;
  private closed = false;

  constructor(buffer: SharedArrayBuffer, private readonly hooks: FeederHooks) {
    this.words = new Int32Array(buffer, 0, RING_OFFSET / 4);
    this.ring = new Uint8Array(buffer, RING_OFFSET, RING_BYTES);
    this.ringWords = new Int32Array(buffer, RING_OFFSET, RING_BYTES / 4);
  }

  /** Registers a new connection for the module's next accept; undefined when the listener is full. */
  connected(): number | undefined {
    const id = Atomics.load(this.words, W_COUNT);
    if (id >= CHANNEL_MAX_CONNECTIONS || this.closed) return undefined;
    this.live.add(id);
    Atomics.store(this.words, W_COUNT, id + 1);
    this.bump();
    return id;
  }

  /** May the socket read now (false while the module is behind)? */
  flowing(id: number): boolean {
    return this.backlog.length === 0 && !this.rxPaused.has(id);
  }

  received(id: number, bytes: Uint8Array): void {
    const total = Atomics.add(this.words, W_RX + id, bytes.length) + bytes.length;
    for (let at = 0; at < bytes.length; at += FRAME_MAX) this.frame(id, Frame.data, bytes.subarray(at, at + FRAME_MAX), 0);
    if (total > RX_HIGH && !this.rxPaused.has(id)) {
      this.rxPaused.add(id);
      this.hooks.pause(id);
      this.watchUnread(id);
    }
  }

  ended(id: number): void {
    this.frame(id, Frame.end, undefined, 0);
  }

  /** The connection failed with this WASI errno (e.g. connreset). */
  failed(id: number, errno: number): void {
    this.frame(id, Frame.error, undefined, errno);
    this.live.delete(id);
  }

  /** The owner wrote `n` bytes the module had sent. */
  wrote(id: number, n: number): void {
    Atomics.sub(this.words, W_TX + id, n);
    this.bump();
  }

  /** The connection is gone on the owner's side: no more flow control for it. */
  forget(id: number): void {
    this.live.delete(id);
    this.rxPaused.delete(id);
  }

  close(): void {
    this.closed = true;
  }

  private frame(id: number, kind: Frame, bytes: Uint8Array | undefined, code: number): void {
    if (this.backlog.length > 0 || !this.put(id, kind, bytes, code)) {
      this.backlog.push({ id, kind, bytes: bytes?.slice(), code });
      if (this.backlog.length === 1) for (const c of this.live) this.hooks.pause(c);
      this.waitForRoom();
      return;
    }
    this.bump();
  }

  /** Writes one frame if it fits: [id * 4 + kind][length, or errno for an error], then the bytes. */
  private put(id: number, kind: Frame, bytes: Uint8Array | undefined, code: number): boolean {
    const len = bytes?.length ?? 0;
    const write = Atomics.load(this.words, W_WRITE);
    const used = (write - Atomics.load(this.words, W_READ)) | 0;
    const need = FRAME_HEADER + padded(len);
    if (need > RING_BYTES - used) return false;
    const at = write & RING_MASK;
    this.ringWords[at >> 2] = id * 4 + kind;
    this.ringWords[(at >> 2) + 1] = bytes !== undefined ? len : code;
    if (bytes !== undefined) {
      const start = (at + FRAME_HEADER) & RING_MASK;
      const first = Math.min(len, RING_BYTES - start);
      this.ring.set(bytes.subarray(0, first), start);
      if (first < len) this.ring.set(bytes.subarray(first), 0);
    }
    // Publishing the new write position makes the frame visible to the module's thread.
    Atomics.store(this.words, W_WRITE, (write + need) | 0);
    return true;
  }

  private bump(): void {
    Atomics.add(this.words, W_SEQ, 1);
    Atomics.notify(this.words, W_SEQ);
  }

  private waitForRoom(): void {
    if (this.waitingForRoom || this.closed) return;
    this.waitingForRoom = true;
    whenChanged(this.words, W_READ, Atomics.load(this.words, W_READ), () => {
      this.waitingForRoom = false;
      this.drainBacklog();
    });
  }

  private drainBacklog(): void {
    while (this.backlog.length > 0) {
      const f = this.backlog[0];
      if (!this.put(f.id, f.kind, f.bytes, f.code)) {
        this.waitForRoom();
        return;
      }
      this.backlog.shift();
      this.bump();
    }
    for (const id of this.live) if (!this.rxPaused.has(id)) this.hooks.resume(id);
  }

  /** Resumes a paused socket once the module has read at least half of what was waiting. */
  private watchUnread(id: number): void {
    const unread = Atomics.load(this.words, W_RX + id);
    if (this.closed || !this.live.has(id)) return;
    if (unread <= RX_HIGH / 2) {
      this.rxPaused.delete(id);
      if (this.backlog.length === 0) this.hooks.resume(id);
      return;
    }
    whenChanged(this.words, W_RX + id, unread, () => this.watchUnread(id));
  }
}

/** What the module's side asks of the owner. */
export interface ChannelRequests {
  write(id: number, bytes: Uint8Array): void;
  shutdown(id: number, how: number): void;
  close(id: number): void;
}

/** One connection's received bytes on the module's side, filled from the ring. */
interface Inbox {
  chunks: Uint8Array[];
  buffered: number;
  eof: boolean;
  errno: number;
  closed: boolean;
}

/** The module's side of one listener's channel. */
export class SocketChannelListener implements SocketListener {
  /**
   * The wake cell of the listener and all its connections: bumped by every new connection, every
   * frame and every write the owner finished. One cell for all, so a poll_oneoff over a listener and
   * its connections can sleep on it (a wake-up for another descriptor just means one more check).
   */
  readonly wake: WakeCell;
  private readonly words: Int32Array;
  private readonly ring: Uint8Array;
  private readonly ringWords: Int32Array;
  private readonly inboxes: Inbox[] = [];
  private taken = 0;

  constructor(buffer: SharedArrayBuffer, readonly requests: ChannelRequests) {
    this.words = new Int32Array(buffer, 0, RING_OFFSET / 4);
    this.ring = new Uint8Array(buffer, RING_OFFSET, RING_BYTES);
    this.ringWords = new Int32Array(buffer, RING_OFFSET, RING_BYTES / 4);
    this.wake = { cell: this.words, index: W_SEQ };
  }

  accept(): SocketConnection | number {
    if (this.taken >= Atomics.load(this.words, W_COUNT)) return -Errno.again;
    return new ChannelConnection(this, this.taken++);
  }

  readable(): boolean {
    return this.taken < Atomics.load(this.words, W_COUNT);
  }

  close(): void {
    // The sockets belong to the owner, which closes them when the module ends.
  }

  /** Moves every frame in the ring into its connection's inbox. */
  drain(): void {
    let read = Atomics.load(this.words, W_READ);
    const write = Atomics.load(this.words, W_WRITE);
    if (read === write) return;
    while (read !== write) {
      const at = read & RING_MASK;
      const head = this.ringWords[at >> 2];
      const second = this.ringWords[(at >> 2) + 1];
      const id = head >> 2;
      const kind = (head & 3) as Frame;
      const inbox = this.inbox(id);
      if (kind === Frame.data) {
        const bytes = new Uint8Array(second);
        const start = (at + FRAME_HEADER) & RING_MASK;
        const first = Math.min(second, RING_BYTES - start);
        bytes.set(this.ring.subarray(start, start + first));
        if (first < second) bytes.set(this.ring.subarray(0, second - first), first);
        if (!inbox.closed) {
          inbox.chunks.push(bytes);
          inbox.buffered += second;
        }
        read = (read + FRAME_HEADER + padded(second)) | 0;
      } else {
        if (kind === Frame.end) inbox.eof = true;
        else inbox.errno = second;
        read = (read + FRAME_HEADER) | 0;
      }
    }
    Atomics.store(this.words, W_READ, read);
    Atomics.notify(this.words, W_READ);
  }

  inbox(id: number): Inbox {
    let inbox = this.inboxes[id];
    if (inbox === undefined) this.inboxes[id] = inbox = { chunks: [], buffered: 0, eof: false, errno: 0, closed: false };
    return inbox;
  }

  /** The module read `n` bytes of connection `id`: the owner may resume reading it. */
  consumed(id: number, n: number): void {
    Atomics.sub(this.words, W_RX + id, n);
    Atomics.notify(this.words, W_RX + id);
  }

  /** Counts `n` bytes as sent-but-unwritten; false (and nothing counted) when too much is already pending. */
  reserveSend(id: number, n: number): boolean {
    if (Atomics.load(this.words, W_TX + id) >= TX_HIGH) return false;
    Atomics.add(this.words, W_TX + id, n);
    return true;
  }
}

class ChannelConnection implements SocketConnection {
  readonly wake: WakeCell;
  private readShut = false;
  private writeShut = false;

  constructor(private readonly listener: SocketChannelListener, private readonly id: number) {
    this.wake = listener.wake;
  }

  recv(buf: Uint8Array, off: number, len: number, peek: boolean): number {
    if (this.readShut) return 0;
    this.listener.drain();
    const inbox = this.listener.inbox(this.id);
    if (inbox.buffered === 0) return inbox.errno !== 0 ? -inbox.errno : inbox.eof ? 0 : -Errno.again;
    let copied = 0;
    let index = 0;
    while (copied < len && index < inbox.chunks.length) {
      const chunk = inbox.chunks[index];
      const k = Math.min(len - copied, chunk.length);
      buf.set(chunk.subarray(0, k), off + copied);
      copied += k;
      if (!peek) {
        if (k === chunk.length) inbox.chunks.shift();
        else inbox.chunks[0] = chunk.subarray(k);
      } else {
        index++;
      }
    }
    if (!peek) {
      inbox.buffered -= copied;
      this.listener.consumed(this.id, copied);
    }
    return copied;
  }

  send(buf: Uint8Array, off: number, len: number): number {
    if (this.writeShut) return -Errno.pipe;
    this.listener.drain();
    const inbox = this.listener.inbox(this.id);
    if (inbox.errno !== 0) return -inbox.errno;
    if (!this.listener.reserveSend(this.id, len)) return -Errno.again;
    this.listener.requests.write(this.id, buf.slice(off, off + len));
    return len;
  }

  shutdown(how: number): number {
    if ((how & 1) !== 0) this.readShut = true;
    if ((how & 2) !== 0) this.writeShut = true;
    this.listener.requests.shutdown(this.id, how);
    return 0;
  }

  readable(): boolean {
    if (this.readShut) return true;
    this.listener.drain();
    const inbox = this.listener.inbox(this.id);
    return inbox.buffered > 0 || inbox.eof || inbox.errno !== 0;
  }

  close(): void {
    const inbox = this.listener.inbox(this.id);
    inbox.closed = true;
    // Unread bytes no longer hold the owner back.
    if (inbox.buffered > 0) this.listener.consumed(this.id, inbox.buffered);
    inbox.chunks = [];
    inbox.buffered = 0;
    this.listener.requests.close(this.id);
  }
}
