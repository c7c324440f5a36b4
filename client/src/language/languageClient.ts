// Starts the WIT language server (dist/server.js over stdio) and keeps a status bar item in step with
// it. Wiring only: the package-name fallback lives in packageName.ts.
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { findPackageName } from './packageName';

/** Setting prefix; vscode-languageclient reads `<id>.trace.server` by itself. */
const CLIENT_ID = 'wasiStudio';
const CLIENT_NAME = 'WASI Studio WIT Language Server';
/** Optional custom request the server may answer with the package of a document. */
const PACKAGE_REQUEST = 'wasiStudio/packageName';

export interface WitLanguageFeature {
  readonly client: LanguageClient;
  /** Stops the server; deactivate() returns this promise. */
  stop(): Promise<void>;
}

export function startWitLanguageFeature(context: vscode.ExtensionContext): WitLanguageFeature {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'wit' },
      { scheme: 'untitled', language: 'wit' },
    ],
    outputChannel: output,
    initializationOptions: () => witInitializationOptions(),
    synchronize: {
      configurationSection: 'wasiStudio',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.wit'),
    },
  };
  const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  const status = new LanguageStatus(client);
  context.subscriptions.push(output, status);

  const start = (): void => {
    client.start().catch((error: unknown) => {
      output.error(`The WIT language server did not start: ${describe(error)}`);
      status.refresh();
    });
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('wasi.restartLanguageServer', async () => {
      output.info('Restarting the WIT language server.');
      try {
        if (client.state === State.Stopped) await client.start();
        else await client.restart();
      } catch (error: unknown) {
        output.error(`Restart failed: ${describe(error)}`);
        void vscode.window.showErrorMessage(`WASI Studio: the WIT language server did not restart (${describe(error)}).`);
      }
    }),
    vscode.commands.registerCommand('wasi.showLanguageServerOutput', () => output.show(true)),
  );
  start();
  return { client, stop: () => (client.state === State.Stopped ? Promise.resolve() : client.stop()) };
}

function witInitializationOptions(): { features: string[]; allFeatures: boolean } {
  const config = vscode.workspace.getConfiguration('wasiStudio.wit');
  return { features: config.get<string[]>('features', []), allFeatures: config.get<boolean>('allFeatures', false) };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The status bar item: server state plus the package of the active `.wit` editor. */
class LanguageStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('wasiStudio.languageStatus', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Bumped on each refresh so an older, slower package answer cannot overwrite a newer one. */
  private generation = 0;

  constructor(private readonly client: LanguageClient) {
    this.item.name = 'WASI Studio: WIT language server';
    this.item.command = 'wasi.showLanguageServerOutput';
    this.subscriptions.push(
      client.onDidChangeState(() => this.refresh()),
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc === vscode.window.activeTextEditor?.document) this.refresh();
      }),
    );
    this.refresh();
  }

  refresh(): void {
    const generation = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'wit') {
      this.item.hide();
      return;
    }
    const state = this.client.state;
    const icon = state === State.Running ? '$(symbol-namespace)' : state === State.Starting ? '$(loading~spin)' : '$(error)';
    const stateText = state === State.Running ? 'running' : state === State.Starting ? 'starting' : 'stopped';
    const document = editor.document;
    const fallback = findPackageName(document.getText());
    this.render(icon, stateText, fallback);
    if (state !== State.Running) return;
    this.client
      .sendRequest<string | null>(PACKAGE_REQUEST, { textDocument: { uri: document.uri.toString() } })
      .then(
        (name) => {
          if (generation === this.generation && typeof name === 'string' && name.length > 0) this.render(icon, stateText, name);
        },
        // The server may not implement the request; the file's own `package` line is then shown.
        () => undefined,
      );
  }

  private render(icon: string, stateText: string, packageName: string | undefined): void {
    this.item.text = `${icon} WIT${packageName ? `: ${packageName}` : ''}`;
    this.item.tooltip = `WIT language server: ${stateText}${packageName ? `\nPackage: ${packageName}` : '\nNo package declaration'}\nClick to show the server output.`;
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
