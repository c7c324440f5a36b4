import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModule, isReadError, functionAtCodeOffset, functionName, customSectionBytes, type WasmModuleInfo } from '../../../debug-adapter/src/wasm/module';
import { disassembleFunction } from '../../../debug-adapter/src/wasm/disassemble';

const root = join(__dirname, '..', '..', '..', '..');
const fixture = (name: string): Uint8Array => readFileSync(join(root, 'test/fixtures/debug/build', name));

function load(name: string): { bytes: Uint8Array; info: WasmModuleInfo } {
  const bytes = fixture(name);
  const info = readModule(bytes);
  if (isReadError(info)) assert.fail(info.error);
  return { bytes, info };
}

test('reads imports, exports, memory, names and DWARF presence of a clang -O0 module', () => {
  const { info } = load('demo-O0.wasm');
  assert.equal(info.isComponent, false);
  assert.equal(info.version, 1);
  assert.equal(info.hasDwarf, true);
  assert.deepEqual(
    info.imports.map((i) => `${i.module}.${i.name}:${i.kind}`),
    ['fd_close', 'fd_fdstat_get', 'fd_seek', 'fd_write', 'proc_exit'].map((n) => `wasi_snapshot_preview1.${n}:func`),
  );
  const fdWrite = info.imports[3];
  assert.equal(fdWrite.kind, 'func');
  if (fdWrite.kind === 'func') assert.deepEqual(fdWrite.type, { params: ['i32', 'i32', 'i32', 'i32'], results: ['i32'] });
  assert.deepEqual(info.exports.map((e) => `${e.name}:${e.kind}`).sort(), ['_start:func', 'memory:memory']);
  assert.equal(info.memories.length, 1);
  assert.equal(info.memories[0].min, 2);
  assert.equal(info.importedFunctionCount, 5);
  assert.equal(info.functionNames.get(7), 'sum_array');
  assert.equal(functionName(info, 6), '__original_main');
  assert.equal(info.globalNames.get(0), '__stack_pointer');
  for (const name of ['.debug_info', '.debug_line', '.debug_str', 'name', 'producers']) {
    assert.ok(info.customSections.some((c) => c.name === name), name);
  }
  assert.deepEqual(info.warnings, []);
});

test('Code section offset and function bodies agree with wabt', () => {
  const { info } = load('demo-O0.wasm');
  const golden = readFileSync(join(root, 'test/fixtures/debug/golden/demo-O0.objdump.txt'), 'utf8');
  const headers = [...golden.matchAll(/^([0-9a-f]{6}) func\[(\d+)\] <([^>]*)>:$/gm)];
  assert.equal(headers.length, info.functions.length);
  headers.forEach((h, i) => {
    assert.equal(info.functions[i].offset, parseInt(h[1], 16), h[3]);
    assert.equal(info.functions[i].index, Number(h[2]));
    assert.equal(functionName(info, Number(h[2])), h[3]);
  });
  const code = info.sections.find((s) => s.id === 10);
  assert.ok(code);
  assert.equal(info.codeSectionOffset, code.payloadOffset);
  // The first body follows the function count's LEB byte.
  assert.equal(info.functions[0].offset, code.payloadOffset + 1 + 1);
  const last = info.functions[info.functions.length - 1];
  assert.equal(last.offset + last.size, code.payloadOffset + code.payloadSize);
  const main = info.functions.find((f) => f.index === 6);
  assert.ok(main);
  assert.equal(functionAtCodeOffset(info, main.offset - code.payloadOffset + 3), main);
  assert.equal(functionAtCodeOffset(info, 0), undefined);
  assert.equal(main.locals.length, 51);
});

test('disassembly matches wabt offsets and mnemonics for every function', () => {
  const { bytes, info } = load('demo-O0.wasm');
  const golden = readFileSync(join(root, 'test/fixtures/debug/golden/demo-O0.objdump.txt'), 'utf8');
  const expected = [...golden.matchAll(/^ ([0-9a-f]{6}): [0-9a-f ]+\| +(\S+)(.*)$/gm)]
    .filter((m) => !m[2].startsWith('local['))
    .map((m) => `${parseInt(m[1], 16)} ${m[2]}`);
  const actual = info.functions.flatMap((f) => disassembleFunction(bytes, info, f)).map((i) => `${i.offset} ${i.text.split(' ')[0]}`);
  assert.deepEqual(actual, expected);
});

test('disassembly text carries immediates and call targets', () => {
  const { bytes, info } = load('demo-O0.wasm');
  const start = info.functions.find((f) => f.index === 5);
  assert.ok(start);
  const lines = disassembleFunction(bytes, info, start);
  assert.deepEqual(lines.map((l) => l.text), [
    'block', 'call 6 <__original_main>', 'local.tee 0', 'i32.eqz', 'br_if 0', 'local.get 0', 'call 18 <exit>', 'unreachable', 'end', 'end',
  ]);
  assert.deepEqual(lines.map((l) => l.depth), [0, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
  assert.equal(lines[1].codeOffset, lines[1].offset - (info.codeSectionOffset ?? 0));
  assert.equal(lines[1].bytes, '10 86 80 80 80 00');
  const main = info.functions.find((f) => f.index === 6);
  assert.ok(main);
  const text = disassembleFunction(bytes, info, main).map((l) => l.text);
  assert.ok(text.includes('global.get 0 <__stack_pointer>'));
  assert.ok(text.includes('i32.store offset=92 align=4'));
});

test('a stripped module has no DWARF and no names but is still readable', () => {
  const { info } = load('demo-stripped.wasm');
  assert.equal(info.hasDwarf, false);
  assert.equal(info.functionNames.size, 0);
  assert.equal(info.customSections.length, 0);
  assert.ok(info.functions.length > 5);
  const start = info.exports.find((e) => e.name === '_start');
  assert.ok(start);
  assert.equal(functionName(info, start.index), '_start');
  assert.equal(functionName(info, info.importedFunctionCount), `$func${info.importedFunctionCount}`);
  assert.equal(functionName(info, 3), 'wasi_snapshot_preview1.fd_write');
});

test('DWARF 5 and Rust modules are recognised', () => {
  assert.equal(load('demo-dwarf5.wasm').info.hasDwarf, true);
  const rs = load('demo_rs.wasm');
  assert.equal(rs.info.hasDwarf, true);
  assert.ok([...rs.info.functionNames.values()].some((n) => n.includes('demo4main')));
  const line = customSectionBytes(rs.bytes, rs.info, '.debug_line');
  assert.ok(line && line.length > 1000);
});

test('bad input gives an error value, never an exception', () => {
  const r1 = readModule(new Uint8Array());
  assert.ok(isReadError(r1) && /shorter than the 8-byte header/.test(r1.error));
  const r2 = readModule(new TextEncoder().encode('#!/bin/sh\necho not wasm\n'));
  assert.ok(isReadError(r2) && /magic/.test(r2.error));
  const r3 = readModule(Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0));
  assert.ok(isReadError(r3) && /unsupported wasm binary version 2/.test(r3.error));
  // Every truncation of a real module is either an error or (at a section boundary) a smaller module.
  const bytes = fixture('demo-stripped.wasm');
  for (let n = 8; n < bytes.length; n += 97) {
    const r = readModule(bytes.subarray(0, n));
    if (!isReadError(r)) assert.ok(r.sections.length >= 0);
  }
  const cut = readModule(bytes.subarray(0, 300));
  assert.ok(isReadError(cut) && /malformed wasm at offset 0x[0-9a-f]+: .*past the end|unexpected end/.test(cut.error), isReadError(cut) ? cut.error : '');
  // Random garbage after a valid header.
  let seed = 7;
  for (let k = 0; k < 200; k++) {
    const junk = new Uint8Array(64);
    junk.set([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    for (let i = 8; i < junk.length; i++) junk[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    readModule(junk);
  }
});

test('a component is recognised by its layer field', () => {
  const r = readModule(Uint8Array.of(0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0));
  assert.ok(!isReadError(r));
  assert.equal(r.isComponent, true);
  assert.equal(r.version, 0x0d);
  assert.equal(r.hasDwarf, false);
  assert.match(r.warnings.join(), /component/);
});

test('a broken name section becomes a warning and keeps the module', () => {
  // type () -> (); one function; code with an empty body; a name section whose map count lies.
  const bytes = Uint8Array.of(
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    1, 4, 1, 0x60, 0, 0,
    3, 2, 1, 0,
    10, 4, 1, 2, 0, 0x0b,
    0, 10, 4, 0x6e, 0x61, 0x6d, 0x65, 1, 3, 5, 0, 1,
  );
  const r = readModule(bytes);
  assert.ok(!isReadError(r), isReadError(r) ? r.error : '');
  assert.equal(r.functions.length, 1);
  assert.equal(r.functions[0].instructionsOffset, r.functions[0].offset + 1);
  assert.match(r.warnings.join(), /name section is malformed/);
  const dis = disassembleFunction(bytes, r, r.functions[0]);
  assert.deepEqual(dis.map((d) => d.text), ['end']);
});

test('the disassembler reports an unknown opcode instead of throwing', () => {
  const bytes = Uint8Array.of(
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    1, 4, 1, 0x60, 0, 0,
    3, 2, 1, 0,
    10, 7, 1, 5, 0, 0x41, 0x2a, 0xff, 0x0b,
  );
  const r = readModule(bytes);
  assert.ok(!isReadError(r));
  const dis = disassembleFunction(bytes, r, r.functions[0]);
  assert.deepEqual(dis.map((d) => d.text), ['i32.const 42', ';; error: unknown opcode 0xff']);
});
