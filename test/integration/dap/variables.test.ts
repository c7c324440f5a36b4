import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mark, src, wasm, withClient } from './helpers';

test('C variables: struct fields, array elements, pointers, watch expressions, memory at a pointer, setVariable', async () => {
  await withClient(async (c) => {
    await c.launch({ program: wasm('demo-O0.wasm') }, [{ path: src('demo.c'), lines: [mark('demo.c', 'call-squares')] }]);
    const s = await c.stopped();
    const locals = await c.scope(s.frame.id, 'Locals');
    assert.deepEqual([...locals.keys()], ['node', 'numbers', 'origin', 'sq', 'total']);
    assert.equal(locals.get('total')?.value, '150');
    assert.equal(locals.get('total')?.type, 'int');
    const origin = await c.children(locals.get('origin')?.variablesReference ?? 0);
    assert.deepEqual([...origin.entries()].map(([k, v]) => `${k}=${v.value}`), ['x=3', 'y=4']);
    const numbers = await c.children(locals.get('numbers')?.variablesReference ?? 0);
    assert.deepEqual([...numbers.values()].map((v) => v.value), ['10', '20', '30', '40', '50']);
    const node = await c.children(locals.get('node')?.variablesReference ?? 0);
    assert.equal(node.get('value')?.value, '7');
    assert.equal(node.get('label')?.value, '"first"');
    const pos = node.get('pos');
    assert.ok(pos);
    // The pointer shows its target, which is origin's address; its memory reference is that target.
    assert.equal(pos.value, `Point * 0x${parseInt(locals.get('origin')?.memoryReference ?? '', 16).toString(16)}`);
    assert.equal(pos.memoryReference, locals.get('origin')?.memoryReference);
    const pointee = await c.children(pos.variablesReference);
    const target = [...pointee.values()][0];
    assert.ok(target);
    const fields = await c.children(target.variablesReference);
    assert.equal(fields.get('x')?.value, '3');

    const watch = await c.dc.evaluateRequest({ expression: 'node.pos->x + node.pos->y * 10', frameId: s.frame.id, context: 'watch' });
    assert.equal(watch.body.result, '43');
    const hover = await c.dc.evaluateRequest({ expression: 'numbers[3]', frameId: s.frame.id, context: 'hover' });
    assert.equal(hover.body.result, '40');
    await assert.rejects(c.dc.evaluateRequest({ expression: 'no_such_name', frameId: s.frame.id, context: 'repl' }), /undeclared identifier/);

    // Memory at the pointer: two little-endian ints 3 and 4.
    const mem = await c.dc.customRequest('readMemory', { memoryReference: pos.memoryReference, count: 8 });
    assert.deepEqual([...Buffer.from(mem.body.data, 'base64')], [3, 0, 0, 0, 4, 0, 0, 0]);

    const set = await c.dc.setVariableRequest({ variablesReference: locals.get('origin')?.variablesReference ?? 0, name: 'y', value: '40' });
    assert.equal(set.body.value, '40');
    await c.dc.setBreakpointsRequest({ source: { path: src('demo.c') }, breakpoints: [{ line: mark('demo.c', 'print') }] });
    await c.dc.continueRequest({ threadId: 1 });
    const s2 = await c.stopped();
    const after = await c.scope(s2.frame.id, 'Locals');
    // square(3) + square(40): the changed value flowed into the program.
    assert.equal(after.get('sq')?.value, '1609');
  });
});

test('the Wasm scope shows raw locals and globals', async () => {
  await withClient(async (c) => {
    await c.launch({ program: wasm('demo-O0.wasm') }, [{ path: src('demo.c'), lines: [mark('demo.c', 'square-body')] }]);
    const s = await c.stopped();
    const raw = await c.scope(s.frame.id, 'Wasm');
    const globals = await c.children(raw.get('globals')?.variablesReference ?? 0);
    assert.equal(globals.get('$__stack_pointer')?.type, 'i32');
    const locals = await c.children(raw.get('locals')?.variablesReference ?? 0);
    // square(int v): the parameter is wasm local 0 and holds 3.
    assert.equal(locals.get('$var0')?.value, '3');
    const params = await c.scope(s.frame.id, 'Parameters');
    assert.equal(params.get('v')?.value, '3');
  });
});

test('Rust variables: String as text, Vec elements, struct fields', async () => {
  await withClient(async (c) => {
    await c.launch({ program: wasm('demo_rs.wasm') }, [{ path: src('demo.rs'), lines: [mark('demo.rs', 'rs-print')] }]);
    const s = await c.stopped();
    assert.equal(s.frame.name, 'demo::main');
    const locals = await c.scope(s.frame.id, 'Locals');
    assert.equal(locals.get('greeting')?.value, '"hello wasi"');
    assert.equal(locals.get('total')?.value, '27');
    const numbers = await c.children(locals.get('numbers')?.variablesReference ?? 0);
    assert.deepEqual([...numbers.entries()].filter(([k]) => k !== '[raw]').map(([, v]) => v.value), ['1', '2', '3']);
    const account = await c.children(locals.get('account')?.variablesReference ?? 0);
    assert.equal(account.get('owner')?.value, '"ada"');
    assert.equal(account.get('balance')?.value, '42');
    const watch = await c.dc.evaluateRequest({ expression: 'account.history.len', frameId: s.frame.id, context: 'watch' });
    assert.equal(watch.body.result, '3');
  });
});
