// The runner child process (bundled as dist/runner.js), forked by the adapter with an IPC channel.
// Its main thread owns a `node:inspector` Session: with NodeWorker it attaches to the Worker that
// runs the module and relays Chrome DevTools Protocol messages between that Worker and the adapter.
// No TCP port is opened. The child exits as soon as the IPC channel closes, so it never outlives
// the adapter.

import { Session } from 'node:inspector';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { createSharedStdinBuffer, SharedStdinFeeder } from '../wasi/index';
import type { FromChild, FromWorker, ToChild, WorkerConfig, WorkerData } from './protocol';

let worker: Worker | undefined;
let session: Session | undefined;
let workerSessionId: string | undefined;
/** CDP requests that arrived before the Worker's session was attached. */
const queued: { id: number; method: string; params?: object }[] = [];
/** Streamed stdin (WorkerConfig.streamStdin): the buffer the Worker reads and the feeder that fills it. */
let stdinBuffer: SharedArrayBuffer | undefined;
let stdinFeeder: SharedStdinFeeder | undefined;

function send(message: FromChild): void {
  if (process.connected) process.send?.(message);
}

process.on('disconnect', () => shutdown());
process.on('message', (raw: unknown) => {
  const message = raw as ToChild;
  switch (message.type) {
    case 'start':
      start(message.debug, message.config);
      break;
    case 'cdp':
      relay(message);
      break;
    case 'kill':
      shutdown();
      break;
    case 'stdin':
      stdinFeeder?.push(message.data);
      break;
    case 'stdin-end':
      stdinFeeder?.end();
      break;
  }
});

function start(debug: boolean, config: WorkerConfig): void {
  if (worker) return;
  if (config.streamStdin) {
    // Created before the Worker, so input that arrives while the debugger attaches is kept.
    stdinBuffer = createSharedStdinBuffer();
    stdinFeeder = new SharedStdinFeeder(stdinBuffer);
  }
  if (debug) {
    session = new Session();
    session.connect();
    session.on('NodeWorker.attachedToWorker', (m) => {
      const params = m.params as { sessionId: string };
      if (workerSessionId !== undefined) return;
      workerSessionId = params.sessionId;
      send({ type: 'attached' });
      for (const q of queued.splice(0)) relay(q);
    });
    session.on('NodeWorker.receivedMessageFromWorker', (m) => {
      const params = m.params as { sessionId: string; message: string };
      const msg = JSON.parse(params.message) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: unknown };
      if (msg.id !== undefined) send({ type: 'cdp-response', id: msg.id, result: msg.result, error: msg.error });
      else if (msg.method !== undefined) send({ type: 'cdp-event', method: msg.method, params: msg.params });
    });
    session.post('NodeWorker.enable', { waitForDebuggerOnStart: true }, (err) => {
      if (err) {
        send({ type: 'failed', message: `cannot attach the debugger: ${err.message}`, trap: false });
        return;
      }
      spawnWorker(config);
    });
  } else {
    spawnWorker(config);
  }
}

function spawnWorker(config: WorkerConfig): void {
  const data: WorkerData = { ...config, stdinBuffer };
  worker = new Worker(join(__dirname, 'runner-worker.js'), { workerData: data, stdout: false, stderr: false });
  worker.on('message', (m: FromWorker) => send(m));
  worker.on('error', (err) => send({ type: 'failed', message: `runner worker failed: ${err.message}`, trap: false }));
  worker.on('exit', (code) => {
    send({ type: 'worker-exit', code });
    worker = undefined;
  });
}

function relay(message: { id: number; method: string; params?: object }): void {
  if (!session || workerSessionId === undefined) {
    queued.push(message);
    return;
  }
  const payload = JSON.stringify({ id: message.id, method: message.method, params: message.params ?? {} });
  session.post('NodeWorker.sendMessageToWorker', { sessionId: workerSessionId, message: payload }, (err) => {
    if (err) send({ type: 'cdp-response', id: message.id, error: { message: err.message } });
  });
}

/**
 * Ends the process at once, Worker included, whatever the Worker is doing (an infinite loop, a
 * pause in the debugger). `process.exit` can block forever here: it waits for a Worker that the
 * inspector holds paused. The adapter has already received everything it needs, so a hard kill
 * loses nothing.
 */
function shutdown(): void {
  try {
    session?.disconnect();
  } finally {
    process.kill(process.pid, 'SIGKILL');
  }
}
