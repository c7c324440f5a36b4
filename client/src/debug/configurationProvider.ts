// F5 without launch.json, "Add Configuration…", and the defaults every `wasi` launch gets.
import * as vscode from 'vscode';
import { defaultLaunchConfiguration, workspaceRelative, type DefaultPreopenPolicy, type WasiLaunchConfiguration } from './launchConfig';
import { findWorkspaceModules } from './modulePicker';
import { saveConfiguration } from '../permissions/launchFile';

export class WasiConfigurationProvider implements vscode.DebugConfigurationProvider {
  /** "Add Configuration…" and "create a launch.json file": one configuration per module found, or a picker. */
  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined): Promise<vscode.DebugConfiguration[]> {
    const modules = (await findWorkspaceModules(20)).filter((uri) => !folder || vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() === folder.uri.toString());
    const policy = defaultPreopenPolicy(folder);
    if (modules.length === 0) return [defaultLaunchConfiguration('${command:wasi.pickModule}', policy)];
    return modules.map((uri) => defaultLaunchConfiguration(workspaceRelative(uri.fsPath, folder?.uri.fsPath), policy));
  }

  /**
   * F5 with no launch.json arrives here with an empty configuration: debug the open .wasm, or the
   * only one in the workspace, or ask. The resolved configuration is offered for saving.
   */
  async resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (config.type === undefined && config.request === undefined && config.name === undefined) {
      const target = folder ?? vscode.workspace.workspaceFolders?.[0];
      const program = await defaultProgram(target);
      const resolved = defaultLaunchConfiguration(program, defaultPreopenPolicy(target));
      if (target && !program.startsWith('${command:')) offerToSave(target, resolved);
      // "Run Without Debugging" (Ctrl+F5) sets noDebug on the empty configuration; keep it.
      return config.noDebug === true ? { ...resolved, noDebug: true } : resolved;
    }
    if (config.type === 'wasi' && typeof config.program !== 'string') {
      config.program = '${command:wasi.pickModule}';
    }
    return config;
  }

  /** After VS Code substituted variables: add the path substitutions setting and check the program exists. */
  async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    if (typeof config.program !== 'string' || config.program === '') return undefined;
    const substitutions = vscode.workspace.getConfiguration('wasiStudio.debug', folder).get<Record<string, string>>('sourcePathSubstitutions', {});
    if (Object.keys(substitutions).length > 0) {
      const own = typeof config.sourcePathSubstitutions === 'object' && config.sourcePathSubstitutions !== null ? (config.sourcePathSubstitutions as Record<string, string>) : {};
      config.sourcePathSubstitutions = { ...substitutions, ...own };
    }
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(config.program));
    } catch {
      const build = 'preLaunchTask' in config ? '' : ' Build it first, or set "preLaunchTask" to your build task.';
      await vscode.window.showErrorMessage(`WASI Studio: the module ${config.program} does not exist.${build}`);
      return undefined;
    }
    return config;
  }
}

export function registerConfigurationProvider(context: vscode.ExtensionContext): WasiConfigurationProvider {
  const provider = new WasiConfigurationProvider();
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider('wasi', provider, vscode.DebugConfigurationProviderTriggerKind.Initial),
    vscode.debug.registerDebugConfigurationProvider('wasi', {
      // Lists a ready-made entry per workspace module in the "Run and Debug" dropdown.
      provideDebugConfigurations: (folder) => provider.provideDebugConfigurations(folder),
    }, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  );
  return provider;
}

/** The `wasiStudio.debug.defaultPreopen` setting: how new configurations preopen the workspace. */
export function defaultPreopenPolicy(folder: vscode.WorkspaceFolder | undefined): DefaultPreopenPolicy {
  return vscode.workspace.getConfiguration('wasiStudio.debug', folder).get<DefaultPreopenPolicy>('defaultPreopen', 'workspaceReadOnly');
}

/** The .wasm in the active tab, else the workspace's only module, else the picker variable. */
async function defaultProgram(folder: vscode.WorkspaceFolder | undefined): Promise<string> {
  const active = activeTabUri();
  if (active && active.fsPath.endsWith('.wasm')) return workspaceRelative(active.fsPath, folder?.uri.fsPath);
  const modules = await findWorkspaceModules(2);
  if (modules.length === 1 && modules[0]) return workspaceRelative(modules[0].fsPath, folder?.uri.fsPath);
  return '${command:wasi.pickModule}';
}

function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

function offerToSave(folder: vscode.WorkspaceFolder, config: WasiLaunchConfiguration): void {
  vscode.window
    .showInformationMessage(`WASI Studio: debugging ${config.program} with the workspace preopened ${config.preopens?.[0]?.readonly === false ? 'read-write' : 'read-only'} as /. Save this configuration to launch.json?`, 'Save')
    .then(async (choice) => {
      if (choice === 'Save') await saveConfiguration(folder, config);
    })
    .then(undefined, (error: unknown) => {
      void vscode.window.showErrorMessage(`WASI Studio: could not save launch.json (${error instanceof Error ? error.message : String(error)}).`);
    });
}
