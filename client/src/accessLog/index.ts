// Wires the access log: live `wasiCapability` events from `wasi` debug sessions, .jsonl files,
// jump to source, export, and "grant this" edits to launch.json.
import * as vscode from 'vscode';
import { isWasiLaunchConfiguration, substituteWorkspaceFolder, type WasiLaunchConfiguration } from '../debug/launchConfig';
import { editConfiguration, readWasiConfigurations, saveConfiguration } from '../permissions/launchFile';
import { AccessLogPanel } from './panel';
import { filterEntries, grantFor, keepRecord, parseAccessLog, substitutePath, toJsonLines, toLogEntry, type LogEntry, type LogFilter, type Verbosity } from './records';
import { AccessLogStore } from './store';

/** The custom DAP event the adapter sends for each capability use. */
export const CAPABILITY_EVENT = 'wasiCapability';

/** Lets tests and scripts grant without dialogs: name the configuration and skip the confirmation. */
export interface GrantOptions {
  readonly configName?: string;
  readonly confirm?: boolean;
}

export interface AccessLogFeature {
  readonly store: AccessLogStore;
  readonly panel: AccessLogPanel;
}

export function registerAccessLog(context: vscode.ExtensionContext, onLaunchJsonChanged: () => void): AccessLogFeature {
  const store = new AccessLogStore();
  const sessions = new Map<string, vscode.DebugSession>();
  const actions = new AccessLogActions(store, sessions, onLaunchJsonChanged);
  const panel = new AccessLogPanel(context.extensionUri, store, {
    openSource: (seq) => actions.openSource(seq),
    grant: (seq) => actions.grant(seq, {}),
    exportShown: (filter) => actions.exportShown(filter),
    load: () => actions.load(undefined),
  });

  context.subscriptions.push(
    panel,
    vscode.debug.onDidStartDebugSession((session) => {
      if (session.type !== 'wasi' || verbosity(session.workspaceFolder) === 'off') return;
      sessions.set(session.id, session);
      store.startSession(session.id, session.name, session.workspaceFolder?.uri.toString());
      if (vscode.workspace.getConfiguration('wasiStudio.accessLog', session.workspaceFolder).get<boolean>('openOnDebug', true)) panel.show(true);
    }),
    vscode.debug.onDidTerminateDebugSession((session) => store.endSession(session.id)),
    vscode.debug.onDidReceiveDebugSessionCustomEvent((event) => {
      if (event.session.type !== 'wasi' || event.event !== CAPABILITY_EVENT) return;
      const entry = toLogEntry(event.body);
      if (typeof entry === 'string') return;
      if (keepRecord(entry.record, verbosity(event.session.workspaceFolder))) store.add(event.session.id, entry);
    }),
    vscode.commands.registerCommand('wasi.accessLog.show', () => panel.show(false)),
    vscode.commands.registerCommand('wasi.accessLog.load', async (uri?: vscode.Uri) => { await actions.load(uri); panel.show(false); }),
    vscode.commands.registerCommand('wasi.accessLog.export', (uri?: vscode.Uri) => actions.exportShown(panel.currentFilter, uri)),
    vscode.commands.registerCommand('wasi.accessLog.clear', () => store.clear()),
    vscode.commands.registerCommand('wasi.accessLog.openSource', (seq: number) => actions.openSource(seq)),
    vscode.commands.registerCommand('wasi.accessLog.grant', (seq: number, options?: GrantOptions) => actions.grant(seq, options ?? {})),
  );
  return { store, panel };
}

function verbosity(folder: vscode.WorkspaceFolder | undefined): Verbosity {
  return vscode.workspace.getConfiguration('wasiStudio.accessLog', folder).get<Verbosity>('verbosity', 'all');
}

class AccessLogActions {
  constructor(
    private readonly store: AccessLogStore,
    private readonly sessions: ReadonlyMap<string, vscode.DebugSession>,
    private readonly onLaunchJsonChanged: () => void,
  ) {}

  /** Opens the source line that made the call; false when there is none to open. */
  async openSource(seq: number): Promise<boolean> {
    const entry = this.store.find(seq);
    if (!entry?.source) {
      void vscode.window.showInformationMessage('WASI Studio: this call has no source location (no DWARF line for its address).');
      return false;
    }
    const folder = this.folder();
    const substitutions = vscode.workspace.getConfiguration('wasiStudio.debug', folder).get<Record<string, string>>('sourcePathSubstitutions', {});
    const mapped = substituteWorkspaceFolder(substitutePath(entry.source.path, substitutions), folder?.uri.fsPath);
    const uri = mapped.startsWith('/') || /^[A-Za-z]:[\\/]/.test(mapped) || !folder ? vscode.Uri.file(mapped) : vscode.Uri.joinPath(folder.uri, mapped);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      void vscode.window.showWarningMessage(`WASI Studio: source not available: ${uri.fsPath}. Map build paths with the "wasiStudio.debug.sourcePathSubstitutions" setting.`);
      return false;
    }
    const line = Math.max(entry.source.line - 1, 0);
    const range = new vscode.Range(line, 0, line, 0);
    await vscode.window.showTextDocument(uri, { selection: range, preview: true, viewColumn: vscode.ViewColumn.One });
    return true;
  }

  /** "Grant this": adds the preopen/variable/switch that would have allowed a denied call. */
  async grant(seq: number, options: GrantOptions): Promise<void> {
    const entry = this.store.find(seq);
    if (!entry) return;
    const target = await this.targetConfiguration(options.configName);
    if (!target) return;
    const { folder, index, config } = target;
    const suggestion = grantFor(entry.record, config, { workspaceFolder: folder.uri.fsPath });
    if (!suggestion) {
      void vscode.window.showInformationMessage(`WASI Studio: "${config.name}" has no setting that grants ${entry.record.call} on ${entry.record.target ?? 'this target'}.`);
      return;
    }
    let edit = suggestion.edit;
    if (edit.kind === 'setEnv' && suggestion.needsValue) {
      const value = await vscode.window.showInputBox({ title: `Value of ${edit.name} for the module` });
      if (value === undefined) return;
      edit = { ...edit, value };
    }
    if (edit.kind === 'addPreopen' && options.confirm !== false) {
      const choice = await vscode.window.showInformationMessage(suggestion.description, { modal: true }, 'Grant', 'Choose Folder…');
      if (!choice) return;
      if (choice === 'Choose Folder…') {
        const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: folder.uri, openLabel: `Preopen as ${edit.preopen.guest}` });
        if (!picked?.[0]) return;
        edit = { ...edit, preopen: { ...edit.preopen, host: picked[0].fsPath } };
      }
    }
    await editConfiguration(folder, index, edit);
    this.onLaunchJsonChanged();
    void vscode.window.showInformationMessage(`WASI Studio: ${suggestion.description.replace(/\.$/, '')} in "${config.name}". Restart the session to use it.`);
  }

  async exportShown(filter: LogFilter, destination?: vscode.Uri): Promise<void> {
    const entries: LogEntry[] = filterEntries(this.store.entries, filter);
    const uri = destination ?? (await vscode.window.showSaveDialog({ filters: { 'JSON Lines': ['jsonl'] }, defaultUri: this.folder() ? vscode.Uri.joinPath(this.folder()!.uri, 'access-log.jsonl') : undefined }));
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(toJsonLines(entries)));
  }

  async load(source: vscode.Uri | undefined): Promise<void> {
    const uri = source ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'JSON Lines': ['jsonl', 'json'] }, openLabel: 'Load access log' }))?.[0];
    if (!uri) return;
    const parsed = parseAccessLog(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    this.store.load(uri.fsPath, parsed.entries);
    if (parsed.errors.length > 0) {
      const first = parsed.errors[0]!;
      void vscode.window.showWarningMessage(`WASI Studio: ${parsed.errors.length} line(s) of ${uri.fsPath} are not access records (line ${first.line}: ${first.message}).`);
    }
  }

  private folder(): vscode.WorkspaceFolder | undefined {
    const origin = this.store.origin;
    if (origin.kind === 'session' && origin.folderUri) return vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === origin.folderUri);
    if (origin.kind === 'file') return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(origin.path)) ?? vscode.workspace.workspaceFolders?.[0];
    return vscode.workspace.workspaceFolders?.[0];
  }

  /** The launch configuration the log belongs to: the session's, saved first if it came from F5 without launch.json. */
  private async targetConfiguration(configName: string | undefined): Promise<{ folder: vscode.WorkspaceFolder; index: number; config: WasiLaunchConfiguration } | undefined> {
    const folder = this.folder();
    if (!folder) { void vscode.window.showWarningMessage('WASI Studio: open the project folder to edit its launch configuration.'); return undefined; }
    const entries = await readWasiConfigurations(folder);
    const named = configName === undefined ? undefined : entries.find((e) => e.config.name === configName);
    if (named) return { folder, index: named.index, config: named.config };
    const origin = this.store.origin;
    if (origin.kind === 'session') {
      const found = entries.find((e) => e.config.name === origin.name);
      if (found) return { folder, index: found.index, config: found.config };
      const session = this.sessions.get(origin.sessionId);
      const resolved: unknown = session?.configuration;
      if (!isWasiLaunchConfiguration(resolved)) return undefined;
      const save = await vscode.window.showInformationMessage(`"${origin.name}" is not in launch.json yet. Save it there and grant?`, { modal: true }, 'Save and Grant');
      if (save !== 'Save and Grant') return undefined;
      const config: WasiLaunchConfiguration = { type: 'wasi', request: 'launch', name: resolved.name, program: resolved.program, args: resolved.args ?? [], env: resolved.env ?? {}, preopens: resolved.preopens ?? [] };
      const index = await saveConfiguration(folder, config);
      return { folder, index, config };
    }
    if (entries.length === 1) return { folder, index: entries[0]!.index, config: entries[0]!.config };
    if (entries.length === 0) { void vscode.window.showWarningMessage('WASI Studio: there is no WASI launch configuration to grant into.'); return undefined; }
    const picked = await vscode.window.showQuickPick(entries.map((e) => ({ label: e.config.name, entry: e })), { title: 'Grant in which launch configuration?' });
    return picked ? { folder, index: picked.entry.index, config: picked.entry.config } : undefined;
  }
}
