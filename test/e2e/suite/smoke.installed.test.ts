// Runs against the extension installed from the packaged .vsix with `code-server --install-extension`
// (run-all.mjs, phase "installed"), not the repository: it proves the .vsix carries everything that runs.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, pollUntil } from './helpers';

const repoRoot = resolve(__dirname, '../../../..');

describe('smoke: the packaged .vsix installed into code-server', () => {
  it('is loaded from the extensions folder, not from the repository', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    const extensionsDir = process.env.WASI_STUDIO_E2E_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'the harness names the extensions folder');
    assert.ok(resolve(ext.extensionPath).startsWith(resolve(extensionsDir)), `${ext.extensionPath} is not under ${extensionsDir}`);
    assert.notEqual(resolve(ext.extensionPath), repoRoot, 'the development build must not be loaded here');
  });

  it('contains the bundles, the grammar and the lazily loaded DWARF engine, and no sources', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    for (const f of ['dist/extension.js', 'dist/server.js', 'dist/debug-adapter.js', 'dist/tree-sitter-wit.wasm',
      'dist/web-tree-sitter.wasm', 'syntaxes/wit.tmLanguage.json', 'media/icon.png',
      'node_modules/@vscode/dwarf-debugging/dist/index.js', 'node_modules/@vscode/dwarf-debugging/dist/SymbolsBackend.wasm']) {
      assert.ok(existsSync(join(ext.extensionPath, f)), `the installed extension lacks ${f}`);
    }
    for (const f of ['client', 'server', 'debug-adapter', 'test', 'tsconfig.json', 'node_modules/vscode-languageclient']) {
      assert.ok(!existsSync(join(ext.extensionPath, f)), `the installed extension should not contain ${f}`);
    }
  });

  it('activates in a workspace with a .wit file and gives it the wit language', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const [uri] = await vscode.workspace.findFiles('wit-demo/wit/*.wit', undefined, 1);
    assert.ok(uri, 'the workspace has examples/wit-demo');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'wit');
    await vscode.window.showTextDocument(doc);
    await pollUntil(() => ext.isActive, `${EXTENSION_ID} is active`);
    // Rejects with the activation error if activate() threw (isActive is true then as well).
    await ext.activate();
  });

  it('runs its language server from the package: a broken .wit file gets diagnostics', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const uri = vscode.Uri.joinPath(folder.uri, 'wit-demo/wit/broken.wit');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('package demo:greeter@0.1.0;\n\ninterface broken {\n    f: func( -> u32;\n}\n'));
    const got = new Promise<readonly vscode.Diagnostic[]>((resolveDiagnostics, reject) => {
      const timer = setTimeout(() => { sub.dispose(); reject(new Error('no diagnostics for broken.wit within 30 s: is dist/server.js (and its wasm) in the .vsix?')); }, 30_000);
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (!e.uris.some((u) => u.toString() === uri.toString())) return;
        const diagnostics = vscode.languages.getDiagnostics(uri);
        if (diagnostics.length === 0) return;
        clearTimeout(timer);
        sub.dispose();
        resolveDiagnostics(diagnostics);
      });
    });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostics = await got;
    assert.ok(diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error), 'an error is reported');
  });
});
