// `${command:wasi.pickModule}`: lets the user choose the .wasm to debug when a configuration does not name one.
import * as vscode from 'vscode';

const EXCLUDE = '{**/node_modules/**,**/.git/**}';

/** Finds up to `limit` .wasm files in the workspace (in no particular order), outside node_modules and .git. */
export async function findWorkspaceModules(limit: number): Promise<vscode.Uri[]> {
  return vscode.workspace.findFiles('**/*.wasm', EXCLUDE, limit);
}

/** Returns the chosen module's path, or undefined when cancelled (which cancels the launch). */
export async function pickModule(): Promise<string | undefined> {
  const found = await findWorkspaceModules(500);
  if (found.length === 0) {
    void vscode.window.showWarningMessage('WASI Studio: no .wasm file was found in the workspace. Build your project first.');
    return undefined;
  }
  const items = found
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), description: '', uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const picked = await vscode.window.showQuickPick(items, { title: 'WASI: pick the module to debug', placeHolder: 'A .wasm file in the workspace' });
  return picked?.uri.fsPath;
}

export function registerModulePicker(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('wasi.pickModule', pickModule));
}
