// Error recovery stays local: one missing `;`, `}` or `)` costs at most the item it is in, and
// everything after it is still parsed into the AST with only a few diagnostics.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceFile } from '../../../server/src/syntax/ast';
import { bigWit, parse } from './helpers';

/** Top-level item names, and member names of interfaces and worlds, in order. */
function names(file: SourceFile): string[] {
  const out: string[] = [];
  for (const item of file.items) {
    if (item.kind === 'interface' || item.kind === 'world') {
      out.push(item.name.name);
      for (const m of item.members) {
        if ('name' in m && m.name !== undefined && 'span' in m.name) out.push(`${item.name.name}.${m.name.name}`);
        if (m.kind === 'import' || m.kind === 'export') out.push(`${item.name.name}.${m.kind}`);
      }
    }
  }
  return out;
}

const TAIL = 'interface later { g: func(); type t = u32; }\nworld w { import later; export run: func(); }\n';
const TAIL_NAMES = ['later', 'later.g', 'later.t', 'w', 'w.import', 'w.export'];

test('missing `;` after the package declaration', async () => {
  const file = (await parse(`package a:b\ninterface i { f: func(); }\n${TAIL}`)).ast;
  assert.equal(file.packageDecl?.name.name.name, 'b');
  assert.deepEqual(names(file), ['i', 'i.f', ...TAIL_NAMES]);
  assert.equal(file.diagnostics.length, 1);
});

test('missing `;` after a function', async () => {
  const file = (await parse(`package a:b;\ninterface i { f: func() h: func(); }\n${TAIL}`)).ast;
  assert.deepEqual(names(file), ['i', 'i.f', 'i.h', ...TAIL_NAMES]);
  assert.equal(file.diagnostics.length, 1);
});

test('missing `}` of an interface', async () => {
  const file = (await parse(`package a:b;\ninterface i { f: func();\n${TAIL}`)).ast;
  assert.deepEqual(names(file), ['i', 'i.f', ...TAIL_NAMES]);
  assert.equal(file.diagnostics.length, 1);
});

test('missing `}` of a world', async () => {
  const file = (await parse(`package a:b;\nworld v { import x: func();\n${TAIL}`)).ast;
  assert.deepEqual(names(file), ['v', 'v.import', ...TAIL_NAMES]);
  assert.equal(file.diagnostics.length, 1);
});

test('missing `)` in a parameter list', async () => {
  const file = (await parse(`package a:b;\ninterface i { f: func(a: u32; h: func(); }\n${TAIL}`)).ast;
  assert.deepEqual(names(file), ['i', 'i.f', 'i.h', ...TAIL_NAMES]);
  assert.equal(file.diagnostics.length, 1);
});

test('missing `,` in a record keeps both fields', async () => {
  const file = (await parse(`package a:b;\ninterface i { record r { a: u32 b: u32 } h: func(); }\n${TAIL}`)).ast;
  const iface = file.items[0];
  assert.equal(iface.kind, 'interface');
  const record = iface.kind === 'interface' ? iface.members[0] : undefined;
  assert.equal(record?.kind, 'record');
  assert.deepEqual(record?.kind === 'record' ? record.fields.map((f) => f.name.name) : [], ['a', 'b']);
  assert.deepEqual(names(file).slice(-TAIL_NAMES.length), TAIL_NAMES);
  assert.equal(file.diagnostics.length, 1);
});

test('a line of garbage inside an interface', async () => {
  const file = (await parse(`package a:b;\ninterface i { f: func(); = = ] ) g: func(); }\n${TAIL}`)).ast;
  assert.deepEqual(names(file), ['i', 'i.f', 'i.g', ...TAIL_NAMES]);
  assert.ok(file.diagnostics.length <= 2, file.diagnostics.map((d) => d.message).join('\n'));
});

test('a keyword used as a name', async () => {
  const file = (await parse(`package a:b;\ninterface i { list: func(); f: func(); }\n${TAIL}`)).ast;
  assert.deepEqual(names(file).slice(-TAIL_NAMES.length), TAIL_NAMES);
  assert.ok(names(file).includes('i.f'));
  assert.equal(file.diagnostics.length, 1);
});

test('one broken item in the middle of a 2,000-line file', async () => {
  const big = bigWit(2000);
  const good = (await parse(big)).ast;
  const at = big.indexOf('lookup70: func(');
  const broken = big.slice(0, at) + 'lookup70 func(' + big.slice(at + 'lookup70: func('.length);
  const file = (await parse(broken)).ast;
  assert.equal(file.items.length, good.items.length);
  assert.ok(file.diagnostics.length >= 1 && file.diagnostics.length <= 2, file.diagnostics.map((d) => d.message).join('\n'));
  const diagnosticLine = broken.slice(0, file.diagnostics[0].span.start).split('\n').length;
  const editLine = broken.slice(0, at).split('\n').length;
  assert.equal(diagnosticLine, editLine, 'the error is reported on the broken line');
});
