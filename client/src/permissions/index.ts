// Registers the permissions view and the commands that edit a configuration from it.
import * as vscode from 'vscode';
import { defaultPreopenPolicy } from '../debug/configurationProvider';
import { ALLOW_SWITCHES, defaultLaunchConfiguration, workspaceRelative, type AllowSwitch } from '../debug/launchConfig';
import { findWorkspaceModules } from '../debug/modulePicker';
import { editConfiguration, launchJsonUri, readWasiConfigurations, saveConfiguration } from './launchFile';
import type { PolicyEdit } from './launchJson';
import { PermissionsTreeProvider, type ConfigAddress, type PermissionNode } from './permissionsTree';

export const PERMISSIONS_VIEW = 'wasiStudio.permissions';

export function registerPermissions(context: vscode.ExtensionContext): PermissionsTreeProvider {
  const provider = new PermissionsTreeProvider();
  const view = vscode.window.createTreeView(PERMISSIONS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  const refresh = (): void => provider.refresh();
  const watchers = [vscode.workspace.createFileSystemWatcher('**/.vscode/launch.json'), vscode.workspace.createFileSystemWatcher('**/*.wasm')];
  for (const w of watchers) context.subscriptions.push(w, w.onDidChange(refresh), w.onDidCreate(refresh), w.onDidDelete(refresh));

  context.subscriptions.push(
    provider,
    view,
    vscode.workspace.onDidSaveTextDocument((doc) => { if (doc.uri.path.endsWith('/.vscode/launch.json')) refresh(); }),
    vscode.workspace.onDidChangeWorkspaceFolders(refresh),
    view.onDidChangeCheckboxState((e) => {
      for (const [node, state] of e.items) {
        if (node.kind === 'switch') void run(node.address, { kind: 'setAllow', capability: node.capability, value: state === vscode.TreeItemCheckboxState.Checked }, refresh);
      }
    }),
    vscode.commands.registerCommand('wasi.permissions.refresh', refresh),
    vscode.commands.registerCommand('wasi.permissions.addPreopen', async (node?: PermissionNode) => {
      const address = await addressOf(node);
      if (!address) return;
      const folder = folderOf(address);
      const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, defaultUri: folder?.uri, openLabel: 'Preopen' });
      const dir = picked?.[0];
      if (!dir) return;
      const guest = await vscode.window.showInputBox({ title: 'Guest path', prompt: `Where the module sees ${dir.fsPath}`, value: `/${dir.path.split('/').pop() ?? ''}`, validateInput: (v) => (v.startsWith('/') ? undefined : 'Guest paths are absolute, e.g. /data') });
      if (!guest) return;
      const access = await vscode.window.showQuickPick(['read-only', 'read-write'], { title: `Access to ${guest}` });
      if (!access) return;
      await run(address, { kind: 'addPreopen', preopen: { host: workspaceRelative(dir.fsPath, folder?.uri.fsPath), guest, readonly: access === 'read-only' } }, refresh);
    }),
    vscode.commands.registerCommand('wasi.permissions.removePreopen', (node: PermissionNode) =>
      node.kind === 'preopen' ? run(node.address, { kind: 'removePreopen', preopenIndex: node.preopenIndex }, refresh) : undefined),
    vscode.commands.registerCommand('wasi.permissions.toggleReadonly', (node: PermissionNode) =>
      node.kind === 'preopen' ? run(node.address, { kind: 'setPreopenReadonly', preopenIndex: node.preopenIndex, readonly: node.preopen.readonly !== true }, refresh) : undefined),
    vscode.commands.registerCommand('wasi.permissions.addEnv', async (node?: PermissionNode) => {
      const address = await addressOf(node);
      if (!address) return;
      const name = await vscode.window.showInputBox({ title: 'Environment variable name', validateInput: (v) => (/^[^=\s]+$/.test(v) ? undefined : 'A name without "=" or spaces') });
      if (!name) return;
      const value = await vscode.window.showInputBox({ title: `Value of ${name}` });
      if (value === undefined) return;
      await run(address, { kind: 'setEnv', name, value }, refresh);
    }),
    vscode.commands.registerCommand('wasi.permissions.removeEnv', (node: PermissionNode) =>
      node.kind === 'env' ? run(node.address, { kind: 'removeEnv', name: node.name }, refresh) : undefined),
    vscode.commands.registerCommand('wasi.permissions.addArg', async (node?: PermissionNode) => {
      const address = await addressOf(node);
      if (!address) return;
      const value = await vscode.window.showInputBox({ title: 'Argument passed to the module' });
      if (value === undefined) return;
      await run(address, { kind: 'addArg', value }, refresh);
    }),
    vscode.commands.registerCommand('wasi.permissions.removeArg', (node: PermissionNode) =>
      node.kind === 'arg' ? run(node.address, { kind: 'removeArg', argIndex: node.argIndex }, refresh) : undefined),
    vscode.commands.registerCommand('wasi.permissions.setStdin', async (node?: PermissionNode) => {
      const address = await addressOf(node);
      if (!address) return;
      const folder = folderOf(address);
      const picked = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectMany: false, defaultUri: folder?.uri, openLabel: 'Use as standard input' });
      await run(address, { kind: 'setStdin', path: picked?.[0] ? workspaceRelative(picked[0].fsPath, folder?.uri.fsPath) : undefined }, refresh);
    }),
    vscode.commands.registerCommand('wasi.permissions.toggleSwitch', (node: PermissionNode) =>
      node.kind === 'switch' ? run(node.address, { kind: 'setAllow', capability: node.capability, value: !node.value }, refresh) : undefined),
    vscode.commands.registerCommand('wasi.permissions.setSwitch', async (node?: PermissionNode) => {
      const address = await addressOf(node);
      if (!address) return;
      const picked = await vscode.window.showQuickPick(ALLOW_SWITCHES.flatMap((c) => [`allow ${c}`, `deny ${c}`]), { title: 'Capability switch' });
      if (!picked) return;
      const [verb, capability] = picked.split(' ') as ['allow' | 'deny', AllowSwitch];
      await run(address, { kind: 'setAllow', capability, value: verb === 'allow' }, refresh);
    }),
    vscode.commands.registerCommand('wasi.permissions.openLaunchJson', async (node?: PermissionNode) => {
      const address = await addressOf(node);
      const folder = address ? folderOf(address) : vscode.workspace.workspaceFolders?.[0];
      if (folder) await vscode.window.showTextDocument(launchJsonUri(folder));
    }),
    vscode.commands.registerCommand('wasi.permissions.addConfiguration', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) { void vscode.window.showWarningMessage('WASI Studio: open a folder first.'); return; }
      const modules = await findWorkspaceModules(1);
      const program = modules[0] ? workspaceRelative(modules[0].fsPath, folder.uri.fsPath) : '${command:wasi.pickModule}';
      await saveConfiguration(folder, defaultLaunchConfiguration(program, defaultPreopenPolicy(folder)));
      refresh();
    }),
  );
  return provider;
}

/** Applies an edit, reporting failures instead of letting a command reject silently. */
export async function run(address: ConfigAddress, edit: PolicyEdit, refresh: () => void): Promise<void> {
  const folder = folderOf(address);
  if (!folder) { void vscode.window.showErrorMessage('WASI Studio: the configuration\'s folder is no longer open.'); return; }
  try {
    await editConfiguration(folder, address.configIndex, edit);
  } catch (error: unknown) {
    void vscode.window.showErrorMessage(`WASI Studio: ${error instanceof Error ? error.message : String(error)}`);
  }
  refresh();
}

function folderOf(address: ConfigAddress): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === address.folderUri);
}

/** The node's configuration, or the only/picked one when the command runs from the palette. */
async function addressOf(node: PermissionNode | undefined): Promise<ConfigAddress | undefined> {
  if (node && 'address' in node) return node.address;
  const choices: { label: string; description: string; address: ConfigAddress }[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    for (const entry of await readWasiConfigurations(folder)) {
      choices.push({ label: entry.config.name, description: folder.name, address: { folderUri: folder.uri.toString(), configIndex: entry.index } });
    }
  }
  if (choices.length <= 1) return choices[0]?.address;
  return (await vscode.window.showQuickPick(choices, { title: 'Which WASI launch configuration?' }))?.address;
}
