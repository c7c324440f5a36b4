// `wasi-studio run --listen HOST:PORT`: listening TCP sockets handed to the module as preopened
// descriptors. Node has no synchronous socket API and the module blocks the thread it runs on, so
// the module runs in a Worker while the main thread owns the servers and their connections. They
// meet through one shared channel per listener (wasi/socketChannel.ts): the main thread reads each
// connection and passes connections, bytes, ends and errors through shared memory, where a blocked
// sock_accept or sock_recv in the Worker wakes as soon as they arrive; what the module sends, and its
// shutdown and close, come back as messages the main thread performs on the socket.
import type * as net from 'node:net';
import type { PreopenedSocket } from '../wasi/sock';
import { createSocketChannel, SocketChannelFeeder, SocketChannelListener } from '../wasi/socketChannel';
import { Errno } from '../wasi/defs';
import { hostErrno } from '../wasi/errors';

/** After the module ended, how long a connection may take to write out what the module sent. */
const LINGER_MS = 5000;

export interface ListenSpec {
  readonly host: string;
  readonly port: number;
}

/** What the Worker needs to build a listener: its name and the shared channel. */
export interface SocketPlan {
  readonly name: string;
  readonly channel: SharedArrayBuffer;
}

/** Messages the Worker posts about connections the main thread owns. */
export interface SocketControl {
  readonly socket: {
    readonly listener: number;
    readonly connection: number;
    readonly action: 'close' | 'shutdown' | 'write';
    readonly how?: number;
    readonly data?: Uint8Array;
  };
}

/** Parses `HOST:PORT` (port 0 picks a free one). */
export function parseListen(value: string): ListenSpec | string {
  const at = value.lastIndexOf(':');
  const host = at > 0 ? value.slice(0, at) : '';
  const portText = at > 0 ? value.slice(at + 1) : '';
  if (host.length === 0 || !/^\d+$/.test(portText) || Number(portText) > 65535) return `--listen ${value}: expected HOST:PORT`;
  return { host, port: Number(portText) };
}

/** The main thread's side: servers, their channels and the connections they accepted. */
export class Listeners {
  private readonly servers: net.Server[] = [];
  private readonly feeders: SocketChannelFeeder[] = [];
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
    const channel = createSocketChannel();
    const sockets: net.Socket[] = [];
    const feeder = new SocketChannelFeeder(channel, {
      pause: (id) => sockets[id]?.pause(),
      resume: (id) => sockets[id]?.resume(),
    });
    // node:net (and the streams under it) is loaded only when --listen asks for it: start-up cost.
    const { createServer } = require('node:net') as typeof net;
    // Half-open connections stay open: a module may read to the end and answer afterwards.
    const server = createServer({ pauseOnConnect: true, allowHalfOpen: true }, (socket) => {
      const id = feeder.connected();
      if (id === undefined) {
        socket.destroy();
        return;
      }
      sockets[id] = socket;
      socket.on('data', (chunk: Buffer) => feeder.received(id, chunk));
      socket.on('end', () => feeder.ended(id));
      socket.on('error', (e) => feeder.failed(id, socketErrno(e)));
      socket.on('close', () => feeder.forget(id));
      if (feeder.flowing(id)) socket.resume();
    });
    this.servers.push(server);
    this.feeders.push(feeder);
    this.connections.push(sockets);
    return new Promise((resolve) => {
      server.once('error', (e) => resolve(`cannot listen on ${spec.host}:${spec.port}: ${e.message}`));
      server.listen(spec.port, spec.host, () => {
        const a = server.address();
        const bound = typeof a === 'object' && a !== null ? `${spec.host}:${a.port}` : `${spec.host}:${spec.port}`;
        this.addresses.push(bound);
        this.plans[index] = { name: `tcp://${bound}`, channel };
        resolve(undefined);
      });
    });
  }

  /** Acts on a Worker's request about a connection. */
  control(message: SocketControl): void {
    const { listener, connection, action, how, data } = message.socket;
    const socket = this.connections[listener]?.[connection];
    const feeder = this.feeders[listener];
    if (socket === undefined || feeder === undefined) return;
    if (action === 'write' && data !== undefined) {
      const done = (): void => feeder.wrote(connection, data.length);
      if (socket.destroyed || !socket.writable) done();
      else socket.write(data, done);
    } else if (action === 'shutdown') {
      if (((how ?? 0) & 2) !== 0) socket.end();
    } else if (action === 'close') {
      feeder.forget(connection);
      linger(socket);
    }
  }

  close(): void {
    for (const s of this.servers) s.close();
    for (const f of this.feeders) f.close();
    for (const list of this.connections) for (const c of list) linger(c);
  }
}

/** Ends a connection once what the module sent is written, and destroys it if that takes too long. */
function linger(socket: net.Socket): void {
  if (socket.destroyed) return;
  socket.destroySoon();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** The WASI errno of a socket's error event (io when Node names no POSIX code). */
function socketErrno(e: unknown): number {
  try {
    return hostErrno(e);
  } catch {
    return Errno.io;
  }
}

/** The Worker's side: one preopened socket per plan. `post` reaches the main thread. */
export function preopenedSockets(plans: readonly SocketPlan[], post: (m: SocketControl) => void): PreopenedSocket[] {
  return plans.map((plan, listener) => ({
    name: plan.name,
    listener: new SocketChannelListener(plan.channel, {
      write: (connection, data) => post({ socket: { listener, connection, action: 'write', data } }),
      shutdown: (connection, how) => post({ socket: { listener, connection, action: 'shutdown', how } }),
      close: (connection) => post({ socket: { listener, connection, action: 'close' } }),
    }),
  }));
}
