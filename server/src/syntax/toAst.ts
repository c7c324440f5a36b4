// Builds the typed AST (ast.ts) from the tree-sitter tree. Never throws: a construct that is too
// broken to represent is left out, and problems found on the way are recorded as diagnostics
// worded like wit-parser's. Errors of the tree itself (ERROR and MISSING nodes) come from
// syntaxErrors.ts, lexical errors from lexical.ts, and the first error's exact wording from
// firstError.ts; this module adds the checks that need the meaning of a node.
//
// Speed: every property read on a web-tree-sitter node is a call into wasm, so the builder reads
// only named children (fetched in bulk), their type and their end, and takes fields by position
// (the grammar fixes their order). With `reuse`, top-level items that an edit did not touch are
// taken from the previous AST (shifted) instead of being rebuilt.

import type { Node, Tree } from 'web-tree-sitter';
import type {
  Attribute, ConstructorItem, Diagnostic, Docs, ExternItem, Field, FuncItem, FuncType, Ident,
  ImportExport, IncludeItem, InterfaceItem, InterfaceMember, NamedCase, NestedPackage, PackageDecl,
  PackageName, Param, PrimitiveName, ResourceMember, SourceFile, Span, TopLevelItem, TopLevelUse,
  Type, TypeDef, UseItem, UseName, UsePath, VariantCase, WorldItem, WorldMember,
} from './ast';
import { replaySyntaxErrors } from './firstError';
import { identifierError } from './identifiers';
import { lexicalDiagnostics, Tokenizer } from './lexical';
import { syntaxErrorDiagnostics } from './syntaxErrors';

/** A top-level item as built, kept so that the next incremental parse can reuse it. */
export interface BuiltItem {
  readonly type: string;
  /** The item's range, extended back over the comments and space before it (its docs). */
  readonly start: number;
  readonly end: number;
  /** The item (undefined when it could not be represented) and its diagnostics. */
  readonly item: TopLevelItem | PackageDecl | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

/** What the previous parse left behind, and how its offsets map into the new text. */
export interface Reuse {
  readonly items: readonly BuiltItem[];
  /** The new offset of an old offset, or undefined when an edit touched it. */
  readonly map: (start: number, end: number) => { start: number; end: number } | undefined;
  /** Ranges (new offsets) whose parse changed, from tree-sitter. */
  readonly changed: readonly Span[];
}

export interface BuildResult {
  readonly ast: SourceFile;
  readonly items: readonly BuiltItem[];
}

export function buildSourceFile(uri: string, text: string, tree: Tree, reuse?: Reuse): BuildResult {
  const root = snap(tree.rootNode);
  const builder = new AstBuilder(text);
  const { file, items, diagnostics } = builder.sourceFile(uri, root, reuse);
  const top = children(root).filter((k) => !COMMENTS.has(k.type));
  const replayed = replaySyntaxErrors(text, top.filter((k) => k.type !== 'ERROR').map((k) => k.start));
  const first = replayed[0];
  // The replay lexed everything before its first error; lexical errors can only come later.
  const lexical = lexicalDiagnostics(text, first === undefined ? text.length : first.span.start);
  const replayStarts = new Set(replayed.map((e) => e.span.start));
  const regionOf = (offset: number): number => {
    let region = -1;
    for (const k of top) if (k.start <= offset) region = k.start;
    return region;
  };
  const brokenRegions = new Set(replayed.map((e) => regionOf(e.span.start)));
  // Tree errors are worded from tree-sitter's view; where the replay found the error of that
  // top-level item in wit-parser's own words, the replay's error replaces them.
  const treeErrors = syntaxErrorDiagnostics(text, tree).filter((d) => !brokenRegions.has(regionOf(d.span.start)) && !replayStarts.has(d.span.start));
  const others = [...lexical.inOrder, ...diagnostics].filter((d) => !replayStarts.has(d.span.start));
  const replayDiagnostics = replayed.map((e): Diagnostic => ({ span: e.span, message: e.message, severity: 'error', code: 'syntax' }));
  // wit-parser rejects forbidden code points before parsing, then stops at its first error.
  const ordered = [...lexical.upfront, ...replayDiagnostics.slice(0, 1), ...orderDiagnostics([...replayDiagnostics.slice(1), ...treeErrors, ...others])];
  return { ast: { ...file, diagnostics: ordered }, items };
}

/**
 * Sorts by position (so the first diagnostic is the one wit-parser, which stops at its first
 * error, would report) and drops exact duplicates found by two passes.
 */
export function orderDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const seen = new Set<string>();
  return sorted.filter((d) => {
    const key = `${d.span.start}:${d.span.end}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A named node with what the builder reads from it, read once. */
interface S {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly node: Node;
  /** The previous named sibling (comments included), for doc comments. */
  readonly prev?: S;
}

const PRIMITIVES: ReadonlySet<string> = new Set([
  'bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'string', 'error-context',
]);
const TYPE_NODES: ReadonlySet<string> = new Set([
  'primitive_type', 'named_type', 'list_type', 'option_type', 'result_type', 'tuple_type', 'map_type',
  'handle_type', 'future_type', 'stream_type',
]);
const TOP_LEVEL = ['package_decl', 'nested_package', 'toplevel_use', 'interface_item', 'world_item'];
const PACKAGE_BODY = ['toplevel_use', 'interface_item', 'world_item', 'nested_package'];
const TYPEDEFS = ['type_alias', 'record_item', 'variant_item', 'enum_item', 'flags_item', 'resource_item'];
const INTERFACE_MEMBERS = ['use_item', 'func_item', ...TYPEDEFS];
const WORLD_MEMBERS = ['import_item', 'export_item', 'include_item', 'use_item', ...TYPEDEFS];
const RESOURCE_MEMBERS = ['constructor_item', 'method_item', 'static_item'];
const COMMENTS: ReadonlySet<string> = new Set(['line_comment', 'block_comment']);
const MAX_U32 = 4294967295;
/** wit-parser rejects types nested 100 deep (`list<` ×100); the limit also bounds recursion here. */
const MAX_TYPE_DEPTH = 100;

class AstBuilder {
  private diagnostics: Diagnostic[] = [];

  constructor(private readonly text: string) {}

  // ------------------------------------------------------------------------------------------
  // Files and packages

  sourceFile(uri: string, root: S, reuse: Reuse | undefined): {
    file: Omit<SourceFile, 'diagnostics'>;
    items: BuiltItem[];
    diagnostics: Diagnostic[];
  } {
    const built: BuiltItem[] = [];
    const diagnostics: Diagnostic[] = [];
    const reusable = reuseIndex(reuse);
    let previousEnd = 0;
    for (const s of this.members(root, TOP_LEVEL)) {
      const gapStart = previousEnd;
      previousEnd = s.end;
      const old = reusable.get(`${s.type}:${gapStart}:${s.end}`);
      if (old !== undefined && !touches(reuse?.changed ?? [], gapStart, s.end)) {
        built.push(old);
        continue;
      }
      this.diagnostics = [];
      const item = s.type === 'package_decl' ? this.packageDecl(s) : this.topLevelItem(s);
      built.push({ type: s.type, start: gapStart, end: s.end, item, diagnostics: this.diagnostics });
    }
    let packageDecl: PackageDecl | undefined;
    const items: TopLevelItem[] = [];
    built.forEach((b, index) => {
      diagnostics.push(...b.diagnostics);
      if (b.item === undefined) return;
      if ('kind' in b.item) {
        items.push(b.item);
      } else if (index === 0) {
        packageDecl = b.item;
      } else {
        // wit-parser reads a later `package x:y` as the start of a nested package block.
        const semicolon = this.text.lastIndexOf(';', b.end - 1);
        if (semicolon >= b.item.name.span.end) {
          diagnostics.push(error({ start: semicolon, end: semicolon + 1 }, "expected '{', found ';'"));
        }
      }
    });
    return { file: { uri, packageDecl, items }, items: built, diagnostics };
  }

  private topLevelItem(s: S): TopLevelItem | undefined {
    switch (s.type) {
      case 'nested_package':
        return this.nestedPackage(s);
      case 'toplevel_use':
        return this.toplevelUse(s);
      case 'interface_item':
        return this.interfaceItem(s);
      case 'world_item':
        return this.worldItem(s);
      default:
        return undefined;
    }
  }

  private packageDecl(s: S): PackageDecl | undefined {
    const kids = children(s);
    const attributes = this.attributesOfPackage(s, kids);
    const name = this.packageName(find(kids, 'package_name'));
    if (name === undefined) return undefined;
    return { name, attributes, docs: this.docs(s), span: spanOf(s) };
  }

  private nestedPackage(s: S): NestedPackage | undefined {
    const kids = children(s);
    const attributes = this.attributesOfPackage(s, kids);
    const name = this.packageName(find(kids, 'package_name'));
    if (name === undefined) return undefined;
    const items: (InterfaceItem | WorldItem | TopLevelUse)[] = [];
    const body = find(kids, 'package_body');
    if (body !== undefined) {
      for (const child of this.members(body, PACKAGE_BODY)) {
        if (child.type === 'nested_package') {
          const keyword = this.keywordAfterAttributes(child);
          this.error(keyword, 'nested packages must be placed at the top-level');
          continue;
        }
        const item = this.topLevelItem(child);
        if (item !== undefined && item.kind !== 'package') items.push(item);
      }
    }
    return { kind: 'package', name, items, attributes, docs: this.docs(s), span: spanOf(s) };
  }

  /**
   * wit-parser takes `package` after attributes for a nested package (even the file's own
   * declaration) and rejects the attributes at the `package` keyword.
   */
  private attributesOfPackage(s: S, kids: readonly S[]): Attribute[] {
    const attributes = this.attributes(kids);
    if (attributes.length > 0) this.error(this.keywordAfterAttributes(s), 'cannot place attributes on nested packages');
    return attributes;
  }

  private packageName(s: S | undefined): PackageName | undefined {
    if (s === undefined) return undefined;
    const kids = children(s);
    const ids = all(kids, 'identifier');
    if (ids.length < 2) return undefined;
    const names = ids.map((id) => this.ident(id));
    const namespace = names[0];
    const segments = names.slice(1);
    if (ids.length > 2) {
      // WIT.md sketches nested namespaces (`ns:a:pkg`); wit-parser does not accept them yet.
      const colon = this.text.indexOf(':', ids[1].end);
      if (colon !== -1) this.error({ start: colon, end: colon + 1 }, "expected '{', found ':'");
    }
    return {
      namespace,
      nestedNamespaces: segments.slice(0, -1),
      name: segments[segments.length - 1],
      version: this.version(find(kids, 'version')),
      span: spanOf(s),
    };
  }

  private toplevelUse(s: S): TopLevelUse | undefined {
    const kids = children(s);
    const attributes = this.attributes(kids);
    if (attributes.length > 0) this.error(attributes[0].span, 'attributes not allowed on top-level use');
    const path = this.usePath(find(kids, 'use_path'));
    if (path === undefined) return undefined;
    const aliasNode = find(kids, 'identifier');
    const alias = aliasNode === undefined ? undefined : this.ident(aliasNode);
    return { kind: 'top-level-use', path, alias, attributes, docs: this.docs(s), span: spanOf(s) };
  }

  private usePath(s: S | undefined): UsePath | undefined {
    if (s === undefined) return undefined;
    const kids = children(s);
    const ids = all(kids, 'identifier');
    if (ids.length === 1) return { kind: 'local', name: this.ident(ids[0]), span: spanOf(s) };
    if (ids.length !== 3) return undefined;
    const [namespace, pkg, name] = ids.map((id) => this.ident(id));
    const packageName: PackageName = {
      namespace,
      nestedNamespaces: [],
      name: pkg,
      version: this.version(find(kids, 'version')),
      span: { start: namespace.span.start, end: pkg.span.end },
    };
    return { kind: 'package', package: packageName, name, span: spanOf(s) };
  }

  // ------------------------------------------------------------------------------------------
  // Interfaces

  private interfaceItem(s: S): InterfaceItem | undefined {
    const kids = children(s);
    const nameNode = find(kids, 'identifier');
    if (nameNode === undefined) return undefined;
    const body = find(kids, 'interface_body');
    const members = body === undefined ? [] : this.interfaceMembers(body);
    return { kind: 'interface', name: this.ident(nameNode), members, attributes: this.attributes(kids), docs: this.docs(s), span: spanOf(s) };
  }

  private interfaceMembers(body: S): InterfaceMember[] {
    const members: InterfaceMember[] = [];
    for (const s of this.members(body, INTERFACE_MEMBERS)) {
      const member = s.type === 'use_item' ? this.useItem(s) : s.type === 'func_item' ? this.funcItem(s) : this.typedef(s);
      if (member !== undefined) members.push(member);
    }
    return members;
  }

  private useItem(s: S): UseItem | undefined {
    const kids = children(s);
    const path = this.usePath(find(kids, 'use_path'));
    if (path === undefined) return undefined;
    const names: UseName[] = [];
    for (const child of this.members(s, ['use_name'])) {
      const ids = all(children(child), 'identifier');
      if (ids.length === 0) continue;
      names.push({ name: this.ident(ids[0]), alias: ids.length > 1 ? this.ident(ids[1]) : undefined, span: spanOf(child) });
    }
    return { kind: 'use', path, names, attributes: this.attributes(kids), docs: this.docs(s), span: spanOf(s) };
  }

  private funcItem(s: S): FuncItem | undefined {
    const kids = children(s);
    const nameNode = find(kids, 'identifier');
    const func = this.funcType(find(kids, 'func_type'));
    if (nameNode === undefined || func === undefined) return undefined;
    return { kind: 'func', name: this.ident(nameNode), func, attributes: this.attributes(kids), docs: this.docs(s), span: spanOf(s) };
  }

  private funcType(s: S | undefined): FuncType | undefined {
    if (s === undefined) return undefined;
    const kids = children(s);
    const paramList = find(kids, 'param_list');
    const resultNode = kids.find((k) => TYPE_NODES.has(k.type));
    return {
      async: this.text.startsWith('async', s.start),
      params: paramList === undefined ? [] : this.params(paramList),
      result: resultNode === undefined ? undefined : this.type(resultNode, 0),
      span: spanOf(s),
    };
  }

  private params(s: S): Param[] {
    const params: Param[] = [];
    for (const child of this.members(s, ['param'])) {
      const kids = children(child);
      const nameNode = find(kids, 'identifier');
      const type = this.type(kids.find((k) => TYPE_NODES.has(k.type)), 0);
      if (nameNode !== undefined && type !== undefined) params.push({ name: this.ident(nameNode), type, span: spanOf(child) });
    }
    return params;
  }

  // ------------------------------------------------------------------------------------------
  // Type definitions

  private typedef(s: S): TypeDef | undefined {
    const kids = children(s);
    const nameNode = find(kids, 'identifier');
    if (nameNode === undefined) return undefined;
    const base = { name: this.ident(nameNode), attributes: this.attributes(kids), docs: this.docs(s), span: spanOf(s) };
    switch (s.type) {
      case 'type_alias': {
        const type = this.type(kids.find((k) => TYPE_NODES.has(k.type)), 0);
        return type === undefined ? undefined : { kind: 'type', ...base, type };
      }
      case 'record_item': {
        const fields: Field[] = [];
        for (const child of this.members(s, ['record_field'])) {
          const k = children(child);
          const fieldName = find(k, 'identifier');
          const type = this.type(k.find((c) => TYPE_NODES.has(c.type)), 0);
          if (fieldName === undefined || type === undefined) continue;
          fields.push({ name: this.ident(fieldName), type, attributes: [], docs: this.docs(child), span: spanOf(child) });
        }
        return { kind: 'record', ...base, fields };
      }
      case 'variant_item': {
        const cases: VariantCase[] = [];
        for (const child of this.members(s, ['variant_case'])) {
          const k = children(child);
          const caseName = find(k, 'identifier');
          if (caseName === undefined) continue;
          const typeNode = k.find((c) => TYPE_NODES.has(c.type));
          const type = typeNode === undefined ? undefined : this.type(typeNode, 0);
          if (typeNode !== undefined && type === undefined) continue;
          cases.push({ name: this.ident(caseName), type, attributes: [], docs: this.docs(child), span: spanOf(child) });
        }
        return { kind: 'variant', ...base, cases };
      }
      case 'enum_item':
        return { kind: 'enum', ...base, cases: this.namedCases(s, 'enum_case') };
      case 'flags_item':
        return { kind: 'flags', ...base, flags: this.namedCases(s, 'flags_case') };
      case 'resource_item': {
        const body = find(kids, 'resource_body');
        const members = body === undefined ? [] : this.resourceMembers(body);
        return { kind: 'resource', ...base, hasBody: body !== undefined, members };
      }
      default:
        return undefined;
    }
  }

  private namedCases(s: S, type: string): NamedCase[] {
    const cases: NamedCase[] = [];
    for (const child of this.members(s, [type])) {
      const name = find(children(child), 'identifier');
      if (name !== undefined) cases.push({ name: this.ident(name), attributes: [], docs: this.docs(child), span: spanOf(child) });
    }
    return cases;
  }

  private resourceMembers(body: S): ResourceMember[] {
    const members: ResourceMember[] = [];
    for (const s of this.members(body, RESOURCE_MEMBERS)) {
      const kids = children(s);
      const attributes = this.attributes(kids);
      const docs = this.docs(s);
      if (s.type === 'constructor_item') {
        const paramList = find(kids, 'param_list');
        const resultNode = kids.find((k) => TYPE_NODES.has(k.type));
        const ctor: ConstructorItem = {
          kind: 'constructor',
          keywordSpan: this.keywordAfterAttributes(s),
          params: paramList === undefined ? [] : this.params(paramList),
          result: resultNode === undefined ? undefined : this.type(resultNode, 0),
          attributes,
          docs,
          span: spanOf(s),
        };
        members.push(ctor);
        continue;
      }
      const nameNode = find(kids, 'identifier');
      const func = this.funcType(find(kids, 'func_type'));
      if (nameNode === undefined || func === undefined) continue;
      const kind = s.type === 'static_item' ? 'static' : 'method';
      members.push({ kind, name: this.ident(nameNode), func, attributes, docs, span: spanOf(s) });
    }
    return members;
  }

  // ------------------------------------------------------------------------------------------
  // Types

  private type(s: S | undefined, depth: number): Type | undefined {
    if (s === undefined || !TYPE_NODES.has(s.type)) return undefined;
    const span = spanOf(s);
    if (depth >= MAX_TYPE_DEPTH) {
      this.error(span, 'type nesting too deep');
      return undefined;
    }
    if (s.type === 'primitive_type') {
      const name = this.text.slice(span.start, span.end);
      return PRIMITIVES.has(name) ? { kind: 'primitive', name: name as PrimitiveName, span } : undefined;
    }
    const kids = children(s);
    const types = kids.filter((k) => TYPE_NODES.has(k.type));
    const inner = (index: number): Type | undefined => this.type(types[index], depth + 1);
    switch (s.type) {
      case 'named_type': {
        const name = find(kids, 'identifier');
        return name === undefined ? undefined : { kind: 'named', name: this.ident(name), span };
      }
      case 'list_type': {
        const element = inner(0);
        if (element === undefined) return undefined;
        const sizeNode = find(kids, 'integer');
        if (sizeNode === undefined) return { kind: 'list', element, span };
        const size = { text: this.text.slice(sizeNode.start, sizeNode.end), span: spanOf(sizeNode) };
        if (Number(size.text) > MAX_U32) this.error(size.span, 'invalid list size: number too large to fit in target type');
        return { kind: 'list', element, size, span };
      }
      case 'option_type': {
        const value = inner(0);
        return value === undefined ? undefined : { kind: 'option', inner: value, span };
      }
      case 'result_type': {
        const converted = types.map((_, i) => inner(i));
        if (converted.some((t) => t === undefined)) return undefined;
        if (converted.length === 2) return { kind: 'result', ok: converted[0], err: converted[1], span };
        if (converted.length === 0) return { kind: 'result', span };
        return this.hasUnderscore(span.start, types[0].start)
          ? { kind: 'result', err: converted[0], span }
          : { kind: 'result', ok: converted[0], span };
      }
      case 'tuple_type': {
        const elements = types.map((_, i) => inner(i));
        return elements.every((t): t is Type => t !== undefined) ? { kind: 'tuple', elements, span } : undefined;
      }
      case 'map_type': {
        const key = inner(0);
        const value = inner(1);
        return key === undefined || value === undefined ? undefined : { kind: 'map', key, value, span };
      }
      case 'handle_type': {
        const resource = find(kids, 'identifier');
        if (resource === undefined) return undefined;
        return { kind: this.text.startsWith('borrow', span.start) ? 'borrow' : 'own', resource: this.ident(resource), span };
      }
      case 'future_type':
      case 'stream_type': {
        const value = types.length === 0 ? undefined : inner(0);
        if (types.length > 0 && value === undefined) return undefined;
        return { kind: s.type === 'future_type' ? 'future' : 'stream', inner: value, span };
      }
      default:
        return undefined;
    }
  }

  /** Whether `result<_, E>` (rather than `result<T>`) is written between `start` and `end`. */
  private hasUnderscore(start: number, end: number): boolean {
    const tokens = new Tokenizer(this.text.slice(0, end), start);
    for (let t = tokens.next(); t !== undefined; t = tokens.next()) {
      if (t.kind === 'keyword' && this.text[t.start] === '_' && t.end - t.start === 1) return true;
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------
  // Worlds

  private worldItem(s: S): WorldItem | undefined {
    const kids = children(s);
    const nameNode = find(kids, 'identifier');
    if (nameNode === undefined) return undefined;
    const members: WorldMember[] = [];
    const body = find(kids, 'world_body');
    if (body !== undefined) {
      for (const child of this.members(body, WORLD_MEMBERS)) {
        const member = this.worldMember(child);
        if (member !== undefined) members.push(member);
      }
    }
    return { kind: 'world', name: this.ident(nameNode), members, attributes: this.attributes(kids), docs: this.docs(s), span: spanOf(s) };
  }

  private worldMember(s: S): WorldMember | undefined {
    switch (s.type) {
      case 'import_item':
      case 'export_item':
        return this.importExport(s);
      case 'include_item':
        return this.includeItem(s);
      case 'use_item':
        return this.useItem(s);
      default:
        return this.typedef(s);
    }
  }

  private importExport(s: S): ImportExport | undefined {
    const kids = children(s);
    const attributes = this.attributes(kids);
    const parts = kids.filter((k) => k.type !== 'attribute');
    if (parts.length === 0) return undefined;
    const span = { start: parts[0].start, end: s.end };
    let item: ExternItem | undefined;
    if (parts[0].type === 'use_path') {
      const path = this.usePath(parts[0]);
      if (path !== undefined) item = { kind: 'path', path, span };
    } else if (parts[0].type === 'identifier' && parts.length > 1) {
      const name = this.ident(parts[0]);
      const target = parts[1];
      if (target.type === 'func_type') {
        const func = this.funcType(target);
        if (func !== undefined) item = { kind: 'func', name, func, span };
      } else if (target.type === 'inline_interface') {
        const body = find(children(target), 'interface_body');
        item = { kind: 'inline-interface', name, members: body === undefined ? [] : this.interfaceMembers(body), span };
      } else if (target.type === 'use_path') {
        const path = this.usePath(target);
        if (path !== undefined) item = { kind: 'path', path, name, span };
      }
    }
    if (item === undefined) return undefined;
    const kind = s.type === 'import_item' ? 'import' : 'export';
    return { kind, item, attributes, docs: this.docs(s), span: spanOf(s) };
  }

  private includeItem(s: S): IncludeItem | undefined {
    const kids = children(s);
    const path = this.usePath(find(kids, 'use_path'));
    if (path === undefined) return undefined;
    const renames: { from: Ident; to: Ident; span: Span }[] = [];
    for (const child of this.members(s, ['include_name'])) {
      const ids = all(children(child), 'identifier');
      if (ids.length === 2) renames.push({ from: this.ident(ids[0]), to: this.ident(ids[1]), span: spanOf(child) });
    }
    return { kind: 'include', path, with: renames, attributes: this.attributes(kids), docs: this.docs(s), span: spanOf(s) };
  }

  // ------------------------------------------------------------------------------------------
  // Names, versions, attributes, docs

  private ident(s: S): Ident {
    const span = spanOf(s);
    const raw = this.text.slice(span.start, span.end);
    const escaped = raw.startsWith('%');
    const name = escaped ? raw.slice(1) : raw;
    if (!escaped && name === 'from') {
      // `from` is reserved but appears in no rule, so the grammar lexes it as an identifier.
      this.error(span, 'expected an identifier or string, found keyword `from`');
    } else {
      const problem = identifierError(name);
      if (problem !== undefined) this.error(span, problem, 'invalid-identifier');
    }
    return { name, span };
  }

  private version(s: S | undefined): { text: string; span: Span } | undefined {
    return s === undefined ? undefined : { text: this.text.slice(s.start, s.end), span: spanOf(s) };
  }

  private attributes(kids: readonly S[]): Attribute[] {
    const attributes: Attribute[] = [];
    for (const kid of kids) {
      if (kid.type !== 'attribute') continue;
      const attribute = this.attribute(kid);
      if (attribute !== undefined) attributes.push(attribute);
    }
    return attributes;
  }

  private attribute(s: S): Attribute | undefined {
    const kids = children(s);
    const nameNode = kids[0]?.type === 'identifier' ? kids[0] : undefined;
    if (nameNode === undefined) return undefined;
    const name = this.text.slice(nameNode.start, nameNode.end);
    const nameSpan = { start: s.start, end: nameNode.end };
    const span = spanOf(s);
    const argument = kids[1];
    switch (name) {
      case 'since':
      case 'deprecated':
      case 'unstable': {
        const value = this.attributeField(s, argument, name === 'unstable' ? 'feature' : 'version');
        return value === undefined ? undefined : { kind: name, nameSpan, value, span };
      }
      case 'external-id': {
        if (argument === undefined || argument.type !== 'string') {
          const found = argument ?? this.closingParen(s);
          if (found !== undefined) this.error(spanOf(found), `expected a string literal, found ${this.describe(found)}`);
          return undefined;
        }
        const raw = this.text.slice(argument.start, argument.end);
        return { kind: 'external-id', nameSpan, value: { text: raw.slice(1, -1), span: spanOf(argument) }, span };
      }
      default:
        this.error(spanOf(nameNode), `unknown attribute \`${name}\``);
        return undefined;
    }
  }

  /** Reads `key = value` inside `@since(…)`, `@deprecated(…)` or `@unstable(…)`. */
  private attributeField(attribute: S, s: S | undefined, key: 'version' | 'feature'): { text: string; span: Span } | undefined {
    if (s === undefined || s.type !== 'attribute_field') {
      const found = s ?? this.closingParen(attribute);
      if (found !== undefined) this.error(spanOf(found), `expected an identifier or string, found ${this.describe(found)}`);
      return undefined;
    }
    const [keyNode, valueNode] = children(s);
    if (keyNode === undefined || valueNode === undefined) return undefined;
    const keyText = this.text.slice(keyNode.start, keyNode.end);
    if (keyText !== key) {
      this.error(spanOf(keyNode), `expected \`${key}\`, found \`${keyText}\``);
      return undefined;
    }
    if (key === 'version' && valueNode.type !== 'version') {
      this.error(spanOf(valueNode), `expected an integer, found ${this.describe(valueNode)}`);
      return undefined;
    }
    if (key === 'feature' && valueNode.type !== 'identifier') {
      this.error(spanOf(valueNode), `expected an identifier or string, found ${this.describe(valueNode)}`);
      return undefined;
    }
    if (key === 'feature') this.ident(valueNode);
    return { text: this.text.slice(valueNode.start, valueNode.end), span: spanOf(valueNode) };
  }

  /** The `)` closing an attribute, as a pseudo-node for `found ')'` messages. */
  private closingParen(attribute: S): S | undefined {
    const at = this.text.lastIndexOf(')', attribute.end - 1);
    return at >= attribute.start ? { type: ')', start: at, end: at + 1, node: attribute.node } : undefined;
  }

  /** How wit-parser names the token a named node starts with, for the checks made here. */
  private describe(s: S): string {
    switch (s.type) {
      case 'identifier':
        return this.text[s.start] === '%' ? "an '%' identifier" : 'an identifier';
      case 'string':
        return 'a string literal';
      case 'version':
      case 'integer':
        return 'an integer';
      case 'attribute_field':
        return 'an identifier';
      default:
        return `'${s.type}'`;
    }
  }

  /** The span of the first token after an item's attributes: its keyword. */
  private keywordAfterAttributes(s: S): Span {
    const attributes = children(s).filter((k) => k.type === 'attribute');
    const from = attributes.length === 0 ? s.start : attributes[attributes.length - 1].end;
    const token = new Tokenizer(this.text, from).next();
    if (token === undefined || token.kind === 'error' || token.start >= s.end) return { start: s.start, end: s.start };
    return { start: token.start, end: token.end };
  }

  /**
   * Doc comments (`///` lines, `/** … *\/` blocks) directly before an item, as wit-parser
   * collects them: the comments between the previous token and the item; plain comments are
   * skipped.
   */
  private docs(s: S): Docs | undefined {
    const comments: { start: number; end: number }[] = [];
    for (let sibling = s.prev; sibling !== undefined && COMMENTS.has(sibling.type); sibling = sibling.prev) {
      // Only comments with nothing but whitespace between them and the item count.
      const next = comments.length === 0 ? s.start : comments[comments.length - 1].start;
      if (this.text.slice(sibling.end, next).trim() !== '') break;
      comments.push({ start: sibling.start, end: sibling.end });
    }
    if (comments.length === 0) return undefined;
    comments.reverse();
    const lines: string[] = [];
    let span: Span | undefined;
    for (const comment of comments) {
      const raw = this.text.slice(comment.start, comment.end);
      if (raw.startsWith('///')) {
        lines.push(raw.slice(3).trimEnd());
      } else if (raw.startsWith('/**') && raw !== '/**/' && raw.endsWith('*/')) {
        for (const line of raw.slice(3, -2).split(/\r?\n/)) lines.push(line.trimEnd());
      } else {
        continue;
      }
      span = { start: span?.start ?? comment.start, end: comment.end };
    }
    return span === undefined ? undefined : { text: lines.join('\n'), span };
  }

  // ------------------------------------------------------------------------------------------
  // Helpers

  /**
   * The named children of `s` whose type is one of `types`, looking inside ERROR nodes too:
   * tree-sitter's recovery often wraps an intact item in an ERROR, and keeping such items gives
   * later stages (and the user) as much of the file as possible.
   */
  private members(s: S, types: readonly string[]): S[] {
    const out: S[] = [];
    const pending: S[][] = [children(s)];
    // An explicit stack: ERROR nodes can nest deeply in hostile input.
    while (pending.length > 0) {
      const list = pending.pop() as S[];
      for (let i = 0; i < list.length; i++) {
        const kid = list[i];
        if (kid.type === 'ERROR') {
          pending.push(list.slice(i + 1), children(kid));
          break;
        }
        if (types.includes(kid.type)) out.push(kid);
      }
    }
    return out;
  }

  private error(span: Span, message: string, code = 'syntax'): void {
    this.diagnostics.push(error(span, message, code));
  }
}

function error(span: Span, message: string, code = 'syntax'): Diagnostic {
  return { span, message, severity: 'error', code };
}

function snap(node: Node): S {
  return { type: node.type, start: node.startIndex, end: node.endIndex, node };
}

/**
 * The named children of a node, without MISSING ones (zero-width: the grammar has no rule that
 * matches nothing) but with comments and ERROR nodes.
 */
function children(s: S): S[] {
  const out: S[] = [];
  let prev: S | undefined;
  for (const child of s.node.namedChildren) {
    const end = child.endIndex;
    if (end === child.startIndex) continue;
    prev = { type: child.type, start: child.startIndex, end, node: child, prev };
    out.push(prev);
  }
  return out;
}

function find(kids: readonly S[], type: string): S | undefined {
  return kids.find((k) => k.type === type);
}

function all(kids: readonly S[], type: string): S[] {
  return kids.filter((k) => k.type === type);
}

function spanOf(s: { start: number; end: number }): Span {
  return { start: s.start, end: s.end };
}

/** The previous items that an incremental parse may take over, keyed by type and new range. */
function reuseIndex(reuse: Reuse | undefined): Map<string, BuiltItem> {
  const index = new Map<string, BuiltItem>();
  if (reuse === undefined) return index;
  for (const old of reuse.items) {
    const moved = reuse.map(old.start, old.end);
    if (moved === undefined) continue;
    const delta = moved.start - old.start;
    index.set(`${old.type}:${moved.start}:${moved.end}`, {
      ...old,
      start: moved.start,
      end: moved.end,
      item: delta === 0 ? old.item : shift(old.item, delta),
      diagnostics: delta === 0 ? old.diagnostics : shift(old.diagnostics, delta),
    });
  }
  return index;
}

function touches(ranges: readonly Span[], start: number, end: number): boolean {
  return ranges.some((r) => r.start <= end && r.end >= start);
}

/** A copy of plain AST data with every span moved by `delta` (strings are shared, not copied). */
function shift<T>(value: T, delta: number): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = shift(value[i], delta);
    return copy as T;
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in source) {
    const v = source[key];
    out[key] = typeof v === 'number' && (key === 'start' || key === 'end') ? v + delta : shift(v, delta);
  }
  return out as T;
}
