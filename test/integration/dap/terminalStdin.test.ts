// `"console": "integratedTerminal"`: the adapter asks the client (here: this test) to run the stdin
// relay in a terminal through the DAP runInTerminal reverse request; what the relay reads reaches the
// module's stdin while it runs. Without runInTerminal support the adapter says so and stdin is empty.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Client, wasm } from './helpers';

/** The parts of DebugClient's ProtocolClient used to see and answer reverse requests (not in its typings). */
interface ProtocolInternals {
  dispatch(body: string): void;
  outputStream: { write(data: string, encoding: 'utf8'): void };
}

/** A started relay: the process the adapter asked for, and its stdout and exit. */
interface Relay {
  readonly args: DebugProtocol.RunInTerminalRequestArguments;
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
}

/**
 * Answers the adapter's runInTerminal requests as VS Code does: spawn the command (here with piped
 * stdio instead of a terminal) and reply with its process id, or refuse them. Returns a function
 * that gives the relays in the order they were asked for (undefined for a refused one).
 */
function handleRunInTerminal(c: Client, refuse = false): () => Promise<Relay | undefined> {
  const internals = c.dc as unknown as ProtocolInternals;
  const original = internals.dispatch.bind(c.dc);
  const started: (Relay | undefined)[] = [];
  const waiters: ((r: Relay | undefined) => void)[] = [];
  const add = (r: Relay | undefined): void => {
    const waiter = waiters.shift();
    if (waiter) waiter(r); else started.push(r);
  };
  internals.dispatch = (body: string) => {
    const message = JSON.parse(body) as { type: string; seq: number; command?: string; arguments?: unknown };
    if (message.type !== 'request' || message.command !== 'runInTerminal') {
      original(body);
      return;
    }
    const args = message.arguments as DebugProtocol.RunInTerminalRequestArguments;
    if (refuse) {
      // As a client whose terminal could not start the command.
      respond(internals, { type: 'response', seq: 0, request_seq: message.seq, command: 'runInTerminal', success: false, message: 'no terminal here' });
      add(undefined);
      return;
    }
    const [command, ...rest] = args.args;
    // DAP: an env value of null removes the variable.
    const env: Record<string, string | undefined> = { ...process.env };
    for (const [k, v] of Object.entries(args.env ?? {})) env[k] = v ?? undefined;
    const child = spawn(command, rest, { cwd: args.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    respond(internals, { type: 'response', seq: 0, request_seq: message.seq, command: 'runInTerminal', success: true, body: { processId: child.pid } });
    add({ args, process: child, exited });
  };
  return () => (started.length > 0 ? Promise.resolve(started.shift()) : new Promise((resolve) => waiters.push(resolve)));
}

function respond(internals: ProtocolInternals, response: DebugProtocol.Response): void {
  const json = JSON.stringify(response);
  internals.outputStream.write(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`, 'utf8');
}

/** Initialize (optionally announcing runInTerminal support), launch, configurationDone. */
async function launch(c: Client, runInTerminal: boolean, args: Record<string, unknown>): Promise<void> {
  await c.dc.initializeRequest({ adapterID: 'wasi', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', supportsRunInTerminalRequest: runInTerminal });
  const launched = c.dc.launchRequest(args as DebugProtocol.LaunchRequestArguments);
  if (args.noDebug !== true) {
    await c.next('initialized');
    await c.dc.setExceptionBreakpointsRequest({ filters: ['traps'] });
  }
  await launched;
  if (args.noDebug !== true) await c.dc.configurationDoneRequest();
}

/** Waits until the module's stdout so far contains `text`. */
async function stdoutContains(c: Client, text: string): Promise<void> {
  while (!c.output('stdout').includes(text)) await c.next('output');
}

for (const noDebug of [false, true]) {
  test(`integratedTerminal: lines typed in the relay reach the module's stdin while it runs, then EOF (${noDebug ? 'noDebug' : 'debug'})`, async () => {
    const c = new Client();
    const nextRelay = handleRunInTerminal(c);
    await c.start();
    try {
      await launch(c, true, { program: wasm('echo-O0.wasm'), console: 'integratedTerminal', noDebug });
      const r = await nextRelay();
      assert.ok(r);
      assert.equal(r.args.kind, 'integrated');
      assert.match(r.args.args[1], /stdin-relay\.js$/);
      let relayOut = '';
      r.process.stdout?.setEncoding('utf8');
      r.process.stdout?.on('data', (d: string) => { relayOut += d; });
      r.process.stdin?.write('hello\n');
      // The module echoes the first line before its input has ended: the input is streamed, not collected.
      await stdoutContains(c, 'got: hello\n');
      r.process.stdin?.end('world\n');
      const exited = await c.next('exited');
      assert.equal(exited.body.exitCode, 0);
      assert.equal(c.output('stdout'), 'got: hello\ngot: world\nlines=2\n');
      await c.next('terminated');
      // The relay ends with the run; with piped (not terminal) stdio it prints nothing of its own.
      assert.equal(await r.exited, 0);
      assert.equal(relayOut, '');
    } finally {
      await c.stop();
    }
  });
}

test('integratedTerminal without runInTerminal support: a clear message and an empty stdin, no hang', async () => {
  const c = new Client();
  await c.start();
  try {
    await launch(c, false, { program: wasm('echo-O0.wasm'), console: 'integratedTerminal' });
    const exited = await c.next('exited');
    assert.equal(exited.body.exitCode, 0);
    assert.equal(c.output('stdout'), 'lines=0\n');
    assert.match(c.output('console'), /"console": "integratedTerminal" needs a client that can start a terminal \(DAP runInTerminal\).*standard input is empty \(EOF\)/);
  } finally {
    await c.stop();
  }
});

test('integratedTerminal: the relay exits when the session ends while the module still waits for input', async () => {
  const c = new Client();
  const nextRelay = handleRunInTerminal(c);
  await c.start();
  try {
    await launch(c, true, { program: wasm('echo-O0.wasm'), console: 'integratedTerminal' });
    const r = await nextRelay();
    assert.ok(r);
    r.process.stdin?.write('only line\n');
    await stdoutContains(c, 'got: only line\n');
    // The module now blocks in fd_read for the next line; ending the session must end it and the relay.
    await c.dc.terminateRequest({});
    await c.next('terminated');
    assert.equal(await r.exited, 0);
    assert.equal(c.events('exited').length, 0);
  } finally {
    await c.stop();
  }
});

test('integratedTerminal: when the client cannot start the terminal, a message and an empty stdin', async () => {
  const c = new Client();
  const nextRelay = handleRunInTerminal(c, true);
  await c.start();
  try {
    await launch(c, true, { program: wasm('echo-O0.wasm'), console: 'integratedTerminal' });
    assert.equal(await nextRelay(), undefined);
    const exited = await c.next('exited');
    assert.equal(exited.body.exitCode, 0);
    assert.equal(c.output('stdout'), 'lines=0\n');
    assert.match(c.output('console'), /could not start the stdin terminal \(no terminal here\).*standard input is empty \(EOF\)/);
  } finally {
    await c.stop();
  }
});

test('integratedTerminal: a restart ends the old relay and starts a new one for the new run', async () => {
  const c = new Client();
  const nextRelay = handleRunInTerminal(c);
  await c.start();
  try {
    const config = { program: wasm('echo-O0.wasm'), console: 'integratedTerminal' };
    await launch(c, true, config);
    const first = await nextRelay();
    assert.ok(first);
    first.process.stdin?.write('before\n');
    await stdoutContains(c, 'got: before\n');
    await c.dc.customRequest('restart', { arguments: config });
    assert.equal(await first.exited, 0);
    const second = await nextRelay();
    assert.ok(second);
    second.process.stdin?.end('after\n');
    const exited = await c.next('exited');
    assert.equal(exited.body.exitCode, 0);
    assert.equal(c.output('stdout'), 'got: before\ngot: after\nlines=1\n');
    assert.equal(await second.exited, 0);
  } finally {
    await c.stop();
  }
});
