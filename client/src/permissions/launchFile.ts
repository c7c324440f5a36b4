// Reads and writes a folder's .vscode/launch.json through a text document, so edits from the panel
// are undoable, keep comments (launchJson.ts computes them) and show up in an open editor at once.
import * as vscode from 'vscode';
import { addConfiguration, applyPolicyEdit, listWasiConfigurations, type EditResult, type LaunchEntry, type PolicyEdit } from './launchJson';
import type { WasiLaunchConfiguration } from '../debug/launchConfig';

export function launchJsonUri(folder: vscode.WorkspaceFolder): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, '.vscode', 'launch.json');
}

/** The file's current text (unsaved editor changes included), or undefined when it does not exist. */
export async function readLaunchJson(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const uri = launchJsonUri(folder);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

export async function readWasiConfigurations(folder: vscode.WorkspaceFolder): Promise<LaunchEntry[]> {
  const text = await readLaunchJson(folder);
  return text === undefined ? [] : listWasiConfigurations(text);
}

/** Applies one policy edit to configuration `index` and saves the file. */
export async function editConfiguration(folder: vscode.WorkspaceFolder, index: number, edit: PolicyEdit): Promise<void> {
  await rewrite(folder, (text) => applyPolicyEdit(text, index, edit));
}

/** Adds a configuration (creating launch.json if needed) and returns its index. */
export async function saveConfiguration(folder: vscode.WorkspaceFolder, config: WasiLaunchConfiguration): Promise<number> {
  await rewrite(folder, (text) => addConfiguration(text, config));
  const entries = await readWasiConfigurations(folder);
  const saved = [...entries].reverse().find((e) => e.config.name === config.name);
  if (!saved) throw new Error('the configuration was written but cannot be read back');
  return saved.index;
}

async function rewrite(folder: vscode.WorkspaceFolder, change: (text: string) => EditResult): Promise<void> {
  const uri = launchJsonUri(folder);
  const existing = await readLaunchJson(folder);
  if (existing === undefined) {
    const result = change('');
    if ('error' in result) throw new Error(result.error);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, '.vscode'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(result.text));
    return;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const result = change(document.getText());
  if ('error' in result) throw new Error(result.error);
  if (result.text === document.getText()) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), result.text);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code refused the edit to launch.json');
  await document.save();
}
