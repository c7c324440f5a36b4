// F5 without a launch.json, "Add Configuration…", the module picker variable and the wasi-studio task
// type, inside the real extension host on the examples workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WasiStudioApi } from '../../../client/src/extension';
import { nextEvent, wasiStudioApi, workspaceFolder } from './helpers';

describe('client: debugging without launch.json', () => {
  let api: WasiStudioApi;

  before(async () => {
    api = await wasiStudioApi();
  });

  it('F5 on an open .wasm resolves the workspace preopened read-only as / with no env', async () => {
    const folder = workspaceFolder();
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(folder.uri, 'c-demo', 'main.wasm'));
    // An empty configuration is what VS Code passes when there is no launch.json.
    const empty = await api.debugConfigurations.resolveDebugConfiguration(folder, {} as vscode.DebugConfiguration);
    assert.deepEqual(empty, {
      type: 'wasi', request: 'launch', name: 'Debug main.wasm', program: '${workspaceFolder}/c-demo/main.wasm',
      args: [], env: {}, preopens: [{ host: '${workspaceFolder}', guest: '/', readonly: true }],
    });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('"Add Configuration…" proposes one configuration per module', async () => {
    const configs = await api.debugConfigurations.provideDebugConfigurations(workspaceFolder());
    assert.ok(configs.some((c) => c.program === '${workspaceFolder}/c-demo/main.wasm' && c.type === 'wasi'), JSON.stringify(configs));
  });

  it('a configuration without program asks through ${command:wasi.pickModule}', async () => {
    const resolved = await api.debugConfigurations.resolveDebugConfiguration(workspaceFolder(), { type: 'wasi', request: 'launch', name: 'x' });
    assert.equal(resolved?.program, '${command:wasi.pickModule}');
  });

  it('offers a "check WIT" task of type wasi-studio with the $wasi-studio problem matcher', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'wasi-studio' });
    const check = tasks.find((t) => t.name === 'check WIT');
    assert.ok(check, `tasks: ${tasks.map((t) => t.name).join(', ')}`);
    assert.equal(check.definition['command'], 'check');
    assert.deepEqual(check.problemMatchers, ['$wasi-studio']);
    assert.ok(check.execution instanceof vscode.ProcessExecution);
    assert.match(check.execution.args[0] ?? '', /dist\/cli\.js$/);
  });
});

describe('client: WIT language client', () => {
  it('runs the server and comes back after "WASI: Restart WIT Language Server"', async function () {
    this.timeout(60_000);
    const api = await wasiStudioApi();
    const [uri] = await vscode.workspace.findFiles('wit-demo/wit/*.wit', undefined, 1);
    assert.ok(uri, 'examples/wit-demo has a .wit file');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const client = api.language.client;
    const running = (): boolean => client.isRunning();
    if (!running()) await nextEvent(client.onDidChangeState, () => running(), 'the language server to run');
    await vscode.commands.executeCommand('wasi.restartLanguageServer');
    if (!running()) await nextEvent(client.onDidChangeState, () => running(), 'the language server to run again after the restart');
    const name = await client.sendRequest<string | null>('wasiStudio/packageName', { textDocument: { uri: uri.toString() } });
    assert.match(name ?? '', /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*/, `the server names the package (${String(name)})`);
  });
});

describe('client: World view', () => {
  it('shows the elaborated world around the cursor of a .wit editor', async function () {
    this.timeout(60_000);
    const api = await wasiStudioApi();
    const [uri] = await vscode.workspace.findFiles('wit-demo/wit/world.wit', undefined, 1);
    assert.ok(uri);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const line = editor.document.getText().split('\n').findIndex((l) => /^world\s/.test(l));
    assert.ok(line >= 0, 'world.wit declares a world');
    const worldName = /^world\s+([\w-]+)/.exec(editor.document.lineAt(line).text)?.[1];
    editor.selection = new vscode.Selection(line + 1, 0, line + 1, 0);
    await vscode.commands.executeCommand('wasi.world.refresh');
    // The server names worlds by their qualified name, e.g. demo:greeter/greeter@0.1.0.
    const shown = (): boolean => new RegExp(`/${worldName ?? '?'}(@|$)`).test(api.world.current?.world ?? '');
    if (!shown()) await nextEvent(api.world.onDidChangeTreeData, shown, `the World view to show ${worldName}`);
    const sides = api.world.getChildren();
    assert.deepEqual(sides.map((s) => api.world.getTreeItem(s).label), ['Imports', 'Exports']);
    const exports = api.world.getChildren(sides[1]).map((n) => String(api.world.getTreeItem(n).label));
    assert.ok(exports.length > 0, 'the world exports something');
    const imports = api.world.getChildren(sides[0]).map((n) => String(api.world.getTreeItem(n).label));
    assert.ok(imports.some((i) => /log/.test(i)), `the logging interface is imported (${imports.join(', ')})`);
  });
});
