// F5 without a launch.json, "Add Configuration…", the module picker variable and the wasi-studio task
// type, inside the real extension host on the examples workspace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WasiStudioApi } from '../../../client/src/extension';
import { wasiStudioApi, workspaceFolder } from './client-helpers';

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
