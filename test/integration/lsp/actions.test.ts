// Code actions, inlay hints, workspace symbols and the custom requests (packageInfo, packageName,
// worldView) over stdio. Fixtures: fixtures/fixes (a package with deliberate mistakes) and
// fixtures/app.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, InlayHint, SymbolInformation, TextEdit } from 'vscode-languageserver/node';
import { FIXTURES, fileUri, LspClient, offsetOf, positionIn, positionOf } from './lspClient';

const FIXES = path.join(FIXTURES, 'fixes', 'main.wit');
const APP = path.join(FIXTURES, 'app');
const API = path.join(APP, 'api.wit');

describe('LSP server: code actions, inlay hints, symbols and custom requests', () => {
  let client: LspClient;
  let uri: string;
  let diagnostics: Diagnostic[];
  const text = fs.readFileSync(FIXES, 'utf8');

  before(async () => {
    ({ client } = await LspClient.start({ rootPath: FIXTURES }));
    uri = await client.open(FIXES);
    diagnostics = await client.diagnostics(uri, (d) => d.length > 0);
  });
  after(async () => {
    await client.stop();
  });

  const actionsAt = async (needle: string, delta = 0): Promise<CodeAction[]> => {
    const pos = positionIn(FIXES, needle, delta);
    return client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri }, range: { start: pos, end: pos },
      context: { diagnostics: diagnostics.filter((d) => d.range.start.line === pos.line) },
    });
  };
  const apply = (edits: readonly TextEdit[]): string => {
    let out = text;
    const offset = (p: { line: number; character: number }): number => text.split('\n').slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
    return out;
  };

  it('publishes the unused `use` as an unnecessary hint', () => {
    const hint = diagnostics.find((d) => d.code === 'unused-use');
    assert.ok(hint, JSON.stringify(diagnostics));
    assert.equal(hint.severity, 4);
    assert.deepEqual(hint.tags, [1]);
    assert.deepEqual(hint.range.start, positionIn(FIXES, 'size};', 0));
  });

  it('adds a missing `use` to the existing use of that interface', async () => {
    const actions = await actionsAt('p: point', 3);
    const add = actions.find((a) => a.title === 'Add `use shapes.{point}`');
    assert.ok(add, actions.map((a) => a.title).join(' | '));
    assert.equal(add.kind, 'quickfix');
    assert.match(apply(add.edit?.changes?.[uri] ?? []), /use shapes\.\{size, point\};/);
  });

  it('offers "did you mean" for a misspelled type', async () => {
    const actions = await actionsAt('s: sise', 3);
    const fix = actions.find((a) => a.title === 'Did you mean `size`?');
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.match(apply(fix.edit?.changes?.[uri] ?? []), /scale: func\(s: size\)/);
  });

  it('removes an unused `use` name', async () => {
    const actions = await actionsAt('size};', 0);
    const fix = actions.find((a) => a.title === 'Remove unused `size`');
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.doesNotMatch(apply(fix.edit?.changes?.[uri] ?? []), /use shapes/);
  });

  it('fixes a non-kebab identifier', async () => {
    const actions = await actionsAt('makeThing', 2);
    const fix = actions.find((a) => a.title === 'Rename to `make-thing`');
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.match(apply(fix.edit?.changes?.[uri] ?? []), /make-thing: func\(\);/);
  });

  it('adds the missing @since before @deprecated', async () => {
    const actions = await actionsAt('@deprecated', 1);
    const fix = actions.find((a) => a.title === 'Add `@since(version = 1.0.0)`');
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.match(apply(fix.edit?.changes?.[uri] ?? []), /@since\(version = 1\.0\.0\)\n {2}@deprecated\(version = 1\.0\.0\)/);
  });

  it('offers @since as a refactoring on an ungated item of a versioned package', async () => {
    const actions = await actionsAt('interface api', 'interface '.length + 1);
    const add = actions.find((a) => a.kind === 'refactor.rewrite');
    assert.equal(add?.title, 'Add `@since(version = 1.0.0)`');
    assert.match(apply(add?.edit?.changes?.[uri] ?? []), /@since\(version = 1\.0\.0\)\ninterface api/);
  });

  it('shows the package a local path resolves in as an inlay hint', async () => {
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: positionOf(text, text.length) },
    });
    const labels = hints.map((h) => `${h.position.line}:${h.position.character}:${String(h.label)}`);
    const shapes = positionOf(text, offsetOf(text, 'shapes.{') + 'shapes'.length);
    assert.ok(labels.includes(`${shapes.line}:${shapes.character}:example:fixes@1.0.0`), labels.join(' '));
    assert.ok(!labels.some((l) => l.includes('wasi:io')), 'a path with a version gets no hint');
  });

  it('finds workspace symbols in the packages seen so far', async () => {
    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'shap' });
    assert.ok(symbols.some((s) => s.name === 'shapes' && s.kind === 11 && s.location.uri === uri), JSON.stringify(symbols));
    // fixtures/app was never opened: it is found by walking the workspace folder.
    const canvas = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'canvas' });
    assert.ok(canvas.some((s) => s.name === 'canvas' && s.location.uri === fileUri(path.join(APP, 'types.wit')) && s.containerName === 'types'), JSON.stringify(canvas));
  });

  it('answers wasiStudio/packageInfo and wasiStudio/packageName', async () => {
    const api = await client.open(API);
    const info = await client.request<{ id: string; isDependency: boolean; interfaces: string[]; worlds: string[] }>('wasiStudio/packageInfo', { textDocument: { uri: api } });
    assert.equal(info.id, 'example:app@0.1.0');
    assert.equal(info.isDependency, false);
    assert.deepEqual([...info.interfaces].sort(), ['example:app/api@0.1.0', 'example:app/types@0.1.0']);
    assert.deepEqual(info.worlds, ['example:app/app@0.1.0']);
    const dep = await client.request<{ id: string; isDependency: boolean }>('wasiStudio/packageInfo', { textDocument: { uri: fileUri(path.join(APP, 'deps', 'io', 'streams.wit')) } });
    assert.deepEqual([dep.id, dep.isDependency], ['wasi:io@0.2.0', true]);
    assert.equal(await client.request('wasiStudio/packageName', { textDocument: { uri: api } }), 'example:app@0.1.0');
  });

  it('elaborates a world with its implied imports in wasiStudio/worldView', async () => {
    const api = await client.open(API);
    const view = await client.request<{ world: string; imports: { name: string; implied: boolean; children: { name: string }[] }[]; exports: { name: string; kind: string }[] }>(
      'wasiStudio/worldView', { textDocument: { uri: api }, position: positionIn(API, 'world app', 6) });
    assert.equal(view.world, 'example:app/app@0.1.0');
    assert.deepEqual(view.imports.map((i) => [i.name, i.implied]), [
      ['example:app/types@0.1.0', true],
      ['wasi:io/streams@0.2.0', true],
      ['example:app/api@0.1.0', false],
    ]);
    assert.deepEqual(view.imports[2].children.map((c) => c.name).sort(), ['canvas', 'color', 'input-stream', 'paint', 'plot', 'point', 'read-all']);
    assert.deepEqual(view.exports.map((e) => [e.name, e.kind]), [['run', 'function']]);
    assert.equal(await client.request('wasiStudio/worldView', { textDocument: { uri: api }, world: 'nope' }), null);
  });
});
