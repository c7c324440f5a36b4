import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mark, src, wasm, withClient } from './helpers';

test('step into, over and out stop at exact source lines (-O0)', async () => {
  await withClient(async (c) => {
    const start = mark('demo.c', 'call-squares');
    await c.launch({ program: wasm('demo-O0.wasm') }, [{ path: src('demo.c'), lines: [start] }]);
    let s = await c.stopped();
    assert.equal(s.frame.line, start);
    const lines: [string, string, number][] = [];
    const step = async (kind: 'in' | 'over' | 'out'): Promise<void> => {
      if (kind === 'in') await c.dc.stepInRequest({ threadId: 1 });
      else if (kind === 'over') await c.dc.nextRequest({ threadId: 1 });
      else await c.dc.stepOutRequest({ threadId: 1 });
      s = await c.stopped();
      assert.equal(s.reason, 'step');
      lines.push([kind, s.frame.name, s.frame.line]);
    };
    await step('in');
    await step('over');
    await step('in');
    await step('out');
    await step('over');
    await step('out');
    await step('over');
    await step('over');
    assert.deepEqual(lines, [
      ['in', 'add_squares', mark('demo.c', 'add-first')],
      ['over', 'add_squares', mark('demo.c', 'add-second')],
      ['in', 'square', mark('demo.c', 'square-body')],
      ['out', 'add_squares', mark('demo.c', 'add-second')],
      ['over', 'add_squares', mark('demo.c', 'add-return')],
      ['out', 'main', start],
      ['over', 'main', mark('demo.c', 'print')],
      ['over', 'main', mark('demo.c', 'return')],
    ]);
    // Stepping over printf does not enter libc (no source): the output arrived meanwhile.
    assert.match(c.output('stdout'), /total=150/);
  });
});

test('stepping over a loop visits the loop lines in order', async () => {
  await withClient(async (c) => {
    const body = mark('demo.c', 'loop-body');
    await c.launch({ program: wasm('demo-O0.wasm') }, [{ path: src('demo.c'), lines: [body] }]);
    let s = await c.stopped();
    await c.dc.setBreakpointsRequest({ source: { path: src('demo.c') }, breakpoints: [] });
    const seen: number[] = [s.frame.line];
    for (let i = 0; i < 4; i++) {
      await c.dc.nextRequest({ threadId: 1 });
      s = await c.stopped();
      seen.push(s.frame.line);
    }
    assert.deepEqual(seen, [body, body - 1, body, body - 1, body]);
  });
});

test('stopOnEntry stops at the first line of main', async () => {
  await withClient(async (c) => {
    await c.launch({ program: wasm('demo-O0.wasm'), stopOnEntry: true });
    const s = await c.stopped();
    assert.equal(s.reason, 'entry');
    assert.equal(s.frame.name, 'main');
    assert.equal(s.frame.line, mark('demo.c', 'main-first'));
  });
});

test('a function breakpoint by source name stops in that function', async () => {
  await withClient(async (c) => {
    await c.launch({ program: wasm('demo-O0.wasm') }, [], ['square']);
    const s = await c.stopped();
    assert.equal(s.reason, 'function breakpoint');
    assert.equal(s.frame.name, 'square');
    assert.equal(s.frame.line, mark('demo.c', 'square-body'));
  });
});

test('-O2: breakpoints move to lines that kept code, optimised values still show, stepping advances by lines', async () => {
  await withClient(async (c) => {
    const print = mark('demo.c', 'print');
    const [bps] = await c.launch({ program: wasm('demo-O2.wasm') }, [{ path: src('demo.c'), lines: [print] }]);
    assert.equal(bps.body.breakpoints[0].verified, true);
    assert.equal(bps.body.breakpoints[0].line, print);
    let s = await c.stopped();
    assert.equal(s.frame.name, 'main');
    assert.equal(s.frame.line, print);
    const locals = await c.scope(s.frame.id, 'Locals');
    assert.equal(locals.get('total')?.value, '150');
    assert.equal(locals.get('sq')?.value, '25');
    await c.dc.nextRequest({ threadId: 1 });
    s = await c.stopped();
    assert.equal(s.frame.line, mark('demo.c', 'return'));
    assert.match(c.output('stdout'), /total=150 squares=25/);
  });
});

test('-O2: a breakpoint in an inlined function shows the inlined frame and its caller at the call line', async () => {
  await withClient(async (c) => {
    const body = mark('inline.c', 'inline-body');
    const [bps] = await c.launch({ program: wasm('inline-O2.wasm') }, [{ path: src('inline.c'), lines: [body] }]);
    assert.equal(bps.body.breakpoints[0].line, body);
    const s = await c.stopped();
    assert.deepEqual(s.frames.slice(0, 2).map((f) => [f.name, f.line, f.source?.path]), [
      ['scale', body, src('inline.c')],
      ['main', mark('inline.c', 'inline-call'), src('inline.c')],
    ]);
    assert.equal(s.frames[0].instructionPointerReference, s.frames[1].instructionPointerReference);
    await c.dc.setBreakpointsRequest({ source: { path: src('inline.c') }, breakpoints: [] });
    // Step out of the inlined function: still the same wasm function, now in main's own code.
    await c.dc.stepOutRequest({ threadId: 1 });
    let t = await c.stopped();
    assert.equal(t.frame.name, 'main');
    const loop = [mark('inline.c', 'inline-call'), mark('inline.c', 'inline-call') - 1];
    assert.ok(loop.includes(t.frame.line), String(t.frame.line));
    // Step over the line that calls the inlined function: it is stepped over, not into.
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      await c.dc.nextRequest({ threadId: 1 });
      t = await c.stopped();
      names.push(t.frame.name);
    }
    assert.deepEqual(names, ['main', 'main', 'main', 'main']);
    await c.dc.continueRequest({ threadId: 1 });
    const exited = await c.next('exited');
    assert.equal(exited.body.exitCode, 0);
    assert.match(c.output('stdout'), /total=/);
  });
});
