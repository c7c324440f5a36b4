import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mark, src, wasm, withClient } from './helpers';

test('a line breakpoint set before start is hit on the first run, with the right frame and exit code', async () => {
  await withClient(async (c) => {
    const line = mark('demo.c', 'loop-body');
    const [bps] = await c.launch({ program: wasm('demo-O0.wasm') }, [{ path: src('demo.c'), lines: [line] }]);
    assert.equal(bps.body.breakpoints[0].verified, true);
    assert.equal(bps.body.breakpoints[0].line, line);
    const stop = await c.stopped();
    assert.equal(stop.reason, 'breakpoint');
    assert.equal(stop.frame.line, line);
    assert.equal(stop.frame.source?.path, src('demo.c'));
    assert.equal(stop.frame.name, 'sum_array');
    assert.deepEqual(stop.frames.map((f) => f.name), ['sum_array', 'main', '_start', '_start.command_export']);
    // wasi-libc's crt1 is not on this machine: the frame is shown, de-emphasised, without a line.
    assert.equal(stop.frames[2].presentationHint, 'subtle');
    assert.equal(stop.frames[2].source?.origin, 'source not available');
    assert.equal(stop.frames[1].line, mark('demo.c', 'call-sum'));
    await c.dc.setBreakpointsRequest({ source: { path: src('demo.c') }, breakpoints: [] });
    await c.dc.continueRequest({ threadId: 1 });
    const exited = await c.next('exited');
    assert.equal(exited.body.exitCode, 3);
    await c.next('terminated');
    assert.match(c.output('stdout'), /total=150 squares=25 label=first\n/);
  });
});

test('a breakpoint on a line without code moves to the next line with code; a foreign file is unverified', async () => {
  await withClient(async (c) => {
    const [demo, other] = await c.launch({ program: wasm('demo-O0.wasm') }, [
      { path: src('demo.c'), lines: [1, 10_000] },
      { path: src('trap.c'), lines: [8] },
    ]);
    const moved = demo.body.breakpoints[0];
    assert.equal(moved.verified, true);
    assert.equal(moved.line, mark('demo.c', 'square-body') - 1);
    assert.equal(demo.body.breakpoints[1].verified, false);
    assert.match(demo.body.breakpoints[1].message ?? '', /No code at or after this line/);
    assert.equal(other.body.breakpoints[0].verified, false);
    assert.match(other.body.breakpoints[0].message ?? '', /not part of the program/);
    const stop = await c.stopped();
    assert.equal(stop.frame.line, moved.line);
    assert.equal(stop.frame.name, 'square');
  });
});

test('a conditional breakpoint stops only when its C condition holds', async () => {
  await withClient(async (c) => {
    const line = mark('demo.c', 'loop-body');
    await c.launch({ program: wasm('demo-O0.wasm') }, [{ path: src('demo.c'), lines: [line], conditions: ['i == 3'] }]);
    const stop = await c.stopped();
    assert.equal(stop.frame.line, line);
    const locals = await c.scope(stop.frame.id, 'Locals');
    assert.equal(locals.get('i')?.value, '3');
    assert.equal(locals.get('total')?.value, '60');
    await c.dc.continueRequest({ threadId: 1 });
    const exited = await c.next('exited');
    assert.equal(exited.body.exitCode, 3);
    assert.equal(c.events('stopped').length, 1);
  });
});

test('hit counts and logpoints', async () => {
  await withClient(async (c) => {
    const line = mark('demo.c', 'loop-body');
    const sq = mark('demo.c', 'square-body');
    await c.launch({ program: wasm('demo-O0.wasm') }, [{ path: src('demo.c'), lines: [line, sq], hitConditions: ['4', undefined], logMessages: [undefined, 'square of {v}'] }]);
    const stop = await c.stopped();
    const locals = await c.scope(stop.frame.id, 'Locals');
    assert.equal(locals.get('i')?.value, '3');
    await c.dc.continueRequest({ threadId: 1 });
    await c.next('exited');
    assert.equal(c.events('stopped').length, 1);
    assert.match(c.output('console'), /square of 3\nsquare of 4\n/);
  });
});

test('sourcePathSubstitutions map DWARF paths to local sources when the module sits elsewhere', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasi-dap-subst-'));
  const copy = join(dir, 'moved.wasm');
  copyFileSync(wasm('demo-O0.wasm'), copy);
  const line = mark('demo.c', 'square-body');
  await withClient(async (without) => {
    const [bps] = await without.launch({ program: copy, stopOnEntry: true }, [{ path: src('demo.c'), lines: [line] }]);
    assert.equal(bps.body.breakpoints[0].verified, false);
  });
  await withClient(async (c) => {
    const [bps] = await c.launch({ program: copy, sourcePathSubstitutions: { 'src/': `${dirname(src('demo.c'))}/` } }, [{ path: src('demo.c'), lines: [line] }]);
    assert.equal(bps.body.breakpoints[0].verified, true);
    const s = await c.stopped();
    assert.equal(s.frame.source?.path, src('demo.c'));
    assert.equal(s.frame.line, line);
  });
});
