// Runs the WASI debug adapter (dist/debug-adapter.js) as a separate Node process speaking DAP over stdio.
import * as vscode from 'vscode';

export class WasiDebugAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  constructor(private readonly adapterPath: string) {}

  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    // The extension host's own executable is Node (code-server) or Electron; ELECTRON_RUN_AS_NODE makes
    // Electron behave as plain Node, and plain Node ignores it.
    return new vscode.DebugAdapterExecutable(process.execPath, [this.adapterPath], {
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  }
}

export function registerDebugAdapter(context: vscode.ExtensionContext): void {
  const factory = new WasiDebugAdapterFactory(context.asAbsolutePath('dist/debug-adapter.js'));
  context.subscriptions.push(vscode.debug.registerDebugAdapterDescriptorFactory('wasi', factory));
}
