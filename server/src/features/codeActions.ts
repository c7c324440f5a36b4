// Code actions and quick fixes:
// - add a missing `use` for an unknown type that another interface of the package (or of a
//   dependency) defines;
// - "did you mean" for a misspelled type, interface, world or `use` name (nearest known name);
// - remove an unused `use` name;
// - fix a non-kebab-case identifier (renaming every occurrence when the model knows it);
// - add a missing `@since` (for `@deprecated` without a gate, and as a refactoring on an ungated
//   item in a package that versions its items).

import type { Diagnostic, InterfaceItem, SourceFile, Span, UseItem, WorldItem } from '../syntax/ast';
import { PRIMITIVE_TYPES } from '../syntax/identifiers';
import type { Analysis, Definition, PackageModel } from '../semantics/model';
import { packageOf, typesIn } from './lookup';
import { rename, type RenameEdit } from './rename';
import { UNUSED_USE } from './unusedUses';

export interface CodeFix {
  readonly title: string;
  readonly kind: 'quickfix' | 'refactor.rewrite';
  readonly edits: readonly RenameEdit[];
  /** The diagnostic this fixes, when it is a quick fix. */
  readonly fixes?: Diagnostic;
  readonly preferred?: boolean;
}

export interface CodeActionRequest {
  readonly model: Analysis;
  readonly uri: string;
  readonly text: string;
  readonly ast: SourceFile;
  /** The selection (or cursor) the actions are asked for. */
  readonly range: Span;
  /** The file's diagnostics; those touching `range` get fixes. */
  readonly diagnostics: readonly Diagnostic[];
}

export function codeActions(req: CodeActionRequest): CodeFix[] {
  const out: CodeFix[] = [];
  for (const d of req.diagnostics) {
    if (d.span.end < req.range.start || d.span.start > req.range.end) continue;
    switch (d.code) {
      case 'unknown-type':
      case 'unknown-name':
        out.push(...addUseFixes(req, d), ...didYouMean(req, d, typeCandidates(req, d.span.start)));
        break;
      case 'unknown-use-name':
        out.push(...didYouMean(req, d, usePathCandidates(req, d.span)));
        break;
      case 'unknown-item':
      case 'unknown-interface':
      case 'unknown-world':
        out.push(...didYouMean(req, d, itemCandidates(req, d.span)));
        break;
      case 'unknown-package':
        out.push(...didYouMean(req, d, req.model.packages.map((p) => `${p.namespace}:${p.name}`)));
        break;
      case UNUSED_USE:
        out.push(...removeUnusedUse(req, d));
        break;
      case 'invalid-identifier':
      case 'syntax':
        if (/identifier/.test(d.message)) out.push(...kebabFix(req, d));
        break;
      case 'gate-deprecated':
        out.push(...addSinceForDeprecated(req, d));
        break;
    }
  }
  out.push(...addSinceRefactor(req));
  return onePreferredPerDiagnostic(out);
}

/** Editors apply the preferred fix with one key; offer that only where it is unambiguous. */
function onePreferredPerDiagnostic(fixes: readonly CodeFix[]): CodeFix[] {
  const preferred = new Map<Diagnostic | undefined, number>();
  for (const f of fixes) if (f.preferred) preferred.set(f.fixes, (preferred.get(f.fixes) ?? 0) + 1);
  return fixes.map((f) => (f.preferred && (preferred.get(f.fixes) ?? 0) > 1 ? { ...f, preferred: false } : f));
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** `myType`, `my_type`, `My--Type` → `my-type`. Undefined when nothing usable is left. */
export function toKebabCase(name: string): string | undefined {
  const kebab = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .toLowerCase()
    .replace(/^-+|-+$/g, '')
    .replace(/-+/g, '-');
  if (kebab.length === 0 || !/^[a-z]/.test(kebab)) return undefined;
  return kebab.split('-').map((seg) => (/^[a-z]/.test(seg) ? seg : `n${seg}`)).join('-');
}

// ---------------------------------------------------------------------------------------------

function nameIn(req: CodeActionRequest, span: Span): string {
  const raw = req.text.slice(span.start, span.end);
  return raw.startsWith('%') ? raw.slice(1) : raw;
}

function currentPackage(req: CodeActionRequest): PackageModel | undefined {
  return req.model.packages.find((p) => p.uris.includes(req.uri)) ?? req.model.packages.find((p) => p.isRoot);
}

/** The interface or world (syntax) around an offset. */
function containerAt(ast: SourceFile, offset: number): InterfaceItem | WorldItem | undefined {
  const items = ast.items.flatMap((i) => (i.kind === 'package' ? i.items : [i]));
  return items.find((i): i is InterfaceItem | WorldItem => (i.kind === 'interface' || i.kind === 'world') && i.span.start <= offset && offset <= i.span.end);
}

/** The interface or world definition around an offset. */
function containerDefAt(req: CodeActionRequest, offset: number): Definition | undefined {
  let best: Definition | undefined;
  for (const d of req.model.definitions) {
    if ((d.kind !== 'interface' && d.kind !== 'world') || d.uri !== req.uri || d.span.start > offset || offset > d.span.end) continue;
    if (!best || d.span.end - d.span.start < best.span.end - best.span.start) best = d;
  }
  return best;
}

function addUseFixes(req: CodeActionRequest, d: Diagnostic): CodeFix[] {
  const name = nameIn(req, d.span);
  const container = containerAt(req.ast, d.span.start);
  const containerDef = containerDefAt(req, d.span.start);
  const pkg = currentPackage(req);
  if (!container || !pkg) return [];
  const fixes: CodeFix[] = [];
  for (const p of [pkg, ...req.model.packages.filter((x) => x !== pkg)]) {
    for (const iface of p.interfaces) {
      if (iface.definition === containerDef || iface.definition.kind !== 'interface' || iface.definition.container?.kind === 'world') continue;
      if (!iface.types.some((t) => t.name === name && t.kind !== 'use')) continue;
      const path = p === pkg ? iface.definition.name : iface.qualifiedName;
      const edit = useEdit(req, container, path, name);
      if (edit) fixes.push({ title: `Add \`use ${path}.{${name}}\``, kind: 'quickfix', edits: [edit], fixes: d, preferred: p === pkg });
    }
  }
  return fixes;
}

/** Adds `name` to an existing `use path.{…}` in the container, or a new `use` line. */
function useEdit(req: CodeActionRequest, container: InterfaceItem | WorldItem, path: string, name: string): RenameEdit | undefined {
  const members = container.members;
  const uses = members.filter((m): m is UseItem => m.kind === 'use');
  const existing = uses.find((u) => req.text.slice(u.path.span.start, u.path.span.end).replace(/\s+/g, '') === path);
  if (existing && existing.names.length > 0) {
    const last = existing.names[existing.names.length - 1];
    return { uri: req.uri, span: { start: last.span.end, end: last.span.end }, newText: `, ${name}` };
  }
  const indent = indentationOf(req.text, container.span.start) + '  ';
  const line = `use ${path}.{${name}};`;
  if (uses.length > 0) {
    const after = uses[uses.length - 1].span.end;
    return { uri: req.uri, span: { start: after, end: after }, newText: `\n${indent}${line}` };
  }
  const brace = req.text.indexOf('{', container.name.span.end);
  if (brace < 0) return undefined;
  return { uri: req.uri, span: { start: brace + 1, end: brace + 1 }, newText: `\n${indent}${line}` };
}

function indentationOf(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

function didYouMean(req: CodeActionRequest, d: Diagnostic, candidates: readonly string[]): CodeFix[] {
  const name = nameIn(req, d.span);
  const limit = Math.max(1, Math.floor(name.length / 3));
  const scored = [...new Set(candidates)]
    .filter((c) => c !== name)
    .map((c) => ({ c, score: editDistance(name, c) }))
    .filter((x) => x.score <= limit)
    .sort((a, b) => a.score - b.score || a.c.localeCompare(b.c))
    .slice(0, 3);
  return scored.map(({ c }, i) => ({
    title: `Did you mean \`${c}\`?`,
    kind: 'quickfix',
    edits: [{ uri: req.uri, span: d.span, newText: c }],
    fixes: d,
    preferred: i === 0 && scored.length === 1,
  }));
}

function typeCandidates(req: CodeActionRequest, offset: number): string[] {
  const container = containerDefAt(req, offset);
  const local = typesIn(req.model, container).map((d) => d.name);
  return [...local, ...PRIMITIVE_TYPES];
}

/** Interface and world names of the package a path names (`ns:pkg/…`), or of the current package. */
function itemCandidates(req: CodeActionRequest, span: Span): string[] {
  const pkgRef = req.model.references.find((r) => r.kind === 'package' && r.uri === req.uri && r.target && r.span.end <= span.start
    && req.text.slice(r.span.end, span.start).trim() === '/');
  const pkg = pkgRef ? req.model.packages.find((p) => p.definition === pkgRef.target) : currentPackage(req);
  if (!pkg) return [];
  return [...pkg.interfaces.map((i) => i.definition.name), ...pkg.worlds.map((w) => w.definition.name)];
}

/** The names of the interface a `use` path names, for a misspelled name inside `.{…}`. */
function usePathCandidates(req: CodeActionRequest, span: Span): string[] {
  const useRef = req.model.references.find((r) => r.uri === req.uri && r.kind === 'interface' && r.span.end <= span.start && r.target
    && req.text.slice(r.span.end, span.start).includes('{') && !req.text.slice(r.span.end, span.start).includes(';'));
  const iface = useRef?.target;
  if (!iface) return [];
  return req.model.definitions.filter((d) => d.container === iface && (d.kind === 'type' || d.kind === 'resource' || d.kind === 'use')).map((d) => d.name);
}

function removeUnusedUse(req: CodeActionRequest, d: Diagnostic): CodeFix[] {
  const container = containerAt(req.ast, d.span.start);
  const use = container?.members.find((m): m is UseItem => m.kind === 'use' && m.span.start <= d.span.start && d.span.end <= m.span.end);
  if (!use) return [];
  const index = use.names.findIndex((n) => (n.alias ?? n.name).span.start === d.span.start);
  if (index < 0) return [];
  let span: Span;
  if (use.names.length === 1) {
    // The whole line: from the end of the previous line to the end of the item.
    const lineStart = req.text.lastIndexOf('\n', use.span.start - 1);
    span = { start: lineStart >= 0 ? lineStart : use.span.start, end: use.span.end };
  } else if (index < use.names.length - 1) {
    span = { start: use.names[index].span.start, end: use.names[index + 1].span.start };
  } else {
    span = { start: use.names[index - 1].span.end, end: use.names[index].span.end };
  }
  const name = nameIn(req, d.span);
  return [{ title: `Remove unused \`${name}\``, kind: 'quickfix', edits: [{ uri: req.uri, span, newText: '' }], fixes: d, preferred: true }];
}

function kebabFix(req: CodeActionRequest, d: Diagnostic): CodeFix[] {
  const name = nameIn(req, d.span);
  const kebab = toKebabCase(name);
  if (!kebab || kebab === name) return [];
  const renamed = rename(req.model, req.uri, req.text, d.span.start, kebab);
  const edits = renamed.kind === 'ok' && renamed.edits.length > 0 ? renamed.edits : [{ uri: req.uri, span: d.span, newText: kebab }];
  return [{ title: `Rename to \`${kebab}\``, kind: 'quickfix', edits, fixes: d, preferred: true }];
}

function sinceVersion(req: CodeActionRequest, fallback?: string): string | undefined {
  return currentPackage(req)?.version ?? fallback;
}

function addSinceForDeprecated(req: CodeActionRequest, d: Diagnostic): CodeFix[] {
  const deprecatedVersion = /version\s*=\s*([0-9][0-9A-Za-z.+-]*)/.exec(req.text.slice(d.span.start, d.span.end))?.[1];
  const version = sinceVersion(req, deprecatedVersion);
  if (!version) return [];
  const indent = indentationOf(req.text, d.span.start);
  return [{
    title: `Add \`@since(version = ${version})\``,
    kind: 'quickfix',
    edits: [{ uri: req.uri, span: { start: d.span.start, end: d.span.start }, newText: `@since(version = ${version})\n${indent}` }],
    fixes: d,
    preferred: true,
  }];
}

const GATEABLE = new Set(['interface', 'world', 'type', 'resource', 'function', 'method', 'static', 'constructor', 'import', 'export']);

function addSinceRefactor(req: CodeActionRequest): CodeFix[] {
  const def = req.model.definitions.find((d) => d.uri === req.uri && d.nameSpan.start <= req.range.start && req.range.start <= d.nameSpan.end);
  if (!def || !GATEABLE.has(def.kind) || def.gate.kind !== 'none') return [];
  const pkg = packageOf(req.model, def);
  if (!pkg?.version || !pkg.isRoot) return [];
  const versioned = req.model.definitions.some((d) => d.gate.kind === 'since' && pkg.uris.includes(d.uri));
  if (!versioned) return [];
  const indent = indentationOf(req.text, def.span.start);
  return [{
    title: `Add \`@since(version = ${pkg.version})\``,
    kind: 'refactor.rewrite',
    edits: [{ uri: req.uri, span: { start: def.span.start, end: def.span.start }, newText: `@since(version = ${pkg.version})\n${indent}` }],
  }];
}
