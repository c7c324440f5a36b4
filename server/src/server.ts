// The WIT language server's protocol edge: capability negotiation, document sync, and the mapping
// of each LSP request to a feature in `features/` (plain data in, plain data out), with the
// conversions in `lsp/convert.ts`. No language logic lives here.
//
// Start with `node dist/server.js --stdio` (vscode-languageserver also accepts --node-ipc).

import {
  CodeActionKind, createConnection, ProposedFeatures, ResponseError, TextDocumentSyncKind, ErrorCodes,
  type ClientCapabilities, type Connection, type InitializeParams, type InitializeResult,
  type ServerCapabilities, type TextDocumentPositionParams, type TextEdit,
} from 'vscode-languageserver/node';
import { loadWitParser, type ParsedFile } from './syntax/parser';
import { codeActions } from './features/codeActions';
import { complete, resolveCompletion } from './features/completion';
import { declaration, definition, typeDefinition } from './features/definition';
import { documentSymbols } from './features/documentSymbols';
import { foldingRanges } from './features/foldingRanges';
import { formatDocument, formatRange, type FormatResult } from './features/formatting';
import { hover } from './features/hover';
import { inlayHints } from './features/inlayHints';
import { packageInfo, workspaceSymbols } from './features/packageInfo';
import { documentHighlights, references } from './features/references';
import { prepareRename, rename } from './features/rename';
import { selectionRanges } from './features/selectionRanges';
import { semanticTokens } from './features/semanticTokens';
import { signatureHelp } from './features/signatureHelp';
import { worldView } from './features/worldView';
import * as convert from './lsp/convert';
import { NodeDisk } from './lsp/disk';
import type { UnitAnalysis } from './lsp/analysis';
import { PACKAGE_INFO, PACKAGE_NAME, WORLD_VIEW, type PackageInfoParams, type PackageInfoResult, type WorldViewParams, type WorldViewResult } from './lsp/protocol';
import { readSettings } from './lsp/settings';
import { uriToPath } from './lsp/uris';
import { Workspace } from './lsp/workspace';

/** What the client told us it supports, read once in `initialize`. Optional features check these. */
interface NegotiatedCapabilities {
  /** The client answers `workspace/configuration`. */
  readonly configurationPull: boolean;
  readonly semanticTokensRefresh: boolean;
  readonly inlayHintRefresh: boolean;
  readonly hierarchicalSymbols: boolean;
  readonly snippets: boolean;
}

function negotiate(caps: ClientCapabilities): NegotiatedCapabilities {
  return {
    configurationPull: caps.workspace?.configuration === true,
    semanticTokensRefresh: caps.workspace?.semanticTokens?.refreshSupport === true,
    inlayHintRefresh: caps.workspace?.inlayHint?.refreshSupport === true,
    hierarchicalSymbols: caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
  };
}

/**
 * Quiet period before re-analysing a package while edits keep coming (the first edit after a
 * pause is analysed at once; see Debouncer).
 */
const ANALYSIS_DEBOUNCE_MS = 30;

export function startServer(connection: Connection): void {
  let negotiated: NegotiatedCapabilities | undefined;
  let workspace: Workspace | undefined;
  const tokenResults = new Map<string, { id: string; data: number[] }>();
  let tokenResultCounter = 0;

  const log = (message: string): void => connection.console.error(message);

  const internalError = (name: string, error: unknown): void => {
    log(`Internal error in ${name}: ${error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error)}`);
  };

  /** Sends without waiting; a failure (e.g. the client went away) is logged, never left unhandled. */
  const detach = (name: string, sending: Promise<unknown>): void => {
    sending.catch((error: unknown) => internalError(name, error));
  };

  /** Runs a request handler; an internal error is logged and the request gets `fallback`, the server lives on. */
  function guard<P, R>(name: string, handler: (params: P, ws: Workspace) => Promise<R> | R, fallback: R): (params: P) => Promise<R> {
    return async (params: P) => {
      if (!workspace) return fallback;
      try {
        return await handler(params, workspace);
      } catch (error: unknown) {
        // A ResponseError is an answer (e.g. "cannot rename a keyword"), not an internal error.
        if (error instanceof ResponseError) throw error;
        internalError(name, error);
        return fallback;
      }
    };
  }

  /** Runs a notification handler synchronously, so document changes are applied in order. */
  function notification<P>(name: string, handler: (params: P, ws: Workspace) => void): (params: P) => void {
    return (params: P) => {
      if (!workspace) return;
      try {
        handler(params, workspace);
      } catch (error: unknown) {
        internalError(name, error);
      }
    };
  }

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    negotiated = negotiate(params.capabilities);
    let parser;
    try {
      parser = await loadWitParser();
    } catch (error: unknown) {
      const message = `The WIT parser could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
      log(message);
      throw new ResponseError(ErrorCodes.InternalError, message);
    }
    workspace = new Workspace(parser, new NodeDisk(), {
      publish: (uri, version, diagnostics, lines) => {
        const converted = diagnostics.map((d) => convert.toLspDiagnostic(lines, d));
        detach('publishDiagnostics', connection.sendDiagnostics({ uri, version, diagnostics: converted }));
      },
      analysed: () => {
        if (negotiated?.semanticTokensRefresh) detach('semanticTokens/refresh', connection.languages.semanticTokens.refresh());
        if (negotiated?.inlayHintRefresh) detach('inlayHint/refresh', connection.languages.inlayHint.refresh());
      },
      log,
    }, { debounceMs: ANALYSIS_DEBOUNCE_MS });
    const roots = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
    if (roots.length === 0 && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) roots.push(root);
    }
    workspace.setRoots(roots);
    const initial = readSettings(params.initializationOptions);
    for (const p of initial.problems) log(p);
    workspace.setSettings(initial.settings);
    return { capabilities: serverCapabilities(), serverInfo: { name: 'wasi-studio-wit', version: '0.1.0' } };
  });

  connection.onInitialized(() => {
    void pullSettings();
  });

  async function pullSettings(): Promise<void> {
    if (!negotiated?.configurationPull || !workspace) return;
    try {
      const raw: unknown = await connection.workspace.getConfiguration('wasiStudio');
      const { settings, problems } = readSettings(raw);
      for (const p of problems) log(p);
      workspace.setSettings(settings);
    } catch (error: unknown) {
      log(`Could not read the wasiStudio settings: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  connection.onDidChangeConfiguration((params) => {
    const raw = (params.settings as { wasiStudio?: unknown } | null | undefined)?.wasiStudio;
    if (raw !== undefined && workspace) {
      const { settings, problems } = readSettings(raw);
      for (const p of problems) log(p);
      workspace.setSettings(settings);
    } else {
      void pullSettings();
    }
  });

  // --- Document sync ---------------------------------------------------------------------

  connection.onDidOpenTextDocument(notification('didOpen', (p, ws) => {
    ws.didOpen(p.textDocument.uri, p.textDocument.version, p.textDocument.text);
  }));
  connection.onDidChangeTextDocument(notification('didChange', (p, ws) => {
    ws.didChange(p.textDocument.uri, p.textDocument.version, p.contentChanges.map(convert.fromContentChange));
  }));
  connection.onDidCloseTextDocument(notification('didClose', (p, ws) => {
    tokenResults.delete(p.textDocument.uri);
    ws.didClose(p.textDocument.uri);
  }));
  connection.onDidChangeWatchedFiles(notification('didChangeWatchedFiles', (p, ws) => {
    ws.didChangeFiles(p.changes.map((c) => c.uri));
  }));

  // --- Syntax features -------------------------------------------------------------------

  connection.onDocumentSymbol(guard('documentSymbol', async (p, ws) => {
    const file = await ws.parsedFile(p.textDocument.uri);
    if (!file) return null;
    const symbols = documentSymbols(file.ast);
    if (!negotiated?.hierarchicalSymbols) return convert.toFlatSymbols(file.lines, p.textDocument.uri, symbols);
    return symbols.map((s) => convert.toDocumentSymbol(file.lines, s));
  }, null));

  connection.onFoldingRanges(guard('foldingRange', async (p, ws) => {
    const file = await ws.parsedFile(p.textDocument.uri);
    if (!file) return null;
    return convert.toFoldingRanges(file.lines, foldingRanges(file.ast, file.text));
  }, null));

  connection.onSelectionRanges(guard('selectionRange', async (p, ws) => {
    const file = await ws.parsedFile(p.textDocument.uri);
    if (!file) return null;
    const offsets = p.positions.map((pos) => convert.toOffset(file.lines, pos));
    return selectionRanges(file.ast, file.text.length, offsets).map((chain) => convert.toSelectionRange(file.lines, chain));
  }, null));

  /** Formatting edits, or none for a file with syntax errors (its layout cannot be trusted). */
  const formattingEdits = (uri: string, file: ParsedFile, format: (text: string) => FormatResult): TextEdit[] => {
    if (file.ast.diagnostics.some((d) => d.severity === 'error')) return [];
    const result = format(file.text);
    if (result.kind === 'refused') {
      log(`Not formatting ${uri}: ${result.reason}`);
      return [];
    }
    return convert.toTextEdits(file.lines, result.edits);
  };

  connection.onDocumentFormatting(guard('formatting', async (p, ws) => {
    const file = await ws.parsedFile(p.textDocument.uri);
    return file ? formattingEdits(p.textDocument.uri, file, formatDocument) : null;
  }, null));

  connection.onDocumentRangeFormatting(guard('rangeFormatting', async (p, ws) => {
    const file = await ws.parsedFile(p.textDocument.uri);
    return file ? formattingEdits(p.textDocument.uri, file, (text) => formatRange(text, convert.toSpan(file.lines, p.range))) : null;
  }, null));

  connection.languages.semanticTokens.on(guard('semanticTokens/full', async (p, ws) => {
    const uri = p.textDocument.uri;
    const m = await modelOf(ws, uri);
    if (!m) return { data: [] };
    const data = convert.encodeSemanticTokens(m.file.lines, semanticTokens(m.file.ast, m.analysis.model));
    const id = String(++tokenResultCounter);
    tokenResults.set(uri, { id, data });
    return { resultId: id, data };
  }, { data: [] }));

  connection.languages.semanticTokens.onDelta(guard('semanticTokens/full/delta', async (p, ws) => {
    const uri = p.textDocument.uri;
    const m = await modelOf(ws, uri);
    if (!m) return { edits: [] };
    const data = convert.encodeSemanticTokens(m.file.lines, semanticTokens(m.file.ast, m.analysis.model));
    const previous = tokenResults.get(uri);
    const id = String(++tokenResultCounter);
    tokenResults.set(uri, { id, data });
    if (!previous || previous.id !== p.previousResultId) return { resultId: id, data };
    return { resultId: id, edits: convert.semanticTokensEdits(previous.data, data) };
  }, { edits: [] }));

  // --- Model features --------------------------------------------------------------------

  /** The analysis of a document's unit and the document as that analysis read it. */
  async function modelOf(ws: Workspace, uri: string): Promise<{ analysis: UnitAnalysis; file: ParsedFile } | undefined> {
    const analysis = await ws.analysisFor(uri);
    const file = analysis?.files.get(uri);
    return analysis && file ? { analysis, file } : undefined;
  }

  const linesIn = (analysis: UnitAnalysis): convert.LinesOf => (uri) => analysis.files.get(uri)?.lines;

  connection.onCompletion(guard('completion', async (p, ws) => {
    const uri = p.textDocument.uri;
    const file = await ws.parsedFile(uri);
    if (!file) return null;
    const analysis = await ws.analysisFor(uri);
    const offset = convert.toOffset(file.lines, p.position);
    const result = complete(analysis?.model, uri, file.text, offset, ws.currentSettings.features);
    return convert.toCompletionList(file.lines, result, uri, { snippets: negotiated?.snippets ?? false });
  }, null));

  connection.onCompletionResolve(guard('completionItem/resolve', async (item, ws) => {
    if (!convert.isCompletionData(item.data)) return item;
    const analysis = await ws.analysisFor(item.data.document);
    const resolved = analysis ? resolveCompletion(analysis.model, item.data.definition) : undefined;
    if (!resolved) return item;
    return { ...item, detail: resolved.detail, documentation: { kind: 'markdown', value: resolved.markdown } };
  }, { label: '' }));

  connection.onHover(guard('hover', async (p, ws) => {
    const m = await modelOf(ws, p.textDocument.uri);
    if (!m) return null;
    const h = hover(m.analysis.model, p.textDocument.uri, convert.toOffset(m.file.lines, p.position), m.file.text);
    return h ? convert.toHover(m.file.lines, h) : null;
  }, null));

  // Definition, declaration and type definition differ only in which locations the feature finds.
  const locationsAt = (name: string, find: typeof definition) => guard(name, async (p: TextDocumentPositionParams, ws) => {
    const m = await modelOf(ws, p.textDocument.uri);
    if (!m) return null;
    return convert.toLocations(linesIn(m.analysis), find(m.analysis.model, p.textDocument.uri, convert.toOffset(m.file.lines, p.position)));
  }, null);
  connection.onDefinition(locationsAt('definition', definition));
  connection.onDeclaration(locationsAt('declaration', declaration));
  connection.onTypeDefinition(locationsAt('typeDefinition', typeDefinition));

  connection.onReferences(guard('references', async (p, ws) => {
    const m = await modelOf(ws, p.textDocument.uri);
    if (!m) return null;
    const offset = convert.toOffset(m.file.lines, p.position);
    const found = references(m.analysis.model, p.textDocument.uri, offset, { includeDeclaration: p.context.includeDeclaration });
    return convert.toLocations(linesIn(m.analysis), found);
  }, null));

  connection.onDocumentHighlight(guard('documentHighlight', async (p, ws) => {
    const m = await modelOf(ws, p.textDocument.uri);
    if (!m) return null;
    return convert.toHighlights(m.file.lines, documentHighlights(m.analysis.model, p.textDocument.uri, convert.toOffset(m.file.lines, p.position)));
  }, null));

  connection.onPrepareRename(guard('prepareRename', async (p, ws) => {
    const m = await modelOf(ws, p.textDocument.uri);
    if (!m) return null;
    const result = prepareRename(m.analysis.model, p.textDocument.uri, m.file.text, convert.toOffset(m.file.lines, p.position));
    if (result.kind === 'refused') throw new ResponseError(ErrorCodes.InvalidRequest, result.reason);
    return { range: convert.toRange(m.file.lines, result.span), placeholder: result.placeholder };
  }, null));

  connection.onRenameRequest(guard('rename', async (p, ws) => {
    const m = await modelOf(ws, p.textDocument.uri);
    if (!m) return null;
    const result = rename(m.analysis.model, p.textDocument.uri, m.file.text, convert.toOffset(m.file.lines, p.position), p.newName);
    if (result.kind === 'refused') throw new ResponseError(ErrorCodes.InvalidRequest, result.reason);
    return convert.toWorkspaceEdit(linesIn(m.analysis), result.edits);
  }, null));

  connection.onSignatureHelp(guard('signatureHelp', async (p, ws) => {
    const file = await ws.parsedFile(p.textDocument.uri);
    if (!file) return null;
    const help = signatureHelp(file.text, convert.toOffset(file.lines, p.position));
    return help ? convert.toSignatureHelp(help) : null;
  }, null));

  connection.onCodeAction(guard('codeAction', async (p, ws) => {
    const uri = p.textDocument.uri;
    const m = await modelOf(ws, uri);
    if (!m) return null;
    const fixes = codeActions({
      model: m.analysis.model, uri, text: m.file.text, ast: m.file.ast,
      range: convert.toSpan(m.file.lines, p.range), diagnostics: m.analysis.diagnostics.get(uri) ?? [],
    });
    const only = p.context.only;
    const wanted = only ? fixes.filter((f) => only.some((k) => f.kind === k || f.kind.startsWith(`${k}.`))) : fixes;
    return convert.toCodeActions(linesIn(m.analysis), m.file.lines, wanted);
  }, null));

  connection.languages.inlayHint.on(guard('inlayHint', async (p, ws) => {
    const m = await modelOf(ws, p.textDocument.uri);
    if (!m) return null;
    return convert.toInlayHints(m.file.lines, inlayHints(m.analysis.model, p.textDocument.uri, m.file.text, convert.toSpan(m.file.lines, p.range)));
  }, null));

  connection.onWorkspaceSymbol(guard('workspaceSymbol', async (p, ws) => {
    const analyses = await ws.allAnalyses();
    const found = workspaceSymbols(analyses.map((a) => a.model), p.query);
    const lines = (uri: string) => analyses.find((a) => a.files.has(uri))?.files.get(uri)?.lines;
    return convert.toSymbolInformation(lines, found);
  }, null));

  connection.onRequest(PACKAGE_INFO, guard('packageInfo', async (p: PackageInfoParams, ws): Promise<PackageInfoResult | null> => {
    const analysis = await ws.analysisFor(p.textDocument.uri);
    return (analysis && packageInfo(analysis.model, p.textDocument.uri)) ?? null;
  }, null));

  connection.onRequest(PACKAGE_NAME, guard('packageName', async (p: PackageInfoParams, ws): Promise<string | null> => {
    const analysis = await ws.analysisFor(p.textDocument.uri);
    return (analysis && packageInfo(analysis.model, p.textDocument.uri)?.id) ?? null;
  }, null));

  connection.onRequest(WORLD_VIEW, guard('worldView', async (p: WorldViewParams, ws): Promise<WorldViewResult | null> => {
    const m = await modelOf(ws, p.textDocument.uri);
    if (!m) return null;
    const offset = p.position ? convert.toOffset(m.file.lines, p.position) : undefined;
    const view = worldView(m.analysis.model, p.textDocument.uri, { name: p.world, offset });
    return view ? convert.toWorldView(linesIn(m.analysis), view) : null;
  }, null));

  connection.onShutdown(() => {
    workspace?.dispose();
  });
}

function serverCapabilities(): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    semanticTokensProvider: { legend: convert.SEMANTIC_TOKENS_LEGEND, full: { delta: true }, range: false },
    completionProvider: { resolveProvider: true, triggerCharacters: ['.', '{', ':', '/', '<', '@', '(', ','] },
    hoverProvider: true,
    definitionProvider: true,
    declarationProvider: true,
    typeDefinitionProvider: true,
    referencesProvider: true,
    documentHighlightProvider: true,
    renameProvider: { prepareProvider: true },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
    inlayHintProvider: true,
    signatureHelpProvider: { triggerCharacters: ['<', ','], retriggerCharacters: [','] },
    workspaceSymbolProvider: true,
  };
}

if (require.main === module) {
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection);
  connection.listen();
}
