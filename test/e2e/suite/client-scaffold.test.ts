// "WASI: New Project…" → C inside the real extension host: the files, then (with the Debian clang-14
// route the toolchain check finds) the build task's command and F5 stopping at the template's breakpoint.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { nodeProbe } from '../../../client/src/scaffold/nodeProbe';
import { findCToolchain } from '../../../client/src/scaffold/toolchain';
import { listWasiConfigurations } from '../../../client/src/permissions/launchJson';
import { nextEvent, readText, wasiStudioApi, workspaceFolder } from './helpers';

describe('client: New Project → C', () => {
  let project: vscode.Uri;

  before(async () => {
    await wasiStudioApi();
    project = vscode.Uri.joinPath(workspaceFolder().uri, 'client-e2e-hello-c');
    await vscode.workspace.fs.delete(project, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  after(async () => {
    await vscode.workspace.fs.delete(project, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  it('creates the source, build task and launch configuration', async () => {
    const created = await vscode.commands.executeCommand<string>('wasi.newProject', { template: 'c', folder: project.fsPath, name: 'hello-c', open: false });
    assert.equal(created, project.fsPath);
    const entries = (await vscode.workspace.fs.readDirectory(project)).map(([n]) => n).sort();
    assert.deepEqual(entries, ['.gitignore', '.vscode', 'README.md', 'src']);
    const launch = listWasiConfigurations(await readText(vscode.Uri.joinPath(project, '.vscode', 'launch.json')));
    assert.equal(launch[0]?.config.preLaunchTask, 'build');
    assert.match(await readText(vscode.Uri.joinPath(project, 'src', 'main.c')), /set a breakpoint here/);
  });

  it('builds with the detected clang and F5 stops at the breakpoint in main.c', async function () {
    this.timeout(120_000);
    const toolchain = findCToolchain(nodeProbe(process.env), {});
    assert.ok(toolchain.ok, `a wasm32-wasi clang is needed for this test: ${toolchain.ok ? '' : toolchain.install.join('; ')}`);
    // Run the generated build task's own command line (the task system only reads tasks.json of workspace folders).
    const tasks = parse(await readText(vscode.Uri.joinPath(project, '.vscode', 'tasks.json'))) as { tasks: { command: string; args: string[] }[] };
    const build = tasks.tasks[0]!;
    const args = build.args.map((a) => a.replace('${workspaceFolder}', project.fsPath));
    const r = spawnSync(build.command, args, { encoding: 'utf8' });
    assert.equal(r.status, 0, `${build.command} ${args.join(' ')}\n${r.stderr}`);

    const mainC = vscode.Uri.joinPath(project, 'src', 'main.c');
    const line = (await readText(mainC)).split('\n').findIndex((l) => l.includes('set a breakpoint here'));
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(mainC, new vscode.Position(line, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    try {
      const config = listWasiConfigurations(await readText(vscode.Uri.joinPath(project, '.vscode', 'launch.json')))[0]!.config;
      const resolved = JSON.parse(JSON.stringify({ ...config, preLaunchTask: undefined }).split('${workspaceFolder}').join(project.fsPath)) as vscode.DebugConfiguration;
      const stopped = nextEvent(vscode.debug.onDidChangeActiveStackItem, (item) => item instanceof vscode.DebugStackFrame, 'the debugger to stop', 90_000);
      assert.equal(await vscode.debug.startDebugging(workspaceFolder(), resolved), true);
      const frame = (await stopped) as vscode.DebugStackFrame;
      const trace = await frame.session.customRequest('stackTrace', { threadId: frame.threadId, startFrame: 0, levels: 1 }) as { stackFrames: { line: number; source?: { path?: string } }[] };
      assert.match(trace.stackFrames[0]?.source?.path ?? '', /client-e2e-hello-c\/src\/main\.c$/);
      assert.equal(trace.stackFrames[0]?.line, line + 1);
      const ended = nextEvent(vscode.debug.onDidTerminateDebugSession, (s) => s.id === frame.session.id, 'the session to end');
      await vscode.debug.stopDebugging(frame.session);
      await ended;
    } finally {
      vscode.debug.removeBreakpoints([breakpoint]);
    }
  });
});

describe('client: walkthrough', () => {
  it('opens the getting-started walkthrough', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', 'wasi-studio.wasi-studio#wasiStudio.gettingStarted', false);
    const opened = (): boolean => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /Welcome|Walkthrough|Get started with WASI Studio/i.test(t.label)));
    if (!opened()) await nextEvent(vscode.window.tabGroups.onDidChangeTabs, () => opened(), 'the walkthrough tab', 20_000);
    assert.ok(opened());
  });
});
