// Adapter side of the runner: forks dist/runner.js with an IPC channel, sends CDP requests to the
// module's Worker and hands back replies and events. It knows CDP message shapes but not DAP.

import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { FromChild, FromWorker, ToChild, WorkerConfig } from './protocol';

export interface RunnerEvents {
  attached: [];
  cdp: [method: string, params: unknown];
  output: [stream: 'stdout' | 'stderr', data: string];
  access: [records: FromWorker & { type: 'access' }];
  exit: [code: number];
  failed: [message: string, trap: boolean];
  /** The child process ended; no more events follow. */
  closed: [];
}

export class CdpError extends Error {}

export class RunnerProcess extends EventEmitter<RunnerEvents> {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  private closed = false;

  /** Forks the runner; `runnerScript` is dist/runner.js. */
  constructor(runnerScript: string, debug: boolean, config: WorkerConfig) {
    super();
    this.child = fork(runnerScript, [], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: [], serialization: 'advanced' });
    // The runner itself prints nothing; anything here is a crash report worth surfacing.
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (d: string) => this.emit('output', 'stderr', d));
    this.child.stdout?.resume();
    this.child.on('message', (m) => this.onMessage(m as FromChild));
    this.child.on('exit', () => this.onClosed());
    this.child.on('error', (err) => {
      this.emit('failed', `cannot start the runner: ${err.message}`, false);
      this.onClosed();
    });
    this.post({ type: 'start', debug, config });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends a CDP request to the Worker; rejects with the protocol error or when the runner ends. */
  send<T = unknown>(method: string, params?: object): Promise<T> {
    if (this.closed) return Promise.reject(new CdpError(`${method}: the program is not running`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.post({ type: 'cdp', id, method, params });
    });
  }

  /** Ends the child (and with it the Worker), also during an infinite loop. */
  kill(): void {
    if (this.closed) return;
    this.post({ type: 'kill' });
    // If the child does not react (it should, at once), the signal ends it.
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
    timer.unref();
    this.child.once('exit', () => clearTimeout(timer));
  }

  /** Feeds the module's streamed stdin (WorkerConfig.streamStdin); ignored once the runner ended. */
  writeStdin(data: Uint8Array): void {
    if (!this.closed) this.post({ type: 'stdin', data });
  }

  /** Ends the module's streamed stdin: it reads EOF after the bytes already written. */
  endStdin(): void {
    if (!this.closed) this.post({ type: 'stdin-end' });
  }

  private post(message: ToChild): void {
    if (this.child.connected) this.child.send(message);
  }

  private onMessage(m: FromChild): void {
    switch (m.type) {
      case 'attached': this.emit('attached'); break;
      case 'cdp-response': {
        const p = this.pending.get(m.id);
        if (!p) break;
        this.pending.delete(m.id);
        if (m.error) p.reject(new CdpError(`${p.method}: ${m.error.message}`));
        else p.resolve(m.result);
        break;
      }
      case 'cdp-event': this.emit('cdp', m.method, m.params); break;
      case 'stdout': case 'stderr': this.emit('output', m.type, m.data); break;
      case 'access': this.emit('access', m); break;
      case 'exit': this.emit('exit', m.code); break;
      case 'failed': this.emit('failed', m.message, m.trap); break;
      case 'worker-exit': this.kill(); break;
    }
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new CdpError(`${p.method}: the program ended`));
    this.pending.clear();
    this.emit('closed');
  }
}
