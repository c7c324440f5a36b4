import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mark, src, wasm, withClient } from './helpers';

test('the adapter announces the restart request', async () => {
  await withClient(async (c) => {
    const init = await c.dc.initializeRequest({ adapterID: 'wasi', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    assert.equal(init.body?.supportsRestartRequest, true);
  });
});

test('restart relaunches with the new configuration and the same breakpoints (same ids)', async () => {
  await withClient(async (c) => {
    const line = mark('demo.c', 'loop-body');
    const [bps] = await c.launch({ program: wasm('demo-O0.wasm') }, [{ path: src('demo.c'), lines: [line] }]);
    const id = bps.body.breakpoints[0].id;
    assert.equal(typeof id, 'number');
    let stop = await c.stopped();
    assert.equal(stop.reason, 'breakpoint');
    assert.equal(stop.frame.line, line);

    // The new configuration stops on entry: that proves it is the one used for the second run.
    await c.dc.send('restart', { arguments: { type: 'wasi', request: 'launch', name: 'demo', program: wasm('demo-O0.wasm'), stopOnEntry: true } });
    // The old run's stop is over: the client is told so before the new run stops.
    assert.equal((await c.next('continued')).body.allThreadsContinued, true);
    stop = await c.stopped();
    assert.equal(stop.reason, 'entry');
    assert.equal(stop.frame.line, mark('demo.c', 'main-first'));
    await c.dc.continueRequest({ threadId: 1 });
    const hit = await c.next('stopped');
    assert.equal(hit.body.reason, 'breakpoint');
    assert.deepEqual(hit.body.hitBreakpointIds, [id]);
    const st = await c.dc.stackTraceRequest({ threadId: 1 });
    assert.equal(st.body.stackFrames[0].line, line);
    const locals = await c.scope(st.body.stackFrames[0].id, 'Locals');
    assert.equal(locals.get('i')?.value, '0');

    await c.dc.setBreakpointsRequest({ source: { path: src('demo.c') }, breakpoints: [] });
    await c.dc.continueRequest({ threadId: 1 });
    const exited = await c.next('exited');
    assert.equal(exited.body.exitCode, 3);
    await c.next('terminated');
    // The first run was ended by the restart: it reported neither an exit nor a termination.
    assert.equal(c.events('exited').length, 1);
    assert.equal(c.events('terminated').length, 1);
    assert.equal(c.output('stdout'), 'total=150 squares=25 label=first\n');
  });
});

test('restart without arguments during an infinite loop runs the last configuration again', async () => {
  await withClient(async (c) => {
    await c.launch({ program: wasm('spin-O0.wasm') });
    assert.match((await c.next('output')).body.output, /spinning/);
    await c.dc.send('restart', {});
    assert.match((await c.next('output')).body.output, /spinning/);
    assert.equal(c.events('terminated').length, 0);
    await c.dc.terminateRequest({});
    await c.next('terminated');
  });
});
