// `wasi-studio run --listen HOST:PORT`: listening TCP sockets handed to the module as preopened
// descriptors. Node has no synchronous socket API and the module blocks the thread it runs on, so
// the module runs in a Worker while the main thread owns the servers: each accepted connection (kept
// paused, so libuv never reads from it) has its OS descriptor queued in a SharedArrayBuffer that the
// Worker's listener reads without blocking. The queue's count is also the listener's wake cell: the
// main thread notifies it, so a sock_accept blocked in the Worker wakes as soon as a client connects.
// The Worker reads and writes that (non-blocking) descriptor directly and asks the main thread, by
// message, to shut down or close the connection it owns.
//
// Connection data has no wake cell: the main thread only learns that bytes arrived by reading them,
// and if libuv read the socket it would also close the descriptor on a read error (ECONNRESET) while
// the Worker may still write to that number, which the OS may by then have given to a new client. So
// a blocked sock_recv re-checks its descriptor at short intervals instead (wasi/wait.ts).
import type * as net from 'node:net';
import type { PreopenedSocket, SocketConnection, SocketListener } from '../wasi/sock';
import { fdConnection } from '../wasi/sock';
import type { WakeCell } from '../wasi/wait';
import { Errno } from '../wasi/defs';

/** Connections queued per listener before new ones are refused. */
const QUEUE_CAPACITY = 256;

export interface ListenSpec {
  readonly host: string;
  readonly port: number;
}

/** What the Worker needs to build a listener: its name and the shared queue of descriptors. */
export interface SocketPlan {
  readonly name: string;
  readonly queue: SharedArrayBuffer;
}

/** Messages the Worker posts about connections the main thread owns. */
export interface SocketControl {
  readonly socket: { readonly listener: number; readonly connection: number; readonly action: 'close' | 'shutdown'; readonly how?: number };
}

/** Parses `HOST:PORT` (port 0 picks a free one). */
export function parseListen(value: string): ListenSpec | string {
  const at = value.lastIndexOf(':');
  const host = at > 0 ? value.slice(0, at) : '';
  const portText = at > 0 ? value.slice(at + 1) : '';
  if (host.length === 0 || !/^\d+$/.test(portText) || Number(portText) > 65535) return `--listen ${value}: expected HOST:PORT`;
  return { host, port: Number(portText) };
}

/** The main thread's side: servers, their queues and the connections they accepted. */
export class Listeners {
  private readonly servers: net.Server[] = [];
  private readonly connections: net.Socket[][] = [];
  readonly plans: SocketPlan[] = [];
  /** `host:port` actually bound, in order (useful with port 0). */
  readonly addresses: string[] = [];

  static async open(specs: readonly ListenSpec[]): Promise<Listeners | { error: string }> {
    const l = new Listeners();
    for (const spec of specs) {
      const error = await l.listen(spec);
      if (error !== undefined) {
        l.close();
        return { error };
      }
    }
    return l;
  }

  private listen(spec: ListenSpec): Promise<string | undefined> {
    const index = this.servers.length;
    const queue = new SharedArrayBuffer(4 * (1 + QUEUE_CAPACITY));
    const slots = new Int32Array(queue);
    const accepted: net.Socket[] = [];
    // node:net (and the streams under it) is loaded only when --listen asks for it: start-up cost.
    const { createServer } = require('node:net') as typeof net;
    const server = createServer({ pauseOnConnect: true }, (socket) => {
      const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
      const count = Atomics.load(slots, 0);
      if (typeof fd !== 'number' || fd < 0 || count >= QUEUE_CAPACITY) {
        socket.destroy();
        return;
      }
      accepted.push(socket);
      Atomics.store(slots, 1 + count, fd);
      Atomics.store(slots, 0, count + 1);
      Atomics.notify(slots, 0);
    });
    this.servers.push(server);
    this.connections.push(accepted);
    return new Promise((resolve) => {
      server.once('error', (e) => resolve(`cannot listen on ${spec.host}:${spec.port}: ${e.message}`));
      server.listen(spec.port, spec.host, () => {
        const a = server.address();
        const bound = typeof a === 'object' && a !== null ? `${spec.host}:${a.port}` : `${spec.host}:${spec.port}`;
        this.addresses.push(bound);
        this.plans[index] = { name: `tcp://${bound}`, queue };
        resolve(undefined);
      });
    });
  }

  /** Acts on a Worker's request about a connection. */
  control(message: SocketControl): void {
    const socket = this.connections[message.socket.listener]?.[message.socket.connection];
    if (socket === undefined) return;
    if (message.socket.action === 'close') socket.destroy();
    else if (((message.socket.how ?? 0) & 2) !== 0) socket.end();
  }

  close(): void {
    for (const s of this.servers) s.close();
    for (const list of this.connections) for (const c of list) c.destroy();
  }
}

/** The Worker's side: one preopened socket per plan. `post` reaches the main thread. */
export function preopenedSockets(plans: readonly SocketPlan[], post: (m: SocketControl) => void): PreopenedSocket[] {
  return plans.map((plan, index) => ({ name: plan.name, listener: new SharedQueueListener(index, new Int32Array(plan.queue), post) }));
}

class SharedQueueListener implements SocketListener {
  private taken = 0;
  readonly wake: WakeCell;
  constructor(private readonly index: number, private readonly slots: Int32Array, private readonly post: (m: SocketControl) => void) {
    this.wake = { cell: slots, index: 0 };
  }

  accept(): SocketConnection | number {
    if (this.taken >= Atomics.load(this.slots, 0)) return -Errno.again;
    const fd = Atomics.load(this.slots, 1 + this.taken);
    const id = this.taken++;
    const request = (action: 'close' | 'shutdown', how?: number): void =>
      this.post({ socket: { listener: this.index, connection: id, action, ...(how !== undefined ? { how } : {}) } });
    return fdConnection(fd, (how) => request('shutdown', how), () => request('close'));
  }

  readable(): boolean {
    return this.taken < Atomics.load(this.slots, 0);
  }

  close(): void {
    // The servers belong to the main thread, which closes them when the module ends.
  }
}
