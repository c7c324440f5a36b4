// The server under bad input and changing conditions: garbage documents, requests for unknown
// files and out-of-range positions, feature settings changed at run time, and files changed on
// disk behind the editor's back. After each, the server must still answer.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver/node';
import { fileUri, LspClient } from './lspClient';

const GATED = 'package ex:gated@1.0.0;\n\ninterface i {\n  @unstable(feature = fancy)\n  type t = u32;\n\n  @unstable(feature = fancy)\n  f: func(x: t);\n\n  g: func(x: t);\n}\n';

describe('LSP server: robustness, settings and files on disk', () => {
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasi-studio-lsp-'));
    ({ client } = await LspClient.start({ rootPath: dir, initializationOptions: { features: [], allFeatures: false } }));
  });
  after(async () => {
    const internal = client.log.filter((m) => m.startsWith('Internal error'));
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(internal, [], 'no request hit an internal error');
  });

  const alive = async (): Promise<void> => {
    const uri = await client.open(path.join(dir, 'alive', 'ok.wit'), 'package a:b;\ninterface ok {}\n');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.some((s) => s.name === 'ok'), 'the server still answers');
  };

  it('survives garbage documents and answers every request on them', async () => {
    const garbage = [
      '\u0000\u0001\u202e{{{{ ((( <<< ;;; }}}} @@@ %%%',
      `interface a { f: func(${'list<'.repeat(300)}u8${'>'.repeat(300)}); }`,
      `/* unterminated ${'/* nested '.repeat(50)}`,
      'package a:b@1.0.0;\nworld w { include w; import w; export w; }\n',
      '\uD800\uDC00 interface \u00e9 { }',
    ];
    for (const [i, text] of garbage.entries()) {
      const uri = await client.open(path.join(dir, 'garbage', `g${i}.wit`), text);
      await client.diagnostics(uri);
      const pos = { line: 0, character: 5 };
      const requests: [string, unknown][] = [
        ['textDocument/completion', { textDocument: { uri }, position: pos }],
        ['textDocument/hover', { textDocument: { uri }, position: pos }],
        ['textDocument/definition', { textDocument: { uri }, position: pos }],
        ['textDocument/references', { textDocument: { uri }, position: pos, context: { includeDeclaration: true } }],
        ['textDocument/documentHighlight', { textDocument: { uri }, position: pos }],
        ['textDocument/documentSymbol', { textDocument: { uri } }],
        ['textDocument/foldingRange', { textDocument: { uri } }],
        ['textDocument/selectionRange', { textDocument: { uri }, positions: [pos, { line: 99, character: 99 }] }],
        ['textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }],
        ['textDocument/semanticTokens/full', { textDocument: { uri } }],
        ['textDocument/codeAction', { textDocument: { uri }, range: { start: pos, end: pos }, context: { diagnostics: [] } }],
        ['textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } } }],
        ['wasiStudio/worldView', { textDocument: { uri } }],
      ];
      for (const [method, params] of requests) await client.request(method, params);
      await client.close(uri);
    }
    await alive();
  });

  it('answers requests about files it has never seen, and out-of-range positions', async () => {
    const missing = fileUri(path.join(dir, 'nowhere', 'missing.wit'));
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: missing }, position: { line: 0, character: 0 } }), null);
    assert.equal(await client.request('wasiStudio/packageInfo', { textDocument: { uri: missing } }), null);
    const uri = await client.open(path.join(dir, 'range', 'r.wit'), 'interface r {}\n');
    assert.deepEqual(await client.request('textDocument/definition', { textDocument: { uri }, position: { line: 500, character: 500 } }), []);
    await client.change(uri, [{ range: { start: { line: 90, character: 0 }, end: { line: 99, character: 0 } }, text: '// appended\n' }]);
    await alive();
  });

  it('analyses an untitled document on its own', async () => {
    const uri = 'untitled:Untitled-1';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'wit', version: 1, text: 'package a:b;\ninterface i {\n  f: func(x: nope);\n}\n' } });
    const diags = await client.diagnostics(uri, (d) => d.length > 0);
    assert.match(String(diags[0].message), /nope/);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['a:b', 'i']);
    await client.close(uri);
  });

  it('re-validates when the feature settings change', async () => {
    const uri = await client.open(path.join(dir, 'gated', 'g.wit'), GATED);
    const off = await client.diagnostics(uri, (d) => d.length > 0);
    assert.match(String(off[0].message), /excluded/);
    const cleared = client.nextDiagnostics(uri, (d) => d.length === 0);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { wasiStudio: { wit: { features: ['fancy'], allFeatures: false } } } });
    assert.deepEqual(await cleared, []);
    const again = client.nextDiagnostics(uri, (d) => d.length > 0);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { wasiStudio: { wit: { features: [], allFeatures: false } } } });
    assert.ok((await again).length > 0);
    const all = client.nextDiagnostics(uri, (d) => d.length === 0);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { wasiStudio: { wit: { allFeatures: true } } } });
    assert.deepEqual(await all, []);
  });

  it('picks up a dependency changed on disk when the client reports it', async () => {
    const pkg = path.join(dir, 'disk');
    fs.mkdirSync(path.join(pkg, 'deps', 'io'), { recursive: true });
    const dep = path.join(pkg, 'deps', 'io', 'streams.wit');
    fs.writeFileSync(dep, 'package wasi:io@0.2.0;\n\ninterface streams {\n  resource input-stream;\n}\n');
    const uri = await client.open(path.join(pkg, 'main.wit'), 'package ex:disk@1.0.0;\n\ninterface main {\n  use wasi:io/streams@0.2.0.{input-stream};\n  f: func(s: borrow<input-stream>);\n}\n');
    assert.deepEqual(await client.diagnostics(uri), []);
    fs.writeFileSync(dep, 'package wasi:io@0.2.0;\n\ninterface streams {\n  resource output-stream;\n}\n');
    const broken = client.nextDiagnostics(uri, (d) => d.length > 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(dep), type: 2 }] });
    assert.match(String((await broken)[0].message), /input-stream/);
  });
});
