// The capability-access log inside the real extension host: a .jsonl file, export, "grant this", and a
// live debug session of examples/c-demo whose denied fopen must open the right line of main.c.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { WasiStudioApi } from '../../../client/src/extension';
import { parseAccessLog } from '../../../client/src/accessLog/records';
import { listWasiConfigurations } from '../../../client/src/permissions/launchJson';
import { nextEvent, readText, until, wasiStudioApi, workspaceFolder, writeText } from './helpers';

describe('client: capability-access log', () => {
  let api: WasiStudioApi;
  let folder: vscode.WorkspaceFolder;
  let launchUri: vscode.Uri;
  let originalLaunch: string;

  before(async () => {
    api = await wasiStudioApi();
    folder = workspaceFolder();
    launchUri = vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json');
    originalLaunch = await readText(launchUri);
  });

  after(async () => {
    await writeText(launchUri, originalLaunch);
    for (const name of ['client-e2e-files', 'client-e2e-log.jsonl', 'client-e2e-export.jsonl']) {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, name), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    }
  });

  /** The line of c-demo/main.c (1-based) that contains `text`. */
  async function lineOf(text: string): Promise<number> {
    const lines = (await readText(vscode.Uri.joinPath(folder.uri, 'c-demo', 'main.c'))).split('\n');
    const index = lines.findIndex((l) => l.includes(text));
    assert.ok(index >= 0, `main.c contains ${text}`);
    return index + 1;
  }

  it('loads a wasi-studio run --log file, opens a denied entry\'s source line and exports', async () => {
    const mainC = vscode.Uri.joinPath(folder.uri, 'c-demo', 'main.c').fsPath;
    const fopenLine = await lineOf('fopen(path, "r")');
    const lines = [
      { seq: 1, time: 0.5, call: 'environ_get', capability: 'env', decision: 'allowed', errno: 'success' },
      { seq: 2, time: 1.25, call: 'path_open', capability: 'filesystem', target: '/data/input.txt', decision: 'denied', errno: 'notcapable', source: { path: mainC, line: fopenLine } },
    ].map((l) => JSON.stringify(l)).join('\n');
    const logUri = vscode.Uri.joinPath(folder.uri, 'client-e2e-log.jsonl');
    await writeText(logUri, lines + '\n');
    await vscode.commands.executeCommand('wasi.accessLog.load', logUri);
    assert.equal(api.accessLog.store.entries.length, 2);
    assert.ok(api.accessLog.panel.visible, 'the access log view opened');

    assert.equal(await vscode.commands.executeCommand<boolean>('wasi.accessLog.openSource', 2), true);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor opened');
    assert.equal(editor.document.uri.fsPath, mainC);
    assert.equal(editor.selection.active.line, fopenLine - 1);

    const exported = vscode.Uri.joinPath(folder.uri, 'client-e2e-export.jsonl');
    await vscode.commands.executeCommand('wasi.accessLog.export', exported);
    const round = parseAccessLog(await readText(exported));
    assert.deepEqual(round.errors, []);
    assert.deepEqual(round.entries.map((e) => e.record.seq), [1, 2]);
  });

  it('"grant this" on a denied path adds the matching preopen to the named configuration', async () => {
    await vscode.commands.executeCommand('wasi.accessLog.grant', 2, { configName: 'c-demo without the /data preopen', confirm: false });
    const entry = listWasiConfigurations(await readText(launchUri)).find((e) => e.config.name === 'c-demo without the /data preopen');
    assert.deepEqual(entry?.config.preopens, [{ host: '${workspaceFolder}/data', guest: '/data', readonly: true }]);
    assert.match(await readText(launchUri), /\/\/ Debug configurations for the examples workspace\./);
    await writeText(launchUri, originalLaunch);
  });

  it('fills during a debug session; a denied write is highlighted and opens the user\'s line that called fopen', async function () {
    this.timeout(120_000);
    // The debugger's files fixture reads /data/input.txt and then opens /data/denied.txt for writing,
    // which the read-only preopen denies.
    const repoRoot = vscode.Uri.file(join(__dirname, '..', '..', '..', '..'));
    const dir = vscode.Uri.joinPath(folder.uri, 'client-e2e-files');
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(dir, 'data'));
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(repoRoot, 'test/fixtures/debug/build/files-O0.wasm'), vscode.Uri.joinPath(dir, 'files.wasm'), { overwrite: true });
    // The fixture's DWARF names its source relative to the module's folder (./src/files.c).
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(repoRoot, 'test/fixtures/debug/src/files.c'), vscode.Uri.joinPath(dir, 'src', 'files.c'), { overwrite: true });
    await writeText(vscode.Uri.joinPath(dir, 'data', 'input.txt'), 'hello\n');
    const name = 'client-e2e: files';
    const started = nextEvent(vscode.debug.onDidStartDebugSession, (s) => s.name === name, 'the files session to start');
    const ended = nextEvent(vscode.debug.onDidTerminateDebugSession, (s) => s.name === name, 'the files session to end', 90_000);
    const ok = await vscode.debug.startDebugging(folder, {
      type: 'wasi', request: 'launch', name, program: vscode.Uri.joinPath(dir, 'files.wasm').fsPath,
      preopens: [{ host: vscode.Uri.joinPath(dir, 'data').fsPath, guest: '/data', readonly: true }],
    });
    assert.equal(ok, true);
    await started;
    const store = api.accessLog.store;
    await until(store.onDidChange.bind(store), () => store.entries.some((e) => e.record.decision === 'denied' && e.record.call === 'path_open'),
      'a denied path_open arrives from the adapter', 90_000);
    await ended;
    assert.ok(api.accessLog.panel.visible, 'the log opened with the session');
    assert.ok(store.entries.some((e) => e.record.call === 'path_open' && e.record.decision === 'allowed' && e.record.target === '/data/input.txt'));
    const denied = store.entries.find((e) => e.record.decision === 'denied' && e.record.call === 'path_open');
    assert.ok(denied?.source, `the denied record has a source location (${JSON.stringify(denied)})`);
    // libc makes the call, but the adapter attributes it to the first frame whose source is on disk:
    // the line of files.c that called fopen for writing.
    const filesC = vscode.Uri.joinPath(dir, 'src', 'files.c').fsPath;
    const writeLine = (await readText(vscode.Uri.file(filesC))).split('\n').findIndex((l) => l.includes('MARK:files-write')) + 1;
    assert.ok(writeLine > 0, 'files.c marks the denied fopen');
    assert.equal(denied.source.path, filesC);
    assert.equal(denied.source.line, writeLine);
    const opened = await vscode.commands.executeCommand<boolean>('wasi.accessLog.openSource', denied.record.seq);
    assert.equal(opened, true);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, filesC);
    assert.equal((editor?.selection.active.line ?? -1) + 1, writeLine);
  });
});
