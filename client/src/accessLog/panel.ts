// The capability-access log webview: a CSP-locked page (media/accessLog/) fed by the store.
// Filtering and summaries run here through protocol.ts; the page only renders rows it is sent.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import { accessLogHtml } from './html';
import { buildState, parseWebviewMessage, type WebviewMessage } from './protocol';
import { NO_FILTER, type LogFilter } from './records';
import type { AccessLogStore } from './store';

export interface PanelActions {
  openSource(seq: number): Promise<boolean>;
  grant(seq: number): Promise<void>;
  exportShown(filter: LogFilter): Promise<void>;
  load(): Promise<void>;
}

export class AccessLogPanel implements vscode.Disposable {
  static readonly viewType = 'wasiStudio.accessLog';
  private panel: vscode.WebviewPanel | undefined;
  private filter: LogFilter = NO_FILTER;
  private pending: NodeJS.Timeout | undefined;
  private readonly subscription: { dispose(): void };

  constructor(private readonly extensionUri: vscode.Uri, private readonly store: AccessLogStore, private readonly actions: PanelActions) {
    this.subscription = store.onDidChange(() => this.scheduleUpdate());
  }

  get currentFilter(): LogFilter {
    return this.filter;
  }

  get visible(): boolean {
    return this.panel !== undefined;
  }

  show(preserveFocus: boolean): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const mediaRoot = vscode.Uri.joinPath(this.extensionUri, 'media', 'accessLog');
    const panel = vscode.window.createWebviewPanel(AccessLogPanel.viewType, 'WASI Access Log', { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, {
      enableScripts: true,
      localResourceRoots: [mediaRoot],
      retainContextWhenHidden: true,
    });
    panel.webview.html = this.html(panel.webview, mediaRoot);
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseWebviewMessage(raw);
      if (message) this.handle(message).catch((error: unknown) => {
        void vscode.window.showErrorMessage(`WASI Studio: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    panel.onDidDispose(() => { this.panel = undefined; });
    this.panel = panel;
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': this.postState(); return;
      case 'filter': this.filter = message.filter; this.postState(); return;
      case 'open': await this.actions.openSource(message.seq); return;
      case 'grant': await this.actions.grant(message.seq); return;
      case 'export': await this.actions.exportShown(this.filter); return;
      case 'load': await this.actions.load(); return;
      case 'clear': this.store.clear(); return;
    }
  }

  /** Coalesces bursts of live records into one repaint. */
  private scheduleUpdate(): void {
    if (!this.panel || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.postState();
    }, 50);
  }

  private postState(): void {
    void this.panel?.webview.postMessage(buildState(this.store.entries, this.filter, this.store.origin));
  }

  private html(webview: vscode.Webview, mediaRoot: vscode.Uri): string {
    return accessLogHtml({
      cspSource: webview.cspSource,
      nonce: crypto.randomBytes(16).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot, 'main.css')).toString(),
    });
  }

  dispose(): void {
    if (this.pending) clearTimeout(this.pending);
    this.subscription.dispose();
    this.panel?.dispose();
  }
}
