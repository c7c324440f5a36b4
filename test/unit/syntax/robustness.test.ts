// Hostile input never throws and never hangs: random bytes and token soup, a 2,000-line file,
// types and packages nested thousands deep, unterminated comments and strings, huge tokens.
// (The timeouts only catch hangs; speed is measured in bench/, not asserted here.)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ParsedFile } from '../../../server/src/syntax/parser';
import { bigWit, parse, random, witParser } from './helpers';

const HANG = { timeout: 120_000 };

/** Parses and checks the invariants every result must keep. */
async function parseChecked(text: string): Promise<ParsedFile> {
  const file = await parse(text);
  for (const d of file.ast.diagnostics) {
    assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length, `span ${JSON.stringify(d.span)} inside the text`);
    assert.ok(d.message.length > 0);
  }
  assert.equal(file.tree.rootNode.endIndex <= text.length, true);
  return file;
}

test('random strings of any UTF-16 code units', HANG, async () => {
  const next = random(7);
  for (let i = 0; i < 150; i++) {
    const length = next(400);
    let text = '';
    for (let j = 0; j < length; j++) text += String.fromCharCode(next(4) === 0 ? next(0x10000) : 32 + next(95));
    await parseChecked(text);
  }
});

test('random soup of WIT tokens', HANG, async () => {
  const next = random(11);
  const vocabulary = [
    'package', 'interface', 'world', 'use', 'import', 'export', 'include', 'with', 'as', 'func', 'async', 'static',
    'constructor', 'resource', 'record', 'variant', 'enum', 'flags', 'type', 'list', 'option', 'result', 'tuple',
    'map', 'borrow', 'own', 'future', 'stream', 'u32', 'string', '_', 'a', 'b-c', '%type', 'a:b', 'x/y', '@1.0.0',
    '@since(version = 1.0.0)', '@unstable(feature = f)', '@external-id("x")', '{', '}', '(', ')', '<', '>', ',',
    ';', ':', '.', '=', '->', '/', '*', '"str"', '"open', '/*', '*/', '//', '///', '\n', '\r', '12', '$', '%',
  ];
  for (let i = 0; i < 300; i++) {
    const count = next(60);
    const parts: string[] = [];
    for (let j = 0; j < count; j++) parts.push(vocabulary[next(vocabulary.length)]);
    await parseChecked(parts.join(next(3) === 0 ? '' : ' '));
  }
});

test('a 2,000-line file parses without diagnostics', HANG, async () => {
  const text = bigWit(2000);
  const file = await parseChecked(text);
  assert.ok(text.split('\n').length >= 2000);
  assert.deepEqual(file.ast.diagnostics, []);
  assert.equal(file.ast.items.length, text.split('interface iface').length - 1);
});

test('list<…> nested 5,000 deep', HANG, async () => {
  const text = `package a:b;\ninterface i { type t = ${'list<'.repeat(5000)}u8${'>'.repeat(5000)}; }\nworld w {}`;
  const file = await parseChecked(text);
  assert.equal(file.ast.diagnostics[0]?.message, 'type nesting too deep');
});

test('unclosed list< 5,000 deep', HANG, async () => {
  const file = await parseChecked(`package a:b;\ninterface i { type t = ${'list<'.repeat(5000)}`);
  assert.ok(file.ast.diagnostics.length > 0);
});

test('nested package blocks 3,000 deep', HANG, async () => {
  const text = `${'package a:b { '.repeat(3000)}${'} '.repeat(3000)}`;
  const file = await parseChecked(text);
  assert.equal(file.ast.diagnostics[0]?.message, 'package nesting too deep');
});

test('thousands of unbalanced brackets', HANG, async () => {
  for (const piece of ['{', '}', '(', ')', '<', '>', 'interface i {', 'world w { import x: interface {']) {
    const file = await parseChecked(`package a:b;\n${piece.repeat(3000)}`);
    assert.ok(file.ast.diagnostics.length > 0, piece);
  }
});

test('unterminated and deeply nested comments and strings', HANG, async () => {
  let file = await parseChecked(`package a:b;\n${'/* '.repeat(10000)}`);
  assert.equal(file.ast.diagnostics[0]?.message, 'unterminated block comment');
  file = await parseChecked(`package a:b;\n${'/* '.repeat(10000)}${' */'.repeat(10000)}\nworld w {}`);
  assert.deepEqual(file.ast.diagnostics, []);
  file = await parseChecked('package a:b;\nworld w { @external-id("never closed');
  assert.equal(file.ast.diagnostics[0]?.message, 'unexpected end of file');
  file = await parseChecked('package a:b;\n/** unterminated doc');
  assert.equal(file.ast.diagnostics[0]?.message, 'unterminated block comment');
});

test('a 200,000-character identifier and comment', HANG, async () => {
  const long = 'a'.repeat(200_000);
  let file = await parseChecked(`package a:b;\ninterface ${long} {}\nworld w {}`);
  assert.equal(file.ast.items[0]?.kind === 'interface' && file.ast.items[0].name.name.length, 200_000);
  file = await parseChecked(`package a:b;\n// ${long}\nworld w {}`);
  assert.deepEqual(file.ast.diagnostics, []);
});

test('lone surrogates and NUL characters', HANG, async () => {
  const file = await parseChecked('package a:b;\n// \uD800 \uDFFF\ninterface i\u0000 {}\nworld w {}');
  assert.ok(file.ast.diagnostics.length > 0);
});

test('incremental parses of hostile edits do not throw', HANG, async () => {
  const parser = await witParser();
  const next = random(3);
  let file = parser.parse('file:///h.wit', bigWit(200));
  for (let i = 0; i < 100; i++) {
    const at = next(file.text.length + 1);
    const insert = ['/*', '"', '{{{{', '}}}}', '\u202E', 'list<'.repeat(200), '\r', ''][next(8)];
    const text = file.text.slice(0, at) + insert + file.text.slice(at);
    const position = file.lines.positionAt(at);
    file = parser.parse(file.uri, text, { file, edits: [{ range: { start: position, end: position }, newText: insert }] });
  }
  assert.ok(file.ast.diagnostics.length > 0);
});
