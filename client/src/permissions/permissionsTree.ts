// The "Permissions" tree in the WASI activity-bar container: per `wasi` launch configuration, what the
// module may touch next to what it asks for, with warnings. Wiring only; the analysis is in capabilities.ts.
import * as os from 'node:os';
import * as vscode from 'vscode';
import { ALLOW_SWITCHES, effectiveAllow, substituteWorkspaceFolder, type AllowSwitch, type PreopenSetting } from '../debug/launchConfig';
import { compareGrants, type Capability, type Finding } from './capabilities';
import { readWasiConfigurations } from './launchFile';
import type { LaunchEntry } from './launchJson';
import { inspectModule, type ModuleInspection } from './moduleInspect';

/** Addresses a configuration: its folder and index in `configurations`. Commands receive these. */
export interface ConfigAddress {
  readonly folderUri: string;
  readonly configIndex: number;
}

export type PermissionNode =
  | { readonly kind: 'config'; readonly address: ConfigAddress; readonly entry: LaunchEntry; readonly view: ConfigView }
  | { readonly kind: 'group'; readonly group: GroupKind; readonly address: ConfigAddress; readonly view: ConfigView }
  | { readonly kind: 'finding'; readonly address: ConfigAddress; readonly finding: Finding }
  | { readonly kind: 'request'; readonly address: ConfigAddress; readonly capability: Capability; readonly calls: readonly string[]; readonly granted: boolean }
  | { readonly kind: 'preopen'; readonly address: ConfigAddress; readonly preopenIndex: number; readonly preopen: PreopenSetting; readonly warning?: string }
  | { readonly kind: 'env'; readonly address: ConfigAddress; readonly name: string; readonly value: string }
  | { readonly kind: 'arg'; readonly address: ConfigAddress; readonly argIndex: number; readonly value: string }
  | { readonly kind: 'switch'; readonly address: ConfigAddress; readonly capability: AllowSwitch; readonly value: boolean }
  | { readonly kind: 'note'; readonly label: string; readonly detail?: string; readonly icon: string };

export type GroupKind = 'findings' | 'asks' | 'preopens' | 'env' | 'args' | 'stdin' | 'switches';

/** Everything a configuration's subtree shows, computed once per refresh. */
export interface ConfigView {
  readonly entry: LaunchEntry;
  readonly inspection: ModuleInspection | { readonly kind: 'unresolved'; readonly program: string };
  readonly findings: readonly Finding[];
}

export class PermissionsTreeProvider implements vscode.TreeDataProvider<PermissionNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PermissionNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly moduleCache = new Map<string, { mtime: number; inspection: ModuleInspection }>();

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: PermissionNode): vscode.TreeItem {
    return toTreeItem(node);
  }

  async getChildren(node?: PermissionNode): Promise<PermissionNode[]> {
    if (!node) return this.roots();
    if (node.kind === 'config') return groupsOf(node.address, node.view);
    if (node.kind === 'group') return groupChildren(node.group, node.address, node.view);
    return [];
  }

  private async roots(): Promise<PermissionNode[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const nodes: PermissionNode[] = [];
    for (const folder of folders) {
      for (const entry of await readWasiConfigurations(folder)) {
        const view = await this.viewOf(folder, entry);
        nodes.push({ kind: 'config', address: { folderUri: folder.uri.toString(), configIndex: entry.index }, entry, view });
      }
    }
    // An empty list lets the view's welcome content (package.json viewsWelcome) explain what to do.
    return nodes;
  }

  private async viewOf(folder: vscode.WorkspaceFolder, entry: LaunchEntry): Promise<ConfigView> {
    const program = substituteWorkspaceFolder(entry.config.program, folder.uri.fsPath);
    const context = { workspaceFolder: folder.uri.fsPath, homeDirectory: os.homedir() };
    if (program.includes('${')) {
      return { entry, inspection: { kind: 'unresolved', program: entry.config.program }, findings: [] };
    }
    const inspection = await this.inspect(program);
    const findings = inspection.kind === 'module' ? compareGrants(inspection.requests, entry.config, context) : [];
    return { entry, inspection, findings };
  }

  private async inspect(path: string): Promise<ModuleInspection> {
    const uri = vscode.Uri.file(path);
    let mtime: number;
    try {
      mtime = (await vscode.workspace.fs.stat(uri)).mtime;
    } catch {
      return { kind: 'error', message: `${path} does not exist yet (build it first).` };
    }
    const cached = this.moduleCache.get(path);
    if (cached && cached.mtime === mtime) return cached.inspection;
    const inspection = inspectModule(await vscode.workspace.fs.readFile(uri));
    this.moduleCache.set(path, { mtime, inspection });
    return inspection;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function groupsOf(address: ConfigAddress, view: ConfigView): PermissionNode[] {
  const groups: GroupKind[] = view.findings.length > 0 ? ['findings'] : [];
  groups.push('asks', 'preopens', 'env', 'args', 'stdin', 'switches');
  return groups.map((group) => ({ kind: 'group', group, address, view }));
}

function groupChildren(group: GroupKind, address: ConfigAddress, view: ConfigView): PermissionNode[] {
  const config = view.entry.config;
  switch (group) {
    case 'findings':
      return view.findings.map((finding) => ({ kind: 'finding', address, finding }));
    case 'asks': {
      const inspection = view.inspection;
      if (inspection.kind === 'unresolved') return [{ kind: 'note', label: 'Module chosen at launch', detail: inspection.program, icon: 'question' }];
      if (inspection.kind === 'error') return [{ kind: 'note', label: inspection.message, icon: 'error' }];
      if (inspection.kind === 'component') return [{ kind: 'note', label: 'A component: its WASI preview2 imports are not mapped here', icon: 'info' }];
      const missing = new Set(view.findings.filter((f) => f.kind === 'missingGrant').map((f) => f.capability));
      const nodes: PermissionNode[] = inspection.requests.requests.map((r) => ({ kind: 'request', address, capability: r.capability, calls: r.calls, granted: !missing.has(r.capability) }));
      if (inspection.requests.unknownWasiImports.length > 0) {
        nodes.push({ kind: 'note', label: 'Unknown WASI imports', detail: inspection.requests.unknownWasiImports.join(', '), icon: 'question' });
      }
      return nodes.length > 0 ? nodes : [{ kind: 'note', label: 'No WASI imports', icon: 'pass' }];
    }
    case 'preopens': {
      const preopens = config.preopens ?? [];
      if (preopens.length === 0) return [{ kind: 'note', label: 'No directories preopened', icon: 'circle-slash' }];
      return preopens.map((preopen, preopenIndex) => ({
        kind: 'preopen', address, preopenIndex, preopen,
        warning: view.findings.find((f) => f.preopenIndex === preopenIndex)?.message,
      }));
    }
    case 'env': {
      const env = Object.entries(config.env ?? {});
      const nodes: PermissionNode[] = env.map(([name, value]) => ({ kind: 'env', address, name, value }));
      if (config.inheritEnv === true) nodes.unshift({ kind: 'note', label: 'Inherits the host environment', icon: 'warning' });
      return nodes.length > 0 ? nodes : [{ kind: 'note', label: 'No environment variables', icon: 'circle-slash' }];
    }
    case 'args': {
      const args = config.args ?? [];
      return args.length > 0 ? args.map((value, argIndex) => ({ kind: 'arg', address, argIndex, value })) : [{ kind: 'note', label: 'No arguments', icon: 'circle-slash' }];
    }
    case 'stdin':
      return [{ kind: 'note', label: config.stdin ? config.stdin : 'No input (EOF at once)', icon: 'file' }];
    case 'switches': {
      const allow = effectiveAllow(config.allow);
      return ALLOW_SWITCHES.map((capability) => ({ kind: 'switch', address, capability, value: allow[capability] }));
    }
  }
}

const GROUP_LABELS: Record<GroupKind, string> = {
  findings: 'Warnings', asks: 'Module asks for', preopens: 'Preopens', env: 'Environment', args: 'Arguments', stdin: 'Standard input', switches: 'Switches',
};

const GROUP_CONTEXT: Partial<Record<GroupKind, string>> = { preopens: 'wasiPreopens', env: 'wasiEnvGroup', args: 'wasiArgsGroup', stdin: 'wasiStdin' };

function toTreeItem(node: PermissionNode): vscode.TreeItem {
  switch (node.kind) {
    case 'config': {
      const item = new vscode.TreeItem(node.entry.config.name, vscode.TreeItemCollapsibleState.Expanded);
      item.description = node.entry.config.program.replace('${workspaceFolder}/', '');
      item.iconPath = new vscode.ThemeIcon('debug-alt');
      item.contextValue = 'wasiConfig';
      item.id = `${node.address.folderUri}#${node.address.configIndex}`;
      const missing = node.view.findings.filter((f) => f.kind === 'missingGrant').length;
      item.tooltip = `${node.entry.config.program}${missing > 0 ? `\n${missing} capability the module imports is not granted` : ''}`;
      return item;
    }
    case 'group': {
      const expanded = node.group === 'findings' || node.group === 'asks' || node.group === 'preopens';
      const item = new vscode.TreeItem(GROUP_LABELS[node.group], expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.contextValue = GROUP_CONTEXT[node.group] ?? 'wasiGroup';
      item.id = `${node.address.folderUri}#${node.address.configIndex}/${node.group}`;
      if (node.group === 'findings') {
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.description = String(node.view.findings.length);
      }
      return item;
    }
    case 'finding': {
      const missing = node.finding.kind === 'missingGrant';
      const item = new vscode.TreeItem(`${missing ? 'Missing grant' : 'Broader than needed'}: ${node.finding.capability}`);
      item.description = node.finding.message;
      item.tooltip = node.finding.message;
      item.iconPath = missing ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('shield');
      item.contextValue = missing ? 'wasiMissingGrant' : 'wasiBroadGrant';
      return item;
    }
    case 'request': {
      const item = new vscode.TreeItem(node.capability);
      item.description = `${node.granted ? '' : 'not granted · '}${node.calls.join(', ')}`;
      item.tooltip = `${node.calls.join('\n')}`;
      item.iconPath = node.granted ? new vscode.ThemeIcon('pass') : new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      return item;
    }
    case 'preopen': {
      const ro = node.preopen.readonly === true;
      const item = new vscode.TreeItem(node.preopen.guest);
      item.description = `← ${node.preopen.host} · ${ro ? 'read-only' : 'read-write'}`;
      item.tooltip = `${node.preopen.host} is visible to the module as ${node.preopen.guest} (${ro ? 'read-only' : 'read-write'}).${node.warning ? `\n${node.warning}` : ''}`;
      item.iconPath = node.warning ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon(ro ? 'lock' : 'unlock');
      item.contextValue = ro ? 'wasiPreopenReadonly' : 'wasiPreopenWritable';
      return item;
    }
    case 'env': {
      const item = new vscode.TreeItem(node.name);
      item.description = node.value;
      item.iconPath = new vscode.ThemeIcon('symbol-variable');
      item.contextValue = 'wasiEnv';
      return item;
    }
    case 'arg': {
      const item = new vscode.TreeItem(node.value);
      item.iconPath = new vscode.ThemeIcon('symbol-string');
      item.contextValue = 'wasiArg';
      return item;
    }
    case 'switch': {
      const item = new vscode.TreeItem(node.capability);
      item.description = node.value ? 'allowed' : 'denied';
      item.checkboxState = node.value ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
      item.contextValue = 'wasiSwitch';
      return item;
    }
    case 'note': {
      const item = new vscode.TreeItem(node.label);
      item.description = node.detail;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      return item;
    }
  }
}
