// A small LSP client for the integration tests: spawns the built `dist/server.js --stdio` and
// speaks JSON-RPC to it through vscode-languageserver's message connection. It waits for
// events (diagnostics, replies) instead of sleeping.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection,
} from 'vscode-languageserver/node';
import type {
  Diagnostic, InitializeResult, PublishDiagnosticsParams, TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

/** out/test/integration/lsp → repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
/** The bundle under test; WASI_STUDIO_SERVER_JS points at another build (e.g. while bisecting). */
export const SERVER_JS = process.env.WASI_STUDIO_SERVER_JS ?? path.join(REPO_ROOT, 'dist', 'server.js');
export const FIXTURES = path.join(REPO_ROOT, 'test', 'integration', 'lsp', 'fixtures');

/** How long a test waits for the server to publish something before failing with what it saw. */
const WAIT_MS = 30_000;

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}

export interface StartOptions {
  readonly rootPath?: string;
  readonly initializationOptions?: unknown;
  /** Answer for `workspace/configuration` requests, per section. */
  readonly configuration?: Record<string, unknown>;
}

export class LspClient {
  readonly connection: MessageConnection;
  /** Everything the server wrote to its console, for failure messages. */
  readonly log: string[] = [];
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  private constructor(readonly child: ChildProcess, configuration: Record<string, unknown>) {
    if (!child.stdout || !child.stdin) throw new Error('server was spawned without pipes');
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.latest.set(p.uri, p);
      for (let i = this.waiters.length - 1; i >= 0; i -= 1) {
        const w = this.waiters[i];
        if (w.uri === p.uri && w.accept(p)) {
          this.waiters.splice(i, 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.log.push(p.message);
    });
    this.connection.onRequest('workspace/configuration', (params: unknown) => {
      const items = (params as { items: { section?: string }[] }).items;
      return items.map((item): unknown => (item.section ? configuration[item.section] ?? null : configuration));
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/semanticTokens/refresh', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.listen();
  }

  static async start(options: StartOptions = {}): Promise<{ client: LspClient; init: InitializeResult }> {
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr?.on('data', () => undefined);
    const client = new LspClient(child, options.configuration ?? {});
    const init = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: options.rootPath ? fileUri(options.rootPath) : null,
      workspaceFolders: options.rootPath ? [{ uri: fileUri(options.rootPath), name: path.basename(options.rootPath) }] : null,
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, semanticTokens: { refreshSupport: true } },
        textDocument: {
          synchronization: { didSave: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          rename: { prepareSupport: true },
          publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } },
          semanticTokens: {
            requests: { full: { delta: true } },
            tokenTypes: [], tokenModifiers: [], formats: ['relative'],
          },
          foldingRange: { lineFoldingOnly: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
        },
      },
    });
    await client.connection.sendNotification('initialized', {});
    return { client, init };
  }

  async open(filePath: string, text = fs.readFileSync(filePath, 'utf8')): Promise<string> {
    const uri = fileUri(filePath);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'wit', version: 1, text } });
    return uri;
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The next (or already received) diagnostics for `uri` that satisfy `accept`. */
  diagnostics(uri: string, accept: (d: readonly Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    const seen = this.latest.get(uri);
    if (seen && accept(seen.diagnostics)) return Promise.resolve(seen.diagnostics);
    return this.nextDiagnostics(uri, accept);
  }

  /** Waits for the next publication for `uri` that satisfies `accept`, ignoring earlier ones. */
  nextDiagnostics(uri: string, accept: (d: readonly Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const last = this.latest.get(uri);
        reject(new Error(`no matching diagnostics for ${uri} within ${WAIT_MS} ms; last published: ${JSON.stringify(last?.diagnostics ?? null)}; server log:\n${this.log.join('\n')}`));
      }, WAIT_MS);
      this.waiters.push({
        uri,
        accept: (p) => accept(p.diagnostics),
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p.diagnostics);
        },
      });
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      const exited = new Promise<void>((resolve) => {
        if (this.child.exitCode !== null) resolve();
        else this.child.once('exit', () => resolve());
      });
      await exited;
      this.connection.dispose();
    }
  }
}

/** Offset of the first `needle` in `text` (plus `delta`), failing loudly when absent. */
export function offsetOf(text: string, needle: string, delta = 0): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${JSON.stringify(needle)} not found in fixture`);
  return i + delta;
}

/** 0-based line/character of an offset. */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The position of `needle` (plus `delta` characters) in the file. */
export function positionIn(filePath: string, needle: string, delta = 0): { line: number; character: number } {
  const text = fs.readFileSync(filePath, 'utf8');
  return positionOf(text, offsetOf(text, needle, delta));
}
