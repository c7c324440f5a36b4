// Smoke tests inside the real extension host, on the development build (extensionDevelopmentPath = the
// repository). The workspace folder is a fresh copy of examples/ (wit-demo/ and c-demo/).
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, nextEvent, pollUntil, workspaceFolder } from './helpers';

/** out/test/e2e/suite → the repository root. */
const repoRoot = resolve(__dirname, '../../../..');


describe('smoke: extension in a workspace with a .wit file', () => {
  it('is the development build from this repository', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    assert.equal(resolve(ext.extensionPath), repoRoot);
  });

  it('activates without a .wit editor being opened (workspaceContains)', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const wits = await vscode.workspace.findFiles('**/*.wit', undefined, 1);
    assert.equal(wits.length, 1, 'the workspace has a .wit file');
    assert.equal(vscode.window.visibleTextEditors.filter((e) => e.document.languageId === 'wit').length, 0);
    await pollUntil(() => ext.isActive, `${EXTENSION_ID} is active`);
    // isActive is also true after activate() threw; activate() rejects with that error, so await it.
    await ext.activate();
  });

  it('gives .wit files the wit language id', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('wit'), 'the wit language is registered');
    const [uri] = await vscode.workspace.findFiles('wit-demo/wit/*.wit', undefined, 1);
    assert.ok(uri, 'examples/wit-demo/wit has a .wit file');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'wit');
    await vscode.window.showTextDocument(doc);
  });

  it('registers the wasi debugger type and runs a module under it', async () => {
    const folder = workspaceFolder();
    const program = vscode.Uri.joinPath(folder.uri, 'c-demo/main.wasm').fsPath;
    // Subscribe before starting: a short program can end before startDebugging() resolves.
    const started = nextEvent(vscode.debug.onDidStartDebugSession, (s) => s.name === 'smoke: wasi', 'a wasi debug session to start');
    const ended = nextEvent(vscode.debug.onDidTerminateDebugSession, (s) => s.name === 'smoke: wasi', 'the wasi session to end after the program exits');
    const ok = await vscode.debug.startDebugging(folder, {
      type: 'wasi', request: 'launch', name: 'smoke: wasi', program, args: [], stopOnEntry: false,
    });
    assert.equal(ok, true, 'vscode.debug.startDebugging accepted a wasi launch configuration');
    const session = await started;
    assert.equal(session.type, 'wasi');
    // The demo program runs to its end without breakpoints, so the session ends by itself.
    await ended;
  });
});
