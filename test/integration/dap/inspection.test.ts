import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { mark, src, wasm, withClient } from './helpers';

test('modules, loaded sources, disassembly with source lines, and a memory write round trip', async () => {
  await withClient(async (c) => {
    await c.launch({ program: wasm('demo-O0.wasm') }, [{ path: src('demo.c'), lines: [mark('demo.c', 'call-squares')] }]);
    const s = await c.stopped();
    const modules = await c.dc.modulesRequest({});
    assert.equal(modules.body.modules[0].name, 'demo-O0.wasm');
    assert.equal(modules.body.modules[0].symbolStatus, 'DWARF symbols loaded');
    const sources = await c.dc.customRequest('loadedSources', {});
    const paths = (sources.body.sources as { path: string }[]).map((x) => x.path);
    assert.ok(paths.includes(src('demo.c')), paths.join());
    // Files that are not on this machine (wasi-libc) are not offered as loaded sources.
    assert.ok(!paths.some((p) => p.includes('libc-bottom-half')));

    const dis = await c.dc.disassembleRequest({ memoryReference: s.frame.instructionPointerReference ?? '', instructionOffset: -2, instructionCount: 6 });
    const rows = dis.body?.instructions ?? [];
    assert.equal(rows.length, 6);
    assert.equal(rows[2].address, s.frame.instructionPointerReference);
    assert.equal(rows[2].line, mark('demo.c', 'call-squares'));
    assert.equal(rows[2].location?.path, src('demo.c'));

    const locals = await c.scope(s.frame.id, 'Locals');
    const ref = locals.get('total')?.memoryReference;
    assert.ok(ref);
    await c.dc.customRequest('writeMemory', { memoryReference: ref, data: Buffer.from([7, 0, 0, 0]).toString('base64') });
    const again = await c.scope(s.frame.id, 'Locals');
    assert.equal(again.get('total')?.value, '7');
    await assert.rejects(c.dc.customRequest('writeMemory', { memoryReference: '0x7ffffff0', data: Buffer.from([1]).toString('base64') }), /outside linear memory/);
    await c.dc.continueRequest({ threadId: 1 });
    await c.next('exited');
    assert.match(c.output('stdout'), /total=7 /);
  });
});

test('standard input comes from the configured file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wasi-dap-stdin-'));
  const input = join(dir, 'input.txt');
  writeFileSync(input, 'first line\nsecond line\n');
  await withClient(async (c) => {
    await c.launch({ program: wasm('echo-O0.wasm'), stdin: input });
    const exited = await c.next('exited');
    assert.equal(exited.body.exitCode, 0);
    assert.equal(c.output('stdout'), 'got: first line\ngot: second line\nlines=2\n');
  });
});

test('a trap during instantiation (start function) stops, then ends the session cleanly', async () => {
  await withClient(async (c) => {
    await c.launch({ program: wasm('start-trap.wasm') });
    const s = await c.stopped();
    assert.equal(s.reason, 'exception');
    assert.match(s.text ?? '', /unreachable/);
    assert.equal(s.frame.line, 0);
    await c.dc.continueRequest({ threadId: 1 });
    await c.next('terminated');
    assert.match(c.output('stderr'), /The program failed: cannot instantiate the module: RuntimeError: unreachable/);
  });
});

test('trace: true logs the DAP traffic as output events', async () => {
  await withClient(async (c) => {
    await c.launch({ program: wasm('hello-O0.wasm'), trace: true });
    const exited = await c.next('exited');
    assert.equal(exited.body.exitCode, 0);
    assert.match(c.output(), /To client: .*"command":"initialize"/);
    // The adapter library sends its log lines as 'stdout' too; the program's line is among them.
    const program = c.events('output').filter((e) => e.body.category === 'stdout' && !/^(From|To) client: /.test(e.body.output));
    assert.equal(program.map((e) => e.body.output).join(''), 'hello 42\n');
  });
});
