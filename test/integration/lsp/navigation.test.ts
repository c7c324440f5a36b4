// The resolved-model features over stdio on fixtures/app (two files + deps/io): completion with
// resolve, hover, definition/declaration/type definition across files and into deps/, references,
// document highlights, rename and prepareRename.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  CompletionItem, CompletionList, DocumentHighlight, Hover, Location, MarkupContent, Range, WorkspaceEdit,
} from 'vscode-languageserver/node';
import { FIXTURES, fileUri, LspClient, positionIn } from './lspClient';

const APP = path.join(FIXTURES, 'app');
const API = path.join(APP, 'api.wit');
const TYPES = path.join(APP, 'types.wit');
const STREAMS = path.join(APP, 'deps', 'io', 'streams.wit');

describe('LSP server: features answered from the resolved model', () => {
  let client: LspClient;
  let api: string;

  before(async () => {
    ({ client } = await LspClient.start({ rootPath: APP }));
    api = await client.open(API);
    await client.diagnostics(api);
  });
  after(async () => {
    await client.stop();
  });

  const at = (needle: string, delta = 0): { textDocument: { uri: string }; position: { line: number; character: number } } =>
    ({ textDocument: { uri: api }, position: positionIn(API, needle, delta) });

  it('completes the types in scope, built-ins and generic snippets in a type position', async () => {
    const list = await client.request<CompletionList>('textDocument/completion', at('-> color;', 3));
    const labels = list.items.map((i) => i.label);
    for (const expected of ['point', 'color', 'canvas', 'input-stream', 'u32', 'string', 'list', 'result']) assert.ok(labels.includes(expected), `${expected} missing: ${labels.join(',')}`);
    assert.ok(!labels.includes('interface'), 'keywords are not types');
    const list3 = list.items.find((i) => i.label === 'list');
    assert.equal(list3?.insertTextFormat, 2);
    const point = list.items.find((i) => i.label === 'point');
    assert.ok(point?.data, 'declared types carry resolve data');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', point);
    assert.match((resolved.documentation as MarkupContent).value, /record point \{\n {2}x: s32,\n {2}y: s32,\n\}/);
    assert.match((resolved.documentation as MarkupContent).value, /A point on the canvas\./);
  });

  it('completes packages, interfaces and types along a use path', async () => {
    const scratch = path.join(APP, 'scratch.wit');
    const text = 'package example:app@0.1.0;\n\ninterface scratch {\n  use \n}\n';
    const uri = await client.open(scratch, text);
    const line = 3;
    const step = async (insert: string): Promise<string[]> => {
      const current = 'use '.length + 2;
      await client.change(uri, [{ range: { start: { line, character: current }, end: { line, character: current + 200 } }, text: insert }]);
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character: current + insert.length } });
      return list.items.map((i) => i.label);
    };
    const start = await step('');
    assert.ok(start.includes('types') && start.includes('api') && start.includes('wasi:io'), start.join(','));
    assert.deepEqual(await step('wasi:io/'), ['streams']);
    assert.deepEqual(await step('wasi:io/streams.{'), ['input-stream']);
    const local = await step('types.{');
    assert.deepEqual(local.sort(), ['canvas', 'color', 'point']);
    await client.close(uri);
  });

  it('completes keywords only where an item can start, and gate attributes', async () => {
    const uri = await client.open(path.join(APP, 'scratch2.wit'), 'package example:app@0.1.0;\n\nworld w {\n  \n}\n@\n');
    const inWorld = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 2 } });
    const words = inWorld.items.map((i) => i.label);
    assert.ok(['import', 'export', 'include', 'use'].every((k) => words.includes(k)), words.join(','));
    assert.ok(!words.includes('package') && !words.includes('u32'));
    const attr = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 1 } });
    assert.deepEqual(attr.items.map((i) => i.label).sort(), ['deprecated', 'since', 'unstable']);
    await client.close(uri);
  });

  it('hovers a used type with its original definition, docs and origin', async () => {
    const h = await client.request<Hover>('textDocument/hover', at('p: point) -> color', 4));
    const value = (h.contents as MarkupContent).value;
    assert.match(value, /record point/);
    assert.match(value, /A point on the canvas\./);
    assert.match(value, /example:app\/types@0\.1\.0/);
    assert.deepEqual(h.range, rangeOf(API, 'point) -> color', 'point'.length));
  });

  it('goes to the definition in another file and into deps/', async () => {
    const def = await client.request<Location[]>('textDocument/definition', at('p: point) -> color', 4));
    assert.deepEqual(def, [{ uri: fileUri(TYPES), range: rangeOf(TYPES, 'point {', 'point'.length) }]);
    const dep = await client.request<Location[]>('textDocument/definition', at('borrow<input-stream>', 'borrow<'.length + 2));
    assert.deepEqual(dep, [{ uri: fileUri(STREAMS), range: rangeOf(STREAMS, 'input-stream {', 'input-stream'.length) }]);
  });

  it('goes to the declaration (the use) and to a parameter\'s type definition', async () => {
    const decl = await client.request<Location[]>('textDocument/declaration', at('p: point) -> color', 4));
    assert.deepEqual(decl, [{ uri: api, range: rangeOf(API, 'point, color', 'point'.length) }]);
    const typeDef = await client.request<Location[]>('textDocument/typeDefinition', at('at: point', 0));
    assert.deepEqual(typeDef, [{ uri: fileUri(TYPES), range: rangeOf(TYPES, 'point {', 'point'.length) }]);
  });

  it('finds every reference across the package', async () => {
    const refs = await client.request<Location[]>('textDocument/references', { ...at('p: point) -> color', 4), context: { includeDeclaration: true } });
    const spots = refs.map((r) => `${path.basename(r.uri)}:${r.range.start.line}:${r.range.start.character}`).sort();
    assert.deepEqual(spots, [
      `api.wit:${positionIn(API, 'point, color').line}:${positionIn(API, 'point, color').character}`,
      `api.wit:${positionIn(API, 'point) -> color').line}:${positionIn(API, 'point) -> color').character}`,
      `api.wit:${positionIn(API, 'point);').line}:${positionIn(API, 'point);').character}`,
      `types.wit:${positionIn(TYPES, 'p: point').line}:${positionIn(TYPES, 'p: point').character + 3}`,
      `types.wit:${positionIn(TYPES, 'point {').line}:${positionIn(TYPES, 'point {').character}`,
    ].sort());
  });

  it('highlights the occurrences in the current file', async () => {
    const hl = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', at('p: point) -> color', 4));
    assert.equal(hl.length, 3);
  });

  it('renames across files, refuses keywords, built-ins and deps/', async () => {
    const prep = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', at('p: point) -> color', 4));
    assert.equal(prep.placeholder, 'point');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...at('p: point) -> color', 4), newName: 'spot' });
    const files = Object.keys(edit.changes ?? {}).map((u) => path.basename(u)).sort();
    assert.deepEqual(files, ['api.wit', 'types.wit']);
    assert.equal(edit.changes?.[api]?.length, 3);
    assert.equal(edit.changes?.[fileUri(TYPES)]?.length, 2);
    assert.ok(Object.values(edit.changes ?? {}).flat().every((e) => e.newText === 'spot'));

    await assert.rejects(client.request('textDocument/prepareRename', at('-> list<u8>', 3)), /built-in/);
    await assert.rejects(client.request('textDocument/prepareRename', at('interface api', 2)), /keyword/);
    await assert.rejects(client.request('textDocument/prepareRename', at('borrow<input-stream>', 'borrow<'.length + 2)), /deps/);
    await assert.rejects(client.request('textDocument/rename', { ...at('p: point) -> color', 4), newName: 'Not_Kebab' }), /not a valid WIT identifier/);
    const escaped = await client.request<WorkspaceEdit>('textDocument/rename', { ...at('p: point) -> color', 4), newName: 'record' });
    assert.ok(Object.values(escaped.changes ?? {}).flat().every((e) => e.newText === '%record'));
  });
});

function rangeOf(file: string, needle: string, length: number): Range {
  const start = positionIn(file, needle);
  return { start, end: { line: start.line, character: start.character + length } };
}
