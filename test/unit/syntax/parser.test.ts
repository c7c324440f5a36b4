// loadWitParser and WitParser.parse: locating the wasm files, the ParsedFile contract, and
// incremental re-parsing, which must give exactly what a full parse gives.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadWitParser, locateWasm, ParsedFile, TextEdit } from '../../../server/src/syntax/parser';
import { random, repoRoot, witParser } from './helpers';

const SAMPLE = readFileSync(join(repoRoot, 'test', 'unit', 'syntax', 'sample.wit'), 'utf8');

test('the wasm files are found in the source tree when running from out/', () => {
  const { grammar, runtime } = locateWasm();
  assert.ok(grammar.endsWith(join('server', 'grammar', 'tree-sitter-wit.wasm')), grammar);
  assert.ok(runtime.endsWith(join('web-tree-sitter', 'web-tree-sitter.wasm')), runtime);
});

test('wasmDir: both files are loaded from one directory, as next to the bundle in dist/', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wit-wasm-'));
  try {
    const { grammar, runtime } = locateWasm();
    copyFileSync(grammar, join(dir, 'tree-sitter-wit.wasm'));
    copyFileSync(runtime, join(dir, 'web-tree-sitter.wasm'));
    assert.deepEqual(locateWasm({ wasmDir: dir }), { grammar: join(dir, 'tree-sitter-wit.wasm'), runtime: join(dir, 'web-tree-sitter.wasm') });
    const parser = await loadWitParser({ wasmDir: dir });
    assert.equal(parser.parse('file:///a.wit', 'package a:b;').ast.packageDecl?.name.name.name, 'b');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wasmDir without the wasm files is a clear error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wit-empty-'));
  try {
    await assert.rejects(loadWitParser({ wasmDir: dir }), /tree-sitter-wit\.wasm not found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ParsedFile carries uri, text, AST, tree and line index', async () => {
  const parser = await witParser();
  const file = parser.parse('file:///sample.wit', SAMPLE);
  assert.equal(file.uri, 'file:///sample.wit');
  assert.equal(file.ast.uri, 'file:///sample.wit');
  assert.equal(file.text, SAMPLE);
  assert.equal(file.tree.rootNode.type, 'source_file');
  assert.equal(file.tree.rootNode.endIndex, SAMPLE.length);
  assert.equal(file.lines.lineCount, SAMPLE.split('\n').length);
  assert.deepEqual(file.ast.diagnostics, []);
  assert.ok(file.ast.items.length >= 4);
});

/** Applies one LSP-style edit to a text. */
function apply(file: ParsedFile, edit: TextEdit): string {
  const start = file.lines.offsetAt(edit.range.start);
  const end = file.lines.offsetAt(edit.range.end);
  return file.text.slice(0, start) + edit.newText + file.text.slice(end);
}

/** A random small edit: insert, delete or replace a few characters somewhere. */
function randomEdit(file: ParsedFile, next: (n: number) => number): TextEdit {
  const pieces = ['x', ';', '}', '{', ' ', '\n', 'func', '/*', '*/', '//', 'é', ',', 'u32', '<', '>', ''];
  const start = next(file.text.length + 1);
  const end = Math.min(file.text.length, start + next(4));
  return {
    range: { start: file.lines.positionAt(start), end: file.lines.positionAt(end) },
    newText: pieces[next(pieces.length)],
  };
}

test('incremental re-parse equals a full parse after each of 300 random edits', async () => {
  const parser = await witParser();
  const next = random(42);
  let file = parser.parse('file:///sample.wit', SAMPLE);
  for (let i = 0; i < 300; i++) {
    const edits = [randomEdit(file, next)];
    const text = apply(file, edits[0]);
    const incremental = parser.parse(file.uri, text, { file, edits });
    // Another uri, so that the full parse does not release the incremental tree.
    const full = parser.parse(`${file.uri}#full`, text);
    assert.equal(incremental.tree.rootNode.toString(), full.tree.rootNode.toString(), `tree after edit ${i}`);
    assert.deepEqual({ ...incremental.ast, uri: '' }, { ...full.ast, uri: '' }, `AST after edit ${i}`);
    // Drift back towards the sample now and then, so that edits keep hitting valid WIT.
    file = i % 25 === 24 ? parser.parse(file.uri, SAMPLE) : incremental;
  }
});

test('several edits in one change are applied in order', async () => {
  const parser = await witParser();
  const file = parser.parse('file:///a.wit', 'package a:b;\ninterface i {\n  f: func();\n}\n');
  const edits: TextEdit[] = [
    { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 3 } }, newText: 'go' },
    { range: { start: { line: 1, character: 10 }, end: { line: 1, character: 11 } }, newText: 'api' },
  ];
  const text = 'package a:b;\ninterface api {\n  go: func();\n}\n';
  const incremental = parser.parse(file.uri, text, { file, edits });
  assert.deepEqual(incremental.ast, parser.parse(file.uri, text).ast);
  assert.equal(incremental.ast.items[0].kind === 'interface' && incremental.ast.items[0].name.name, 'api');
});

test('edits that do not produce the new text fall back to a full parse', async () => {
  const parser = await witParser();
  const file = parser.parse('file:///a.wit', 'package a:b;\ninterface i {}\n');
  const wrong: TextEdit[] = [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'zzz' }];
  const text = 'package a:b;\nworld w {}\n';
  const result = parser.parse(file.uri, text, { file, edits: wrong });
  assert.deepEqual(result.ast, parser.parse(file.uri, text).ast);
  assert.equal(result.ast.items[0].kind, 'world');
});

test('a newer parse of a uri releases the older tree; ASTs stay, stale previous files still work', async () => {
  const parser = await witParser();
  const first = parser.parse('file:///release.wit', 'package a:b;\ninterface i {}\n');
  const edits: TextEdit[] = [{ range: { start: { line: 1, character: 10 }, end: { line: 1, character: 11 } }, newText: 'renamed' }];
  const second = parser.parse(first.uri, 'package a:b;\ninterface renamed {}\n', { file: first, edits });
  assert.equal((first.ast.items[0] as { name: { name: string } }).name.name, 'i', 'the old AST is untouched');
  assert.throws(() => first.tree.rootNode, /released by a newer parse/);
  assert.equal(second.tree.rootNode.type, 'source_file');
  // Using the released file as `previous` again is safe: it falls back to a full parse.
  const text = 'package a:b;\ninterface other {}\n';
  const third = parser.parse(first.uri, text, { file: first, edits: [{ ...edits[0], newText: 'other' }] });
  assert.deepEqual({ ...third.ast, uri: '' }, { ...parser.parse('file:///release-full.wit', text).ast, uri: '' });
  // Other uris keep their trees.
  const elsewhere = parser.parse('file:///elsewhere.wit', text);
  parser.parse('file:///release.wit', text);
  assert.equal(elsewhere.tree.rootNode.type, 'source_file');
});
