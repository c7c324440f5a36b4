// The WIT language server in the real VS Code: completion lists a declared type, go to definition
// lands in another file, rename edits two files, the outline lists the interface, and
// diagnostics appear for a broken file. Uses examples/wit-demo (a copy in the workspace) and a
// scratch two-file package written into the workspace.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const TYPES = `package scratch:shapes@0.1.0;

interface types {
  /// A point.
  record point {
    x: s32,
    y: s32,
  }
}
`;

const API = `package scratch:shapes@0.1.0;

interface api {
  use types.{point};

  plot: func(p: point) -> point;
}
`;

function folder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the e2e harness opens a workspace folder');
  return f;
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs` naming `what`. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error: unknown) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The position just after the first `needle` in a document (plus `delta`). */
function after(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not found in ${doc.uri.fsPath}`);
  return doc.positionAt(at + needle.length + delta);
}

/** Writes the two-file scratch package into a fresh folder of the workspace. */
async function writeScratch(name: string): Promise<{ types: vscode.Uri; api: vscode.Uri }> {
  const dir = vscode.Uri.joinPath(folder().uri, name);
  const types = vscode.Uri.joinPath(dir, 'types.wit');
  const api = vscode.Uri.joinPath(dir, 'api.wit');
  await vscode.workspace.fs.writeFile(types, new TextEncoder().encode(TYPES));
  await vscode.workspace.fs.writeFile(api, new TextEncoder().encode(API));
  return { types, api };
}

describe('wit: language server', () => {
  let world: vscode.TextDocument;

  before(async () => {
    const [uri] = await vscode.workspace.findFiles('wit-demo/wit/world.wit');
    assert.ok(uri, 'examples/wit-demo/wit/world.wit is in the workspace');
    world = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(world);
    assert.equal(world.languageId, 'wit');
  });

  it('lists the interface and its items in the outline', async () => {
    const symbols = await eventually(async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', world.uri);
      return s && s.length > 0 ? s : undefined;
    }, 'document symbols of world.wit');
    const greet = symbols.find((s) => s.name === 'greet');
    assert.ok(greet, symbols.map((s) => s.name).join(', '));
    assert.equal(greet.kind, vscode.SymbolKind.Interface);
    assert.ok(greet.children.some((c) => c.name === 'greeting'));
    assert.ok(symbols.some((s) => s.name === 'greeter' && s.kind === vscode.SymbolKind.Module));
  });

  it('completes a declared type in a type position', async () => {
    const position = after(world, 'hello: func(name: string, tone: ');
    const list = await eventually(async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', world.uri, position);
      return l.items.some((i) => i.label === 'greeting') ? l : undefined;
    }, 'completion to offer `greeting`');
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const expected of ['tone', 'greeting', 'greet-error', 'counter', 'level', 'u32', 'list']) assert.ok(labels.includes(expected), `${expected} missing from ${labels.join(', ')}`);
    assert.ok(!labels.includes('interface'), 'no keywords in a type position');
  });

  it('goes to a definition in another file (deps/)', async () => {
    const position = after(world, 'logged-at: option<', 1);
    const locations = await eventually(async () => {
      const l = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', world.uri, position);
      return l.length > 0 ? l : undefined;
    }, 'a definition for `level`');
    const first = locations[0];
    const uri = 'uri' in first ? first.uri : first.targetUri;
    assert.ok(uri.path.endsWith('/wit-demo/wit/deps/logging/log.wit'), uri.toString());
    const target = await vscode.workspace.openTextDocument(uri);
    const range = 'range' in first ? first.range : first.targetSelectionRange ?? first.targetRange;
    assert.equal(target.getText(range), 'level');
  });

  it('renames across the two files of a package', async () => {
    const { types, api } = await writeScratch('wit-scratch-rename');
    const apiDoc = await vscode.workspace.openTextDocument(api);
    await vscode.workspace.openTextDocument(types);
    const position = after(apiDoc, 'plot: func(p: ', 1);
    const edit = await eventually(async () => {
      const e = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', api, position, 'spot');
      return e && e.entries().length === 2 ? e : undefined;
    }, 'a rename edit touching types.wit and api.wit');
    const files = edit.entries().map(([uri]) => uri.path.split('/').pop()).sort();
    assert.deepEqual(files, ['api.wit', 'types.wit']);
    assert.equal(edit.get(api).length, 3);
    assert.equal(edit.get(types).length, 1);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const typesDoc = await vscode.workspace.openTextDocument(types);
    assert.match(typesDoc.getText(), /record spot \{/);
    assert.match(apiDoc.getText(), /plot: func\(p: spot\) -> spot;/);
  });

  it('shows diagnostics for a broken file and clears them after the fix', async () => {
    const { api } = await writeScratch('wit-scratch-diagnostics');
    const doc = await vscode.workspace.openTextDocument(api);
    await vscode.window.showTextDocument(doc);
    const at = after(doc, 'plot: func(p: point');
    const broken = new vscode.WorkspaceEdit();
    broken.insert(api, at, 'y');
    assert.ok(await vscode.workspace.applyEdit(broken));
    const diagnostics = await eventually(async () => {
      const d = vscode.languages.getDiagnostics(api).filter((x) => x.source === 'wit');
      return d.length > 0 ? d : undefined;
    }, 'a diagnostic for the unknown type `pointy`');
    assert.match(diagnostics[0].message, /pointy/);
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(diagnostics[0].range), 'pointy');
    const fix = new vscode.WorkspaceEdit();
    fix.delete(api, new vscode.Range(at, at.translate(0, 1)));
    assert.ok(await vscode.workspace.applyEdit(fix));
    await eventually(async () => (vscode.languages.getDiagnostics(api).some((x) => x.severity === vscode.DiagnosticSeverity.Error) ? undefined : true),
      'the error to clear after the fix');
  });

  it('hovers a type with its documentation', async () => {
    const position = after(world, 'result<greet', -2);
    const hovers = await eventually(async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', world.uri, position);
      return h.length > 0 ? h : undefined;
    }, 'a hover on `greeting`');
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /record greeting/);
    assert.match(text, /A finished greeting\./);
  });
});
