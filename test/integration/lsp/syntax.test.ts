// The server over stdio: initialize, document sync, diagnostics for a package and its dependents,
// and the features that answer from the syntax tree (symbols, folding, selection, formatting,
// semantic tokens). Fixtures: fixtures/app (a two-file package with deps/io).

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  DocumentSymbol, FoldingRange, InitializeResult, SelectionRange, SemanticTokens, SemanticTokensDelta, SignatureHelp, TextEdit,
} from 'vscode-languageserver/node';
import { FIXTURES, LspClient, positionIn } from './lspClient';

const APP = path.join(FIXTURES, 'app');
const API = path.join(APP, 'api.wit');
const TYPES = path.join(APP, 'types.wit');
const STREAMS = path.join(APP, 'deps', 'io', 'streams.wit');

describe('LSP server: sync, diagnostics and syntax features', () => {
  let client: LspClient;
  let init: InitializeResult;

  before(async () => {
    ({ client, init } = await LspClient.start({ rootPath: APP }));
  });
  after(async () => {
    await client.stop();
  });

  it('negotiates incremental sync and the syntax features', () => {
    const caps = init.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: false });
    assert.ok(caps.documentSymbolProvider);
    assert.ok(caps.foldingRangeProvider);
    assert.ok(caps.selectionRangeProvider);
    assert.ok(caps.documentFormattingProvider);
    assert.ok(caps.documentRangeFormattingProvider);
    assert.deepEqual(caps.semanticTokensProvider && 'full' in caps.semanticTokensProvider ? caps.semanticTokensProvider.full : undefined, { delta: true });
  });

  it('publishes no diagnostics for a valid package with deps/', async () => {
    const uri = await client.open(API);
    assert.deepEqual(await client.diagnostics(uri), []);
  });

  it('reports an unknown type after an edit, and clears it after the fix', async () => {
    const uri = await client.open(API);
    await client.diagnostics(uri);
    const at = positionIn(API, 'p: point) -> color', 'p: point'.length);
    const broken = client.nextDiagnostics(uri, (d) => d.length > 0);
    await client.change(uri, [{ range: { start: at, end: at }, text: 'x' }]);
    const diags = await broken;
    assert.equal(diags.length, 1);
    assert.match(String(diags[0].message), /pointx/);
    assert.deepEqual(diags[0].range.start, { line: at.line, character: at.character - 'point'.length });
    const fixed = client.nextDiagnostics(uri, (d) => d.length === 0);
    await client.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }]);
    assert.deepEqual(await fixed, []);
  });

  it('reports syntax errors with their range', async () => {
    const uri = await client.open(API);
    await client.diagnostics(uri);
    const at = positionIn(API, '-> color;', '-> color'.length);
    const broken = client.nextDiagnostics(uri, (d) => d.length > 0);
    await client.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }]);
    const diags = await broken;
    assert.ok(diags.some((d) => d.severity === 1 && d.range.start.line >= at.line), JSON.stringify(diags));
    const fixed = client.nextDiagnostics(uri, (d) => d.length === 0);
    await client.change(uri, [{ range: { start: at, end: at }, text: ';' }]);
    assert.deepEqual(await fixed, []);
  });

  it('re-validates the other files of the package when one file changes', async () => {
    const api = await client.open(API);
    const types = await client.open(TYPES);
    await client.diagnostics(api);
    const at = positionIn(TYPES, 'record point', 'record '.length);
    const broken = client.nextDiagnostics(api, (d) => d.length > 0);
    await client.change(types, [{ range: { start: at, end: { line: at.line, character: at.character + 'point'.length } }, text: 'spot' }]);
    const diags = await broken;
    assert.ok(diags.some((d) => /point/.test(String(d.message))), JSON.stringify(diags));
    const fixed = client.nextDiagnostics(api, (d) => d.length === 0);
    await client.change(types, [{ range: { start: at, end: { line: at.line, character: at.character + 'spot'.length } }, text: 'point' }]);
    assert.deepEqual(await fixed, []);
    await client.close(types);
  });

  it('re-validates the package when a file in its deps/ changes', async () => {
    const api = await client.open(API);
    const streams = await client.open(STREAMS);
    await client.diagnostics(api);
    const at = positionIn(STREAMS, 'resource input-stream', 'resource '.length);
    const broken = client.nextDiagnostics(api, (d) => d.length > 0);
    await client.change(streams, [{ range: { start: at, end: { line: at.line, character: at.character + 'input-stream'.length } }, text: 'in-stream' }]);
    const diags = await broken;
    assert.ok(diags.some((d) => /input-stream/.test(String(d.message))), JSON.stringify(diags));
    const fixed = client.nextDiagnostics(api, (d) => d.length === 0);
    await client.close(streams);
    assert.deepEqual(await fixed, []);
  });

  it('lists the outline of a file', async () => {
    const uri = await client.open(API);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const outline = symbols.map((s) => `${s.name}:${s.kind}[${(s.children ?? []).map((c) => c.name).join(',')}]`);
    assert.deepEqual(outline, [
      'example:app@0.1.0:4[]',
      'api:11[point,color,canvas,input-stream,plot,read-all,paint]',
      'app:2[api,run]',
    ]);
  });

  it('folds interfaces, worlds, records and use groups', async () => {
    const uri = await client.open(TYPES);
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const regions = folds.map((f) => `${f.startLine}-${f.endLine}:${f.kind ?? ''}`);
    assert.ok(regions.includes(`${positionIn(TYPES, 'interface types').line}-${positionIn(TYPES, 'draw:').line + 1}:region`), regions.join(' '));
    assert.ok(regions.includes(`${positionIn(TYPES, 'record point').line}-${positionIn(TYPES, 'y: s32').line}:region`), regions.join(' '));
    const api = await client.open(API);
    const apiFolds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: api } });
    assert.ok(apiFolds.some((f) => f.kind === 'imports' && f.startLine === positionIn(API, 'use types').line));
  });

  it('expands the selection from a name outwards', async () => {
    const uri = await client.open(API);
    const pos = positionIn(API, 'plot: func', 1);
    const [range] = await client.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri }, positions: [pos] });
    const chain: string[] = [];
    for (let r: SelectionRange | undefined = range; r; r = r.parent) chain.push(`${r.range.start.line}:${r.range.start.character}-${r.range.end.line}:${r.range.end.character}`);
    assert.equal(chain[0], `${pos.line}:2-${pos.line}:6`);
    assert.ok(chain.length >= 4, chain.join(' '));
    assert.equal(chain[chain.length - 1].startsWith('0:0-'), true);
  });

  it('formats a document and a range in the canonical style', async () => {
    const messy = 'package a:b;\ninterface i{\nf:func(x:u32)->u32;\n   record r {a:u32}\n}\n';
    const uri = await client.open(path.join(FIXTURES, 'scratch', 'format.wit'), messy);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    assert.equal(applyEdits(messy, edits), 'package a:b;\ninterface i {\n  f: func(x: u32) -> u32;\n  record r {\n    a: u32\n  }\n}\n');
    const rangeEdits = await client.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri }, options: { tabSize: 2, insertSpaces: true },
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 18 } },
    });
    assert.equal(applyEdits(messy, rangeEdits), 'package a:b;\ninterface i{\n  f: func(x: u32) -> u32;\n   record r {a:u32}\n}\n');
    await client.close(uri);
  });

  it('helps with the arguments of a generic type', async () => {
    const uri = await client.open(API);
    const help = await client.request<SignatureHelp>('textDocument/signatureHelp', { textDocument: { uri }, position: positionIn(API, 'list<u8', 'list<'.length) });
    assert.equal(help.signatures[0]?.label, 'list<T, N>');
    assert.equal(help.activeParameter, 0);
  });

  it('returns semantic tokens, then a delta after an edit', async () => {
    const uri = await client.open(API);
    const full = await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok(full.resultId);
    assert.equal(full.data.length % 5, 0);
    const legend = init.capabilities.semanticTokensProvider?.legend;
    const types = decode(full.data).map((t) => legend?.tokenTypes[t.type]);
    assert.ok(types.includes('interface') && types.includes('class') && types.includes('function') && types.includes('parameter'), types.join(','));
    const at = positionIn(API, 'paint: func', 'paint: func('.length);
    await client.change(uri, [{ range: { start: at, end: at }, text: 'extra: u8, ' }]);
    const delta = await client.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: full.resultId });
    assert.ok(delta.edits && delta.edits.length === 1, JSON.stringify(delta));
    await client.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 'extra: u8, '.length } }, text: '' }]);
  });
});

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

function decode(data: readonly number[]): { line: number; char: number; length: number; type: number; mods: number }[] {
  const out: { line: number; char: number; length: number; type: number; mods: number }[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    out.push({ line, char, length: data[i + 2], type: data[i + 3], mods: data[i + 4] });
  }
  return out;
}
