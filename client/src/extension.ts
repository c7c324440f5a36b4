// Extension entry: starts each feature and nothing else. Each feature registers its own disposables.
import type * as vscode from 'vscode';
import { registerAccessLog, type AccessLogFeature } from './accessLog/index';
import { registerDebugAdapter } from './debug/adapterFactory';
import { registerConfigurationProvider, type WasiConfigurationProvider } from './debug/configurationProvider';
import { registerModulePicker } from './debug/modulePicker';
import { registerTaskProvider } from './debug/taskProvider';
import { startWitLanguageFeature, type WitLanguageFeature } from './language/languageClient';
import { registerWorldView, type WorldViewProvider } from './language/worldView';
import { registerPermissions } from './permissions/index';
import type { PermissionsTreeProvider } from './permissions/permissionsTree';
import { registerScaffold } from './scaffold/index';

/** What activate() returns; the e2e suites read the views' state through it. */
export interface WasiStudioApi {
  readonly permissions: PermissionsTreeProvider;
  readonly accessLog: AccessLogFeature;
  readonly debugConfigurations: WasiConfigurationProvider;
  readonly language: WitLanguageFeature;
  readonly world: WorldViewProvider;
}

let language: WitLanguageFeature | undefined;

export function activate(context: vscode.ExtensionContext): WasiStudioApi {
  registerDebugAdapter(context);
  const debugConfigurations = registerConfigurationProvider(context);
  registerModulePicker(context);
  registerTaskProvider(context);
  const permissions = registerPermissions(context);
  const accessLog = registerAccessLog(context, () => permissions.refresh());
  registerScaffold(context);
  const started = startWitLanguageFeature(context);
  language = started;
  const world = registerWorldView(context, started.client);
  return { permissions, accessLog, debugConfigurations, language: started, world };
}

export function deactivate(): Promise<void> | undefined {
  const stopping = language?.stop();
  language = undefined;
  return stopping;
}
