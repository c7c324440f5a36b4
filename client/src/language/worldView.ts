// The "World" view in the WASI container: the world around the cursor in the active .wit editor,
// elaborated by the language server (`wasiStudio/worldView`: includes, `with` renames and the
// interfaces pulled in transitively), as imports and exports; a click goes to the definition.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import type { WorldViewNodeJson } from '../../../server/src/lsp/convert';
import type { WorldViewResult } from '../../../server/src/lsp/protocol';

const WORLD_VIEW_REQUEST = 'wasiStudio/worldView';
export const WORLD_VIEW = 'wasiStudio.world';

type WorldNode =
  | { readonly kind: 'side'; readonly label: 'Imports' | 'Exports'; readonly items: readonly WorldViewNodeJson[] }
  | { readonly kind: 'item'; readonly item: WorldViewNodeJson };

export class WorldViewProvider implements vscode.TreeDataProvider<WorldNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WorldNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private view: WorldViewResult | undefined;
  private generation = 0;

  constructor(private readonly client: LanguageClient) {}

  /** The world currently shown (for tests and the view's title). */
  get current(): WorldViewResult | undefined {
    return this.view;
  }

  /** Asks the server for the world around the cursor of `editor`; clears the view for other editors. */
  async update(editor: vscode.TextEditor | undefined): Promise<void> {
    const generation = ++this.generation;
    let next: WorldViewResult | undefined;
    if (editor && editor.document.languageId === 'wit' && this.client.state === State.Running) {
      const position = editor.selection.active;
      try {
        next = (await this.client.sendRequest<WorldViewResult | null>(WORLD_VIEW_REQUEST, {
          textDocument: { uri: editor.document.uri.toString() },
          position: { line: position.line, character: position.character },
        })) ?? undefined;
      } catch {
        // A server without the request, or a file without a world: the view shows its welcome text.
        next = undefined;
      }
    }
    if (generation !== this.generation) return;
    this.view = next;
    this.changed.fire(undefined);
  }

  getTreeItem(node: WorldNode): vscode.TreeItem {
    if (node.kind === 'side') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.items.length);
      item.iconPath = new vscode.ThemeIcon(node.label === 'Imports' ? 'arrow-down' : 'arrow-up');
      return item;
    }
    const n = node.item;
    const item = new vscode.TreeItem(n.name, n.children.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.description = [n.detail, n.implied ? '(implied)' : undefined].filter((s) => s).join(' ');
    item.tooltip = `${n.kind} ${n.name}${n.implied ? '\nPulled in by another import or export, not named in the world.' : ''}`;
    item.iconPath = new vscode.ThemeIcon(n.kind === 'interface' ? 'symbol-interface' : n.kind === 'function' ? 'symbol-method' : 'symbol-class');
    if (n.location) {
      const { uri, range } = n.location;
      item.command = {
        command: 'vscode.open',
        title: 'Go to Definition',
        arguments: [vscode.Uri.parse(uri), { selection: new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character) }],
      };
    }
    return item;
  }

  getChildren(node?: WorldNode): WorldNode[] {
    if (!node) {
      if (!this.view) return [];
      return [{ kind: 'side', label: 'Imports', items: this.view.imports }, { kind: 'side', label: 'Exports', items: this.view.exports }];
    }
    const items = node.kind === 'side' ? node.items : node.item.children;
    return items.map((item) => ({ kind: 'item', item }));
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerWorldView(context: vscode.ExtensionContext, client: LanguageClient): WorldViewProvider {
  const provider = new WorldViewProvider(client);
  const view = vscode.window.createTreeView(WORLD_VIEW, { treeDataProvider: provider });
  let pending: NodeJS.Timeout | undefined;
  // Cursor moves and edits come in bursts; ask once they settle.
  const schedule = (): void => {
    if (pending) clearTimeout(pending);
    pending = setTimeout(() => {
      pending = undefined;
      void refresh();
    }, 250);
  };
  const refresh = async (): Promise<void> => {
    await provider.update(vscode.window.activeTextEditor);
    view.description = provider.current ? provider.current.world : undefined;
  };
  context.subscriptions.push(
    provider,
    view,
    { dispose: () => { if (pending) clearTimeout(pending); } },
    vscode.window.onDidChangeActiveTextEditor(schedule),
    vscode.window.onDidChangeTextEditorSelection((e) => { if (e.textEditor.document.languageId === 'wit') schedule(); }),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.document.languageId === 'wit') schedule(); }),
    client.onDidChangeState(schedule),
    vscode.commands.registerCommand('wasi.world.refresh', refresh),
  );
  schedule();
  return provider;
}
