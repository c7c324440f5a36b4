// A whole debug session in the real extension host: a breakpoint set through the VS Code API in the
// examples' c-demo/main.c, F5-equivalent startDebugging, the stop on that line (in the protocol and in
// the editor), a variable fetched through scopes/variables, then continue to the program's exit code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { nextEvent, readText, until, workspaceFolder } from './helpers';

/** The DAP messages the tracker looks at; only the fields used here. */
interface AdapterMessage {
  readonly type: string;
  readonly event?: string;
  readonly command?: string;
  readonly success?: boolean;
  readonly body?: Record<string, unknown>;
}

interface DapFrame { readonly id: number; readonly name: string; readonly line: number; readonly source?: { readonly path?: string } }
interface DapVariable { readonly name: string; readonly value: string }

/** Records everything the adapter sends for the session called `name`, in order; `arrived` fires for each. */
function traceAdapter(name: string): {
  seen: AdapterMessage[];
  arrived: vscode.EventEmitter<AdapterMessage>;
  events: (event: string) => AdapterMessage[];
  dispose: () => void;
} {
  const seen: AdapterMessage[] = [];
  const arrived = new vscode.EventEmitter<AdapterMessage>();
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('wasi', {
    createDebugAdapterTracker: (session) => session.name !== name ? undefined : {
      onDidSendMessage: (m: AdapterMessage) => { seen.push(m); arrived.fire(m); },
    },
  });
  const events = (event: string): AdapterMessage[] => seen.filter((m) => m.type === 'event' && m.event === event);
  return { seen, arrived, events, dispose: () => { tracker.dispose(); arrived.dispose(); } };
}

describe('debug: a session on examples/c-demo', () => {
  it('stops at a breakpoint in main.c, shows its variables and runs on to the exit code', async function () {
    this.timeout(120_000);
    const folder = workspaceFolder();
    const mainC = vscode.Uri.joinPath(folder.uri, 'c-demo', 'main.c');
    const line = (await readText(mainC)).split('\n').findIndex((l) => l.includes('total += square(i);')) + 1;
    assert.ok(line > 0, 'c-demo/main.c has the loop of sum_of_squares');
    const name = 'debug-e2e: c-demo';

    const { seen, arrived, events, dispose } = traceAdapter(name);
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(mainC, new vscode.Position(line - 1, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    try {
      const started = nextEvent(vscode.debug.onDidStartDebugSession, (s) => s.name === name, 'the c-demo session to start');
      const ended = nextEvent(vscode.debug.onDidTerminateDebugSession, (s) => s.name === name, 'the c-demo session to end', 90_000);
      const ok = await vscode.debug.startDebugging(folder, {
        type: 'wasi', request: 'launch', name, program: vscode.Uri.joinPath(folder.uri, 'c-demo', 'main.wasm').fsPath,
        args: [], env: { GREETING_NAME: 'e2e' }, preopens: [{ host: vscode.Uri.joinPath(folder.uri, 'c-demo', 'data').fsPath, guest: '/data', readonly: true }],
      });
      assert.equal(ok, true, 'startDebugging accepted the configuration');
      const session = await started;

      await until(arrived.event, () => events('stopped').length > 0, 'the session to stop at the breakpoint', 60_000);
      assert.equal(events('stopped')[0].body?.['reason'], 'breakpoint');
      const trace = await session.customRequest('stackTrace', { threadId: 1 }) as { stackFrames: DapFrame[] };
      const top = trace.stackFrames[0];
      assert.equal(top.name, 'sum_of_squares');
      assert.equal(top.line, line);
      // In a remote window (code-server) VS Code hands back the path as a vscode-remote: URI.
      const framePath = top.source?.path ?? '';
      assert.equal(framePath.includes('://') ? vscode.Uri.parse(framePath).path : framePath, mainC.path);

      // VS Code shows the stop: main.c in the active editor with the cursor on the breakpoint's line.
      const shown = (): boolean => vscode.window.activeTextEditor?.document.uri.fsPath === mainC.fsPath && vscode.window.activeTextEditor.selection.active.line === line - 1;
      const editorChanges = (listener: () => void): vscode.Disposable => vscode.Disposable.from(
        vscode.window.onDidChangeActiveTextEditor(listener), vscode.window.onDidChangeTextEditorSelection(listener));
      await until(editorChanges, shown, 'the editor to show main.c at the breakpoint');

      // The first iteration: i is 1 and nothing has been added to total yet.
      const { scopes } = await session.customRequest('scopes', { frameId: top.id }) as { scopes: { name: string; variablesReference: number }[] };
      const locals = scopes.find((s) => s.name === 'Locals');
      assert.ok(locals, `a Locals scope (${scopes.map((s) => s.name).join(', ')})`);
      const { variables } = await session.customRequest('variables', { variablesReference: locals.variablesReference }) as { variables: DapVariable[] };
      const value = (n: string): string | undefined => variables.find((v) => v.name === n)?.value;
      assert.equal(value('i'), '1', JSON.stringify(variables));
      assert.equal(value('total'), '0', JSON.stringify(variables));

      // Without the breakpoint (once the adapter has been told) the loop runs to the end.
      const before = seen.length;
      vscode.debug.removeBreakpoints([breakpoint]);
      await until(arrived.event, () => seen.slice(before).some((m) => m.type === 'response' && m.command === 'setBreakpoints' && (m.body?.['breakpoints'] as unknown[] | undefined)?.length === 0),
        'the adapter to confirm that main.c has no breakpoints left');
      await session.customRequest('continue', { threadId: 1 });
      await until(arrived.event, () => events('exited').length > 0, 'the program to exit', 60_000);
      assert.equal(events('exited')[0].body?.['exitCode'], 0);
      await ended;
      const stdout = events('output').filter((m) => m.body?.['category'] === 'stdout').map((m) => String(m.body?.['output'])).join('');
      assert.match(stdout, /Hello, e2e!\n/);
      assert.match(stdout, /sum of squares 1\.\.5 = 55\n/);
      assert.equal(events('stopped').length, 1, 'the program stopped only once');
    } finally {
      vscode.debug.removeBreakpoints([breakpoint]);
      dispose();
    }
  });

  it('"Restart" while stopped runs the program again and stops at the same breakpoint', async function () {
    this.timeout(120_000);
    const folder = workspaceFolder();
    const mainC = vscode.Uri.joinPath(folder.uri, 'c-demo', 'main.c');
    const line = (await readText(mainC)).split('\n').findIndex((l) => l.includes('total += square(i);')) + 1;
    const name = 'debug-e2e: restart';
    const { seen, arrived, events, dispose } = traceAdapter(name);
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(mainC, new vscode.Position(line - 1, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    try {
      const started = nextEvent(vscode.debug.onDidStartDebugSession, (s) => s.name === name, 'the session to start');
      const ended = nextEvent(vscode.debug.onDidTerminateDebugSession, (s) => s.name === name, 'the session to end', 90_000);
      const ok = await vscode.debug.startDebugging(folder, { type: 'wasi', request: 'launch', name, program: vscode.Uri.joinPath(folder.uri, 'c-demo', 'main.wasm').fsPath });
      assert.equal(ok, true);
      const session = await started;
      await until(arrived.event, () => events('stopped').length === 1, 'the first stop', 60_000);
      const outputBefore = events('output').length;

      await vscode.commands.executeCommand('workbench.action.debug.restart');
      await until(arrived.event, () => events('stopped').length === 2, 'the stop of the restarted run', 60_000);
      assert.ok(seen.some((m) => m.type === 'response' && m.command === 'restart' && m.success === true), 'VS Code used the adapter\'s restart request');
      assert.equal(vscode.debug.activeDebugSession?.id, session.id, 'the same session goes on');
      assert.equal(events('terminated').length, 0, 'the first run ended without ending the session');
      const trace = await session.customRequest('stackTrace', { threadId: 1 }) as { stackFrames: DapFrame[] };
      assert.equal(trace.stackFrames[0].line, line);
      // The second run started from the beginning: it greeted again before reaching the loop.
      const again = events('output').slice(outputBefore).map((m) => String(m.body?.['output'])).join('');
      assert.match(again, /Hello, WASI!\n/);

      await vscode.debug.stopDebugging(session);
      await ended;
    } finally {
      vscode.debug.removeBreakpoints([breakpoint]);
      dispose();
    }
  });
});
