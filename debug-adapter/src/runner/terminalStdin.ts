// Adapter side of the terminal stdin relay (console: integratedTerminal). It listens on a Unix domain
// socket in a private temporary folder (a named pipe on Windows), never on a TCP port, and accepts
// one connection: dist/stdin-relay.js, started in the client's terminal, which sends what the user
// types. The relay's end of writing is the module's EOF; closing this end tells the relay to exit.

import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TerminalStdinHandlers {
  /** Bytes the user typed (whole lines, as the terminal is in line mode). */
  readonly onData: (data: Uint8Array) => void;
  /** The user ended input (Ctrl-D) or the relay went away. Called once. */
  readonly onEnd: () => void;
}

export class TerminalStdin {
  /** The socket path (or pipe name) the relay connects to; its only command-line argument. */
  readonly address: string;
  private readonly server: Server;
  private readonly dir: string | undefined;
  private socket: Socket | undefined;
  private ended = false;
  private closed = false;

  private constructor(server: Server, address: string, dir: string | undefined, private readonly handlers: TerminalStdinHandlers) {
    this.server = server;
    this.address = address;
    this.dir = dir;
  }

  /** Starts listening; resolves once the relay can connect. */
  static async open(handlers: TerminalStdinHandlers): Promise<TerminalStdin> {
    // mkdtemp creates the folder with mode 0700: no other user can connect to the socket inside it.
    const dir = process.platform === 'win32' ? undefined : mkdtempSync(join(tmpdir(), 'wasi-studio-'));
    const address = dir !== undefined ? join(dir, 'stdin.sock') : `\\\\.\\pipe\\wasi-studio-stdin-${randomUUID()}`;
    // allowHalfOpen: the relay's end of input must not close the way back, which tells it when to exit.
    const server = createServer({ allowHalfOpen: true });
    const stdin = new TerminalStdin(server, address, dir, handlers);
    server.on('connection', (socket) => stdin.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(address, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // Later errors (none are expected once listening) must not crash the adapter.
    server.on('error', () => stdin.end());
    return stdin;
  }

  private accept(socket: Socket): void {
    if (this.socket !== undefined || this.closed) {
      // One relay per run: a second connection is not the terminal this run started.
      socket.destroy();
      return;
    }
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      if (!this.ended) this.handlers.onData(new Uint8Array(chunk));
    });
    socket.on('end', () => this.end());
    socket.on('close', () => this.end());
    socket.on('error', () => this.end());
  }

  /** Ends the module's input without a relay, e.g. when the client could not start the terminal. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.handlers.onEnd();
  }

  /** The run is over: the relay exits when its connection closes; the socket folder is removed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.ended = true;
    this.socket?.end();
    this.server.close();
    if (this.dir !== undefined) rmSync(this.dir, { recursive: true, force: true });
  }
}
