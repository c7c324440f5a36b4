import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Client, mark, src, wasm, fixtureDir, withClient } from './helpers';

for (const [mode, line, message] of [
  ['div', 'trap-div', /divide by zero/],
  ['oob', 'trap-oob', /memory access out of bounds/],
  ['unreachable', 'trap-unreachable', /unreachable/],
] as const) {
  test(`a trap (${mode}) stops at the trapping source line with its message`, async () => {
    await withClient(async (c) => {
      await c.launch({ program: wasm('trap-O0.wasm'), args: [mode] });
      const s = await c.stopped();
      assert.equal(s.reason, 'exception');
      assert.match(s.text ?? '', message);
      assert.equal(s.frame.line, mark('trap.c', line));
      assert.equal(s.frame.source?.path, src('trap.c'));
      const info = await c.dc.exceptionInfoRequest({ threadId: 1 });
      assert.match(info.body.description ?? '', message);
      await c.dc.continueRequest({ threadId: 1 });
      await c.next('terminated');
      assert.match(c.output(), /The program trapped: RuntimeError/);
    });
  });
}

test('pause inside an infinite loop, then terminate it', async () => {
  await withClient(async (c) => {
    await c.launch({ program: wasm('spin-O0.wasm') });
    const out = await c.next('output');
    assert.match(out.body.output, /spinning/);
    // The output event can come while the module is still inside fd_write; pause until it is in the loop.
    let s = { reason: '', frame: { name: '', line: 0 } } as Awaited<ReturnType<Client['stopped']>>;
    for (let attempt = 0; attempt < 20 && s.frame.name !== 'main'; attempt++) {
      if (attempt > 0) await c.dc.continueRequest({ threadId: 1 });
      await c.dc.pauseRequest({ threadId: 1 });
      s = await c.stopped();
      assert.equal(s.reason, 'pause');
    }
    assert.equal(s.frame.name, 'main');
    assert.ok(s.frame.line >= mark('spin.c', 'spin-body') - 1 && s.frame.line <= mark('spin.c', 'spin-body') + 1, String(s.frame.line));
    await c.dc.continueRequest({ threadId: 1 });
    await c.dc.terminateRequest({});
    await c.next('terminated');
  });
});

test('terminate while running an infinite loop (never paused)', async () => {
  await withClient(async (c) => {
    await c.launch({ program: wasm('spin-O0.wasm') });
    await c.next('output');
    await c.dc.terminateRequest({});
    await c.next('terminated');
  });
});

test('every access record arrives as a wasiCapability event with its source line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasi-dap-'));
  writeFileSync(join(dir, 'input.txt'), 'hello from the host\n');
  await withClient(async (c) => {
    await c.launch({ program: wasm('files-O0.wasm'), preopens: [{ host: dir, guest: '/data', readonly: true }] });
    const exited = await c.next('exited');
    assert.equal(exited.body.exitCode, 0);
    await c.next('terminated');
    assert.match(c.output('stdout'), /read: hello from the host\nwrite denied\n/);
    const events = c.events('wasiCapability').map((e) => e.body as { record: { call: string; target?: string; decision: string; wasmFrames?: unknown[] }; source?: { path: string; line: number } });
    const open = events.find((e) => e.record.call === 'path_open' && e.record.target?.endsWith('input.txt'));
    assert.ok(open, JSON.stringify(events.map((e) => e.record)));
    assert.equal(open.record.decision, 'allowed');
    assert.ok((open.record.wasmFrames?.length ?? 0) > 1, 'the record carries the call\'s wasm frames');
    const denied = events.find((e) => e.record.call === 'path_open' && e.record.decision === 'denied');
    assert.ok(denied);
    assert.ok(events.some((e) => e.record.call === 'fd_write'));
    // libc makes the calls, but its sources are not here: the event points at the user's line that
    // called fopen (the innermost frame with local source), for the allowed and the denied open.
    assert.equal(open.source?.path, src('files.c'));
    assert.equal(open.source?.line, mark('files.c', 'files-open'));
    assert.equal(denied.source?.path, src('files.c'));
    assert.equal(denied.source?.line, mark('files.c', 'files-write'));
    assert.ok(events.every((e) => e.source === undefined || (typeof e.source.path === 'string' && e.source.line > 0)));
  });
});

test('noDebug runs to the end without the inspector and reports the exit code', async () => {
  await withClient(async (c) => {
    await c.dc.initializeRequest({ adapterID: 'wasi', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await c.dc.launchRequest({ program: wasm('demo-O0.wasm'), noDebug: true } as never);
    const exited = await c.next('exited');
    assert.equal(exited.body.exitCode, 3);
    assert.match(c.output('stdout'), /total=150/);
  });
});

test('bad input: a missing program, a file that is not wasm, and a module without DWARF', async () => {
  await withClient(async (c) => {
    await c.dc.initializeRequest({ adapterID: 'wasi', pathFormat: 'path' });
    await assert.rejects(c.dc.launchRequest({ program: join(fixtureDir, 'build/nope.wasm') } as never), /Program not found/);
  });
  await withClient(async (c2) => {
    await c2.dc.initializeRequest({ adapterID: 'wasi', pathFormat: 'path' });
    await assert.rejects(c2.dc.launchRequest({ program: src('demo.c') } as never), /not a valid WebAssembly module.*magic/);
  });
  await withClient(async (c3) => {
    const [bps] = await c3.launch({ program: wasm('demo-stripped.wasm'), stopOnEntry: true }, [{ path: src('demo.c'), lines: [mark('demo.c', 'loop-body')] }]);
    assert.equal(bps.body.breakpoints[0].verified, false);
    assert.match(bps.body.breakpoints[0].message ?? '', /no DWARF/);
    const s = await c3.stopped();
    assert.equal(s.reason, 'entry');
    assert.equal(s.frame.name, '_start');
    assert.equal(s.frame.line, 0);
    assert.ok(s.frame.instructionPointerReference);
    assert.match(c3.output('console'), /has no DWARF debug information/);
    const dis = await c3.dc.disassembleRequest({ memoryReference: s.frame.instructionPointerReference ?? '', instructionCount: 5 });
    assert.equal(dis.body?.instructions.length, 5);
    assert.equal(dis.body?.instructions[0].address, s.frame.instructionPointerReference);
    const raw = await c3.scope(s.frame.id, 'Wasm');
    assert.ok(raw.has('locals'));
    // Without line information a step is one instruction; stepping in enters the first call.
    await c3.dc.stepInRequest({ threadId: 1 });
    const s2 = await c3.stopped();
    assert.equal(s2.reason, 'step');
    assert.notEqual(s2.frame.instructionPointerReference, s.frame.instructionPointerReference);
  });
});

test('a breakpoint set while the program runs an infinite loop is hit', async () => {
  await withClient(async (c) => {
    await c.launch({ program: wasm('spin-O0.wasm') });
    await c.next('output');
    const line = mark('spin.c', 'spin-body');
    const set = await c.dc.setBreakpointsRequest({ source: { path: src('spin.c') }, breakpoints: [{ line }] });
    assert.equal(set.body.breakpoints[0].verified, true);
    const s = await c.stopped();
    assert.equal(s.reason, 'breakpoint');
    assert.equal(s.frame.line, line);
    await c.dc.terminateRequest({});
    await c.next('terminated');
  });
});
