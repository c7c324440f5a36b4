// Converters between our plain data (UTF-16 offsets and spans, feature results) and LSP types.
// Together with server.ts this is the only module that knows the protocol's shapes; features and
// the cores below them speak offsets and their own result types.

import {
  CodeActionKind, CompletionItemKind, DiagnosticSeverity, DiagnosticTag, DocumentHighlightKind, FoldingRangeKind, InsertTextFormat,
  MarkupKind, SymbolKind,
  type CodeAction, type CompletionItem, type SignatureHelp, type CompletionList, type InlayHint, type SymbolInformation, type Diagnostic as LspDiagnostic, type DocumentHighlight,
  type DocumentSymbol, type FoldingRange, type Hover, type Location as LspLocation, type Position, type Range,
  type SelectionRange, type TextEdit as LspTextEdit, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, Span } from '../syntax/ast';
import type { LineIndex } from '../syntax/lineIndex';
import type { TextEdit } from '../syntax/parser';
import type { OutlineKind, OutlineSymbol } from '../features/documentSymbols';
import type { Fold } from '../features/foldingRanges';
import type { TextReplacement } from '../features/formatting';
import { TOKEN_MODIFIERS, TOKEN_TYPES, type SemanticToken } from '../features/semanticTokens';
import type { DefinitionKind } from '../semantics/model';
import type { CodeFix } from '../features/codeActions';
import type { CompletionKind, CompletionResult, DefinitionKey } from '../features/completion';
import type { InlayHintInfo } from '../features/inlayHints';
import type { SignatureInfo } from '../features/signatureHelp';
import type { WorkspaceSymbolInfo } from '../features/packageInfo';
import type { WorldView, WorldViewNode } from '../features/worldView';
import type { HoverResult } from '../features/hover';
import type { Location } from '../features/lookup';
import type { Highlight } from '../features/references';
import type { RenameEdit } from '../features/rename';
import type { ContentChange } from './documents';

// ---------------------------------------------------------------------------------------------
// Positions and ranges

export function toPosition(lines: LineIndex, offset: number): Position {
  const p = lines.positionAt(offset);
  return { line: p.line, character: p.character };
}

export function toOffset(lines: LineIndex, position: Position): number {
  return lines.offsetAt(position);
}

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: toPosition(lines, span.start), end: toPosition(lines, span.end) };
}

export function toSpan(lines: LineIndex, range: Range): Span {
  const start = toOffset(lines, range.start);
  return { start, end: Math.max(start, toOffset(lines, range.end)) };
}

/** A `didChange` content change as our own change type. */
export function fromContentChange(change: { range?: Range; text: string }): ContentChange {
  if (!change.range) return { kind: 'full', text: change.text };
  const edit: TextEdit = { range: change.range, newText: change.text };
  return { kind: 'edit', edit };
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

export function toLspDiagnostic(lines: LineIndex, d: Diagnostic): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(lines, d.span),
    message: d.message,
    severity: SEVERITY[d.severity],
    source: 'wit',
  };
  if (d.code !== undefined) out.code = d.code;
  if (d.tags && d.tags.length > 0) {
    out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  return out;
}

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

// ---------------------------------------------------------------------------------------------
// Document symbols, folding, selection, formatting

export function toDocumentSymbol(lines: LineIndex, s: OutlineSymbol): DocumentSymbol {
  const out: DocumentSymbol = {
    name: s.name.length > 0 ? s.name : '?',
    kind: SYMBOL_KIND[s.kind],
    range: toRange(lines, s.span),
    selectionRange: toRange(lines, s.selectionSpan),
    children: s.children.map((c) => toDocumentSymbol(lines, c)),
  };
  if (s.detail !== undefined) out.detail = s.detail;
  if (s.deprecated) out.tags = [1 /* SymbolTag.Deprecated */];
  return out;
}

export const SYMBOL_KIND: Record<OutlineKind, SymbolKind> = {
  package: SymbolKind.Package,
  interface: SymbolKind.Interface,
  world: SymbolKind.Module,
  type: SymbolKind.TypeParameter,
  record: SymbolKind.Struct,
  variant: SymbolKind.Enum,
  enum: SymbolKind.Enum,
  flags: SymbolKind.Enum,
  resource: SymbolKind.Class,
  function: SymbolKind.Function,
  method: SymbolKind.Method,
  static: SymbolKind.Method,
  constructor: SymbolKind.Constructor,
  field: SymbolKind.Field,
  case: SymbolKind.EnumMember,
  flag: SymbolKind.EnumMember,
  import: SymbolKind.Namespace,
  export: SymbolKind.Namespace,
  include: SymbolKind.Namespace,
  use: SymbolKind.Namespace,
};

/** Line-based folds; regions that do not span at least two lines are dropped. */
export function toFoldingRanges(lines: LineIndex, folds: readonly Fold[]): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const f of folds) {
    const startLine = lines.positionAt(f.start).line;
    const endLine = lines.positionAt(f.end).line;
    if (endLine <= startLine) continue;
    const range: FoldingRange = { startLine, endLine };
    if (f.kind === 'comment') range.kind = FoldingRangeKind.Comment;
    else if (f.kind === 'imports') range.kind = FoldingRangeKind.Imports;
    else range.kind = FoldingRangeKind.Region;
    out.push(range);
  }
  return out;
}

/** A chain of spans, innermost first, as nested LSP selection ranges. */
export function toSelectionRange(lines: LineIndex, chain: readonly Span[]): SelectionRange {
  let parent: SelectionRange | undefined;
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    parent = parent ? { range: toRange(lines, chain[i]), parent } : { range: toRange(lines, chain[i]) };
  }
  return parent ?? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

export function toTextEdits(lines: LineIndex, replacements: readonly TextReplacement[]): LspTextEdit[] {
  return replacements.map((r) => ({ range: toRange(lines, r.span), newText: r.newText }));
}

// ---------------------------------------------------------------------------------------------
// Semantic tokens

export const SEMANTIC_TOKENS_LEGEND = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** Encodes tokens (sorted, non-overlapping, each on one line) in LSP's relative integer format. */
export function encodeSemanticTokens(lines: LineIndex, tokens: readonly SemanticToken[]): number[] {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of tokens) {
    const start = lines.positionAt(t.span.start);
    const end = lines.positionAt(t.span.end);
    if (end.line !== start.line) continue;
    const deltaLine = start.line - prevLine;
    const deltaChar = deltaLine === 0 ? start.character - prevChar : start.character;
    let mods = 0;
    for (const m of t.modifiers) mods |= 1 << TOKEN_MODIFIERS.indexOf(m);
    data.push(deltaLine, deltaChar, end.character - start.character, TOKEN_TYPES.indexOf(t.type), mods);
    prevLine = start.line;
    prevChar = start.character;
  }
  return data;
}

/** One edit turning `previous` into `next` (common prefix and suffix kept), or none when equal. */
export function semanticTokensEdits(previous: readonly number[], next: readonly number[]): { start: number; deleteCount: number; data: number[] }[] {
  let prefix = 0;
  const max = Math.min(previous.length, next.length);
  while (prefix < max && previous[prefix] === next[prefix]) prefix += 1;
  if (prefix === previous.length && prefix === next.length) return [];
  let suffix = 0;
  while (suffix < max - prefix && previous[previous.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix += 1;
  // Edits must stay on whole 5-integer token boundaries for some clients.
  prefix -= prefix % 5;
  suffix -= suffix % 5;
  return [{ start: prefix, deleteCount: previous.length - prefix - suffix, data: next.slice(prefix, next.length - suffix) }];
}

// ---------------------------------------------------------------------------------------------
// Model features

/** Line indexes of the files an answer may point into (the analysis' files). */
export type LinesOf = (uri: string) => LineIndex | undefined;

export function toLocation(linesOf: LinesOf, loc: Location): LspLocation | undefined {
  const lines = linesOf(loc.uri);
  return lines ? { uri: loc.uri, range: toRange(lines, loc.span) } : undefined;
}

export function toLocations(linesOf: LinesOf, locs: readonly Location[]): LspLocation[] {
  return locs.map((l) => toLocation(linesOf, l)).filter((l): l is LspLocation => l !== undefined);
}

export function toHover(lines: LineIndex, h: HoverResult): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(lines, h.span) };
}

export function toHighlights(lines: LineIndex, highlights: readonly Highlight[]): DocumentHighlight[] {
  return highlights.map((h) => ({ range: toRange(lines, h.span), kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}

/** Data carried by a completion item to `completionItem/resolve`. */
export interface CompletionData {
  readonly document: string;
  readonly definition: DefinitionKey;
}

export function toCompletionList(lines: LineIndex, result: CompletionResult, documentUri: string, client: { readonly snippets: boolean }): CompletionList {
  const range = toRange(lines, result.replace);
  const items: CompletionItem[] = [];
  for (const entry of result.items) {
    if (entry.snippet && !client.snippets && entry.insertText?.includes('$')) continue;
    const item: CompletionItem = {
      label: entry.label,
      kind: COMPLETION_KIND[entry.kind],
      sortText: `${entry.sortGroup}_${entry.label}`,
      textEdit: { range, newText: entry.insertText ?? entry.label },
    };
    if (entry.detail !== undefined) item.detail = entry.detail;
    if (entry.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
    if (entry.retrigger) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
    if (entry.definition) {
      const data: CompletionData = { document: documentUri, definition: entry.definition };
      item.data = data;
    }
    items.push(item);
  }
  return { isIncomplete: false, items };
}

export function isCompletionData(value: unknown): value is CompletionData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { document?: unknown; definition?: { uri?: unknown; start?: unknown; name?: unknown } };
  return typeof v.document === 'string' && typeof v.definition === 'object' && v.definition !== null
    && typeof v.definition.uri === 'string' && typeof v.definition.start === 'number' && typeof v.definition.name === 'string';
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
  builtin: CompletionItemKind.TypeParameter,
  type: CompletionItemKind.Struct,
  resource: CompletionItemKind.Class,
  interface: CompletionItemKind.Interface,
  world: CompletionItemKind.Module,
  package: CompletionItemKind.Folder,
  function: CompletionItemKind.Function,
  attribute: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  name: CompletionItemKind.Field,
};

export function toWorkspaceEdit(linesOf: LinesOf, edits: readonly RenameEdit[]): WorkspaceEdit {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const e of edits) {
    const lines = linesOf(e.uri);
    if (!lines) continue;
    (changes[e.uri] ??= []).push({ range: toRange(lines, e.span), newText: e.newText });
  }
  return { changes };
}

export function toCodeActions(linesOf: LinesOf, lines: LineIndex, fixes: readonly CodeFix[]): CodeAction[] {
  return fixes.map((f) => {
    const action: CodeAction = {
      title: f.title,
      kind: f.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
      edit: toWorkspaceEdit(linesOf, f.edits),
    };
    if (f.fixes) action.diagnostics = [toLspDiagnostic(lines, f.fixes)];
    if (f.preferred) action.isPreferred = true;
    return action;
  });
}

export function toInlayHints(lines: LineIndex, hints: readonly InlayHintInfo[]): InlayHint[] {
  return hints.map((h) => ({ position: toPosition(lines, h.offset), label: h.label, tooltip: h.tooltip, paddingLeft: h.padded }));
}

const WORKSPACE_SYMBOL_KIND: Record<DefinitionKind, SymbolKind> = {
  package: SymbolKind.Package, interface: SymbolKind.Interface, world: SymbolKind.Module, type: SymbolKind.Struct,
  resource: SymbolKind.Class, use: SymbolKind.Namespace, function: SymbolKind.Function, method: SymbolKind.Method,
  static: SymbolKind.Method, constructor: SymbolKind.Constructor, field: SymbolKind.Field, case: SymbolKind.EnumMember,
  flag: SymbolKind.EnumMember, param: SymbolKind.Variable, import: SymbolKind.Namespace, export: SymbolKind.Namespace,
};

export function toSymbolInformation(linesOf: LinesOf, symbols: readonly WorkspaceSymbolInfo[]): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const s of symbols) {
    const lines = linesOf(s.uri);
    if (!lines) continue;
    const info: SymbolInformation = { name: s.name, kind: WORKSPACE_SYMBOL_KIND[s.kind], location: { uri: s.uri, range: toRange(lines, s.span) } };
    if (s.containerName !== undefined) info.containerName = s.containerName;
    out.push(info);
  }
  return out;
}

/** Flat symbols for clients without hierarchical document symbol support. */
export function toFlatSymbols(lines: LineIndex, uri: string, symbols: readonly OutlineSymbol[], container?: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const s of symbols) {
    const info: SymbolInformation = { name: s.name, kind: SYMBOL_KIND[s.kind], location: { uri, range: toRange(lines, s.span) } };
    if (container !== undefined) info.containerName = container;
    out.push(info, ...toFlatSymbols(lines, uri, s.children, s.name));
  }
  return out;
}

/** `wasiStudio/worldView` result: plain JSON with LSP ranges. */
export interface WorldViewNodeJson {
  readonly name: string;
  readonly kind: WorldViewNode['kind'];
  readonly detail?: string;
  readonly implied: boolean;
  readonly location?: LspLocation;
  readonly children: readonly WorldViewNodeJson[];
}

export interface WorldViewJson {
  readonly world: string;
  readonly location?: LspLocation;
  readonly imports: readonly WorldViewNodeJson[];
  readonly exports: readonly WorldViewNodeJson[];
}

export function toWorldView(linesOf: LinesOf, view: WorldView): WorldViewJson {
  const node = (n: WorldViewNode): WorldViewNodeJson => ({
    name: n.name, kind: n.kind, detail: n.detail, implied: n.implied,
    location: n.location ? toLocation(linesOf, n.location) : undefined,
    children: n.children.map(node),
  });
  return { world: view.world, location: toLocation(linesOf, view.location), imports: view.imports.map(node), exports: view.exports.map(node) };
}

export function toSignatureHelp(info: SignatureInfo): SignatureHelp {
  return {
    signatures: [{
      label: info.label,
      documentation: { kind: MarkupKind.Markdown, value: info.documentation },
      parameters: info.parameters.map((p) => ({ label: [p.range[0], p.range[1]], documentation: p.documentation })),
    }],
    activeSignature: 0,
    activeParameter: info.activeParameter,
  };
}
