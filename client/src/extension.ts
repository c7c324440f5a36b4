// Extension entry: starts each feature and nothing else. Each feature registers its own disposables.
import type * as vscode from 'vscode';
import { registerDebugAdapter } from './debug/adapterFactory';
import { startWitLanguageFeature, type WitLanguageFeature } from './language/languageClient';

let language: WitLanguageFeature | undefined;

export function activate(context: vscode.ExtensionContext): void {
  registerDebugAdapter(context);
  language = startWitLanguageFeature(context);
}

export function deactivate(): Promise<void> | undefined {
  const stopping = language?.stop();
  language = undefined;
  return stopping;
}
