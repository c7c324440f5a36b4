// Builds the typed AST (ast.ts) from the tree-sitter tree. Never throws: a construct that is too
// broken to represent is left out, and every problem found on the way is recorded as a
// diagnostic worded like wit-parser's. Errors of the tree itself (ERROR and MISSING nodes) and
// lexical errors are found by syntaxErrors.ts and lexical.ts; this module adds the checks that
// need the meaning of a node (identifiers, attributes, list sizes, misplaced declarations).

import type { Node, Tree } from 'web-tree-sitter';
import type {
  Attribute, ConstructorItem, Diagnostic, Docs, EnumDef, ExternItem, Field, FlagsDef, FuncItem,
  FuncType, Ident, ImportExport, IncludeItem, InterfaceItem, InterfaceMember, MethodItem,
  NamedCase, NestedPackage, PackageDecl, PackageName, Param, PrimitiveName, RecordDef,
  ResourceDef, ResourceMember, SourceFile, Span, TopLevelItem, TopLevelUse, Type, TypeAlias,
  TypeDef, UseItem, UseName, UsePath, VariantCase, VariantDef, WorldItem, WorldMember,
} from './ast';
import { identifierError } from './identifiers';
import { firstSyntaxError } from './firstError';
import { lexicalDiagnostics } from './lexical';
import { syntaxErrorDiagnostics } from './syntaxErrors';

export function buildSourceFile(uri: string, text: string, tree: Tree): SourceFile {
  const builder = new AstBuilder(text);
  const file = builder.sourceFile(uri, tree.rootNode);
  const lexical = lexicalDiagnostics(text);
  const first = firstSyntaxError(text);
  let rest = [...lexical.inOrder, ...syntaxErrorDiagnostics(text, tree), ...builder.diagnostics];
  if (first !== undefined) {
    // Up to its first error wit-parser accepted the text, so tree errors before it are artefacts
    // of our grammar, and an error at the same token is the same mistake in other words.
    rest = rest.filter((d) => d.span.start > first.span.start || (d.code !== 'syntax' && d.code !== 'lexical' && d.span.start !== first.span.start));
  }
  // wit-parser rejects forbidden code points before parsing, then stops at its first error.
  const firstDiagnostic: Diagnostic[] = first === undefined ? [] : [{ span: first.span, message: first.message, severity: 'error', code: 'syntax' }];
  return { ...file, diagnostics: [...lexical.upfront, ...firstDiagnostic, ...orderDiagnostics(rest)] };
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

/** A child of a node together with its field name. */
interface Kid {
  readonly field: string | null;
  readonly node: Node;
}

const PRIMITIVES: ReadonlySet<string> = new Set([
  'bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'f32', 'f64', 'char', 'string',
  'error-context',
]);

const TOP_LEVEL = ['package_decl', 'nested_package', 'toplevel_use', 'interface_item', 'world_item'];
const PACKAGE_BODY = ['toplevel_use', 'interface_item', 'world_item', 'nested_package'];
const TYPEDEFS = ['type_alias', 'record_item', 'variant_item', 'enum_item', 'flags_item', 'resource_item'];
const INTERFACE_MEMBERS = ['use_item', 'func_item', ...TYPEDEFS];
const WORLD_MEMBERS = ['import_item', 'export_item', 'include_item', 'use_item', ...TYPEDEFS];
const RESOURCE_MEMBERS = ['constructor_item', 'method_item', 'static_item'];
const MAX_U32 = 4294967295;
/** wit-parser rejects types nested 100 deep (`list<` ×100). */
const MAX_TYPE_DEPTH = 100;

class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly text: string) {}

  // ------------------------------------------------------------------------------------------
  // Files and packages

  sourceFile(uri: string, root: Node): Omit<SourceFile, 'diagnostics'> {
    let packageDecl: PackageDecl | undefined;
    const items: TopLevelItem[] = [];
    let first = true;
    for (const node of this.members(root, TOP_LEVEL)) {
      if (node.type === 'package_decl') {
        const decl = this.packageDecl(node);
        if (first && decl !== undefined) {
          packageDecl = decl;
        } else {
          // wit-parser reads a later `package x:y` as the start of a nested package block.
          const semicolon = lastChild(node);
          if (semicolon !== undefined && !semicolon.isMissing) {
            this.error(spanOf(semicolon), "expected '{', found ';'", 'syntax');
          }
        }
      } else {
        const item = this.topLevelItem(node);
        if (item !== undefined) items.push(item);
      }
      first = false;
    }
    return { uri, packageDecl, items };
  }

  private topLevelItem(node: Node): TopLevelItem | undefined {
    switch (node.type) {
      case 'nested_package':
        return this.nestedPackage(node);
      case 'toplevel_use':
        return this.toplevelUse(node);
      case 'interface_item':
        return this.interfaceItem(node);
      case 'world_item':
        return this.worldItem(node);
      default:
        return undefined;
    }
  }

  private packageDecl(node: Node): PackageDecl | undefined {
    const kids = childrenOf(node);
    const attributes = this.attributesOfPackage(kids);
    const name = this.packageName(field(kids, 'name'));
    if (name === undefined) return undefined;
    return { name, attributes, docs: this.docs(node), span: spanOf(node) };
  }

  private nestedPackage(node: Node): NestedPackage | undefined {
    const kids = childrenOf(node);
    const attributes = this.attributesOfPackage(kids);
    const name = this.packageName(field(kids, 'name'));
    if (name === undefined) return undefined;
    const items: (InterfaceItem | WorldItem | TopLevelUse)[] = [];
    const body = field(kids, 'body');
    if (body !== undefined) {
      for (const child of this.members(body, PACKAGE_BODY)) {
        if (child.type === 'nested_package') {
          const keyword = childrenOf(child).find((k) => k.node.type === 'package');
          this.error(spanOf(keyword?.node ?? child), 'nested packages must be placed at the top-level', 'syntax');
          continue;
        }
        const item = this.topLevelItem(child);
        if (item !== undefined && item.kind !== 'package') items.push(item);
      }
    }
    return { kind: 'package', name, items, attributes, docs: this.docs(node), span: spanOf(node) };
  }

  /**
   * wit-parser takes `package` after attributes for a nested package (even the file's own
   * declaration) and rejects the attributes at the `package` keyword.
   */
  private attributesOfPackage(kids: readonly Kid[]): Attribute[] {
    const attributes = this.attributes(kids);
    const keyword = kids.find((k) => k.node.type === 'package')?.node;
    if (attributes.length > 0 && keyword !== undefined) {
      this.error(spanOf(keyword), 'cannot place attributes on nested packages', 'syntax');
    }
    return attributes;
  }

  private packageName(node: Node | undefined): PackageName | undefined {
    if (node === undefined || node.isMissing) return undefined;
    const kids = childrenOf(node);
    const namespace = this.ident(field(kids, 'namespace'));
    const segments = fields(kids, 'segment').map((n) => this.ident(n));
    if (namespace === undefined || segments.length === 0 || segments.some((s) => s === undefined)) return undefined;
    const names = segments as Ident[];
    if (names.length > 1) {
      // WIT.md sketches nested namespaces (`ns:a:pkg`); wit-parser does not accept them yet.
      const colon = kids.filter((k) => k.node.type === ':')[1];
      if (colon !== undefined) this.error(spanOf(colon.node), "expected '{', found ':'", 'syntax');
    }
    return {
      namespace,
      nestedNamespaces: names.slice(0, -1),
      name: names[names.length - 1],
      version: this.version(field(kids, 'version')),
      span: spanOf(node),
    };
  }

  private toplevelUse(node: Node): TopLevelUse | undefined {
    const kids = childrenOf(node);
    const attributes = this.attributes(kids);
    if (attributes.length > 0) this.error(attributes[0].span, 'attributes not allowed on top-level use', 'syntax');
    const path = this.usePath(field(kids, 'path'));
    if (path === undefined) return undefined;
    const aliasNode = field(kids, 'alias');
    const alias = aliasNode === undefined ? undefined : this.ident(aliasNode);
    return { kind: 'top-level-use', path, alias, attributes, docs: this.docs(node), span: spanOf(node) };
  }

  private usePath(node: Node | undefined): UsePath | undefined {
    if (node === undefined || node.isMissing) return undefined;
    const kids = childrenOf(node);
    const name = this.ident(field(kids, 'name'));
    if (name === undefined) return undefined;
    const namespaceNode = field(kids, 'namespace');
    if (namespaceNode === undefined) return { kind: 'local', name, span: spanOf(node) };
    const namespace = this.ident(namespaceNode);
    const packageNode = field(kids, 'package');
    const pkg = this.ident(packageNode);
    if (namespace === undefined || pkg === undefined || packageNode === undefined) return undefined;
    const version = this.version(field(kids, 'version'));
    const packageName: PackageName = {
      namespace,
      nestedNamespaces: [],
      name: pkg,
      version,
      span: { start: namespace.span.start, end: pkg.span.end },
    };
    return { kind: 'package', package: packageName, name, span: spanOf(node) };
  }

  // ------------------------------------------------------------------------------------------
  // Interfaces

  private interfaceItem(node: Node): InterfaceItem | undefined {
    const kids = childrenOf(node);
    const name = this.ident(field(kids, 'name'));
    if (name === undefined) return undefined;
    const body = field(kids, 'body');
    const members = body === undefined ? [] : this.interfaceMembers(body);
    return { kind: 'interface', name, members, attributes: this.attributes(kids), docs: this.docs(node), span: spanOf(node) };
  }

  private interfaceMembers(body: Node): InterfaceMember[] {
    const members: InterfaceMember[] = [];
    for (const node of this.members(body, INTERFACE_MEMBERS)) {
      const member = node.type === 'use_item' ? this.useItem(node) : node.type === 'func_item' ? this.funcItem(node) : this.typedef(node);
      if (member !== undefined) members.push(member);
    }
    return members;
  }

  private useItem(node: Node): UseItem | undefined {
    const kids = childrenOf(node);
    const path = this.usePath(field(kids, 'path'));
    if (path === undefined) return undefined;
    const names: UseName[] = [];
    for (const child of this.members(node, ['use_name'])) {
      const k = childrenOf(child);
      const name = this.ident(field(k, 'name'));
      if (name === undefined) continue;
      const aliasNode = field(k, 'alias');
      const alias = aliasNode === undefined ? undefined : this.ident(aliasNode);
      names.push({ name, alias, span: spanOf(child) });
    }
    return { kind: 'use', path, names, attributes: this.attributes(kids), docs: this.docs(node), span: spanOf(node) };
  }

  private funcItem(node: Node): FuncItem | undefined {
    const kids = childrenOf(node);
    const name = this.ident(field(kids, 'name'));
    const func = this.funcType(field(kids, 'type'));
    if (name === undefined || func === undefined) return undefined;
    return { kind: 'func', name, func, attributes: this.attributes(kids), docs: this.docs(node), span: spanOf(node) };
  }

  private funcType(node: Node | undefined): FuncType | undefined {
    if (node === undefined || node.isMissing) return undefined;
    const kids = childrenOf(node);
    const paramsNode = field(kids, 'params');
    return {
      async: field(kids, 'async') !== undefined,
      params: paramsNode === undefined ? [] : this.params(paramsNode),
      result: this.optionalType(field(kids, 'result')),
      span: spanOf(node),
    };
  }

  private params(node: Node): Param[] {
    const params: Param[] = [];
    for (const child of this.members(node, ['param'])) {
      const k = childrenOf(child);
      const name = this.ident(field(k, 'name'));
      const type = this.type(field(k, 'type'));
      if (name !== undefined && type !== undefined) params.push({ name, type, span: spanOf(child) });
    }
    return params;
  }

  // ------------------------------------------------------------------------------------------
  // Type definitions

  private typedef(node: Node): TypeDef | undefined {
    const kids = childrenOf(node);
    const name = this.ident(field(kids, 'name'));
    if (name === undefined) return undefined;
    const base = { name, attributes: this.attributes(kids), docs: this.docs(node), span: spanOf(node) };
    switch (node.type) {
      case 'type_alias': {
        const type = this.type(field(kids, 'type'));
        return type === undefined ? undefined : ({ kind: 'type', ...base, type } satisfies TypeAlias);
      }
      case 'record_item': {
        const fields: Field[] = [];
        for (const child of this.members(node, ['record_field'])) {
          const k = childrenOf(child);
          const fieldName = this.ident(field(k, 'name'));
          const type = this.type(field(k, 'type'));
          if (fieldName === undefined || type === undefined) continue;
          fields.push({ name: fieldName, type, attributes: this.attributes(k), docs: this.docs(child), span: spanOf(child) });
        }
        return { kind: 'record', ...base, fields } satisfies RecordDef;
      }
      case 'variant_item': {
        const cases: VariantCase[] = [];
        for (const child of this.members(node, ['variant_case'])) {
          const k = childrenOf(child);
          const caseName = this.ident(field(k, 'name'));
          if (caseName === undefined) continue;
          const typeNode = field(k, 'type');
          const type = typeNode === undefined ? undefined : this.type(typeNode);
          cases.push({ name: caseName, type, attributes: this.attributes(k), docs: this.docs(child), span: spanOf(child) });
        }
        return { kind: 'variant', ...base, cases } satisfies VariantDef;
      }
      case 'enum_item':
        return { kind: 'enum', ...base, cases: this.namedCases(node, 'enum_case') } satisfies EnumDef;
      case 'flags_item':
        return { kind: 'flags', ...base, flags: this.namedCases(node, 'flags_case') } satisfies FlagsDef;
      case 'resource_item': {
        const body = field(kids, 'body');
        const members = body === undefined ? [] : this.resourceMembers(body);
        return { kind: 'resource', ...base, hasBody: body !== undefined, members } satisfies ResourceDef;
      }
      default:
        return undefined;
    }
  }

  private namedCases(node: Node, type: string): NamedCase[] {
    const cases: NamedCase[] = [];
    for (const child of this.members(node, [type])) {
      const k = childrenOf(child);
      const name = this.ident(field(k, 'name'));
      if (name !== undefined) cases.push({ name, attributes: this.attributes(k), docs: this.docs(child), span: spanOf(child) });
    }
    return cases;
  }

  private resourceMembers(body: Node): ResourceMember[] {
    const members: ResourceMember[] = [];
    for (const node of this.members(body, RESOURCE_MEMBERS)) {
      const kids = childrenOf(node);
      const attributes = this.attributes(kids);
      const docs = this.docs(node);
      if (node.type === 'constructor_item') {
        const keyword = field(kids, 'keyword');
        const paramsNode = field(kids, 'params');
        if (keyword === undefined) continue;
        const ctor: ConstructorItem = {
          kind: 'constructor',
          keywordSpan: spanOf(keyword),
          params: paramsNode === undefined ? [] : this.params(paramsNode),
          result: this.optionalType(field(kids, 'result')),
          attributes,
          docs,
          span: spanOf(node),
        };
        members.push(ctor);
        continue;
      }
      const name = this.ident(field(kids, 'name'));
      const func = this.funcType(field(kids, 'type'));
      if (name === undefined || func === undefined) continue;
      const kind = node.type === 'static_item' ? 'static' : 'method';
      members.push({ kind, name, func, attributes, docs, span: spanOf(node) } satisfies MethodItem);
    }
    return members;
  }

  // ------------------------------------------------------------------------------------------
  // Types

  /** A type that may be absent (function results); absent and unreadable are both undefined. */
  private optionalType(node: Node | undefined): Type | undefined {
    return node === undefined ? undefined : this.type(node);
  }

  private type(node: Node | undefined, depth = 0): Type | undefined {
    if (node === undefined || node.isMissing || node.isError) return undefined;
    const span = spanOf(node);
    if (depth >= MAX_TYPE_DEPTH) {
      // wit-parser's limit; it also keeps this recursion far from the JavaScript stack limit.
      this.error(span, 'type nesting too deep', 'syntax');
      return undefined;
    }
    const sub = (child: Node | undefined): Type | undefined => this.type(child, depth + 1);
    switch (node.type) {
      case 'primitive_type': {
        const name = this.text.slice(span.start, span.end);
        return PRIMITIVES.has(name) ? { kind: 'primitive', name: name as PrimitiveName, span } : undefined;
      }
      case 'named_type': {
        const name = this.ident(field(childrenOf(node), 'name'));
        return name === undefined ? undefined : { kind: 'named', name, span };
      }
      case 'list_type': {
        const kids = childrenOf(node);
        const element = sub(field(kids, 'element'));
        if (element === undefined) return undefined;
        const sizeNode = field(kids, 'size');
        if (sizeNode === undefined || sizeNode.isMissing) return { kind: 'list', element, span };
        const size = { text: this.text.slice(sizeNode.startIndex, sizeNode.endIndex), span: spanOf(sizeNode) };
        if (Number(size.text) > MAX_U32) {
          this.error(size.span, 'invalid list size: number too large to fit in target type', 'syntax');
        }
        return { kind: 'list', element, size, span };
      }
      case 'option_type': {
        const inner = sub(field(childrenOf(node), 'inner'));
        return inner === undefined ? undefined : { kind: 'option', inner, span };
      }
      case 'result_type': {
        const kids = childrenOf(node);
        const okNode = field(kids, 'ok');
        const errNode = field(kids, 'err');
        const ok = okNode === undefined ? undefined : sub(okNode);
        const err = errNode === undefined ? undefined : sub(errNode);
        if ((okNode !== undefined && ok === undefined) || (errNode !== undefined && err === undefined)) return undefined;
        return { kind: 'result', ok, err, span };
      }
      case 'tuple_type': {
        const elements: Type[] = [];
        for (const child of fields(childrenOf(node), 'element')) {
          const element = sub(child);
          if (element === undefined) return undefined;
          elements.push(element);
        }
        return { kind: 'tuple', elements, span };
      }
      case 'map_type': {
        const kids = childrenOf(node);
        const key = sub(field(kids, 'key'));
        const value = sub(field(kids, 'value'));
        return key === undefined || value === undefined ? undefined : { kind: 'map', key, value, span };
      }
      case 'handle_type': {
        const kids = childrenOf(node);
        const kindNode = field(kids, 'kind');
        const resource = this.ident(field(kids, 'resource'));
        if (kindNode === undefined || resource === undefined) return undefined;
        return { kind: kindNode.type === 'borrow' ? 'borrow' : 'own', resource, span };
      }
      case 'future_type':
      case 'stream_type': {
        const innerNode = field(childrenOf(node), 'inner');
        const inner = innerNode === undefined ? undefined : sub(innerNode);
        if (innerNode !== undefined && inner === undefined) return undefined;
        return { kind: node.type === 'future_type' ? 'future' : 'stream', inner, span };
      }
      default:
        return undefined;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Worlds

  private worldItem(node: Node): WorldItem | undefined {
    const kids = childrenOf(node);
    const name = this.ident(field(kids, 'name'));
    if (name === undefined) return undefined;
    const members: WorldMember[] = [];
    const body = field(kids, 'body');
    if (body !== undefined) {
      for (const child of this.members(body, WORLD_MEMBERS)) {
        const member = this.worldMember(child);
        if (member !== undefined) members.push(member);
      }
    }
    return { kind: 'world', name, members, attributes: this.attributes(kids), docs: this.docs(node), span: spanOf(node) };
  }

  private worldMember(node: Node): WorldMember | undefined {
    switch (node.type) {
      case 'import_item':
      case 'export_item':
        return this.importExport(node);
      case 'include_item':
        return this.includeItem(node);
      case 'use_item':
        return this.useItem(node);
      default:
        return this.typedef(node);
    }
  }

  private importExport(node: Node): ImportExport | undefined {
    const kids = childrenOf(node);
    const nameNode = field(kids, 'name');
    const pathNode = field(kids, 'path');
    const start = (nameNode ?? pathNode)?.startIndex;
    if (start === undefined) return undefined;
    const span = { start, end: node.endIndex };
    let item: ExternItem | undefined;
    const funcNode = field(kids, 'func');
    const inlineNode = field(kids, 'interface');
    if (nameNode !== undefined) {
      const name = this.ident(nameNode);
      if (name === undefined) return undefined;
      if (funcNode !== undefined) {
        const func = this.funcType(funcNode);
        if (func !== undefined) item = { kind: 'func', name, func, span };
      } else if (inlineNode !== undefined) {
        const body = field(childrenOf(inlineNode), 'body');
        item = { kind: 'inline-interface', name, members: body === undefined ? [] : this.interfaceMembers(body), span };
      } else {
        const path = this.usePath(pathNode);
        if (path !== undefined) item = { kind: 'path', path, name, span };
      }
    } else {
      const path = this.usePath(pathNode);
      if (path !== undefined) item = { kind: 'path', path, span };
    }
    if (item === undefined) return undefined;
    const kind = node.type === 'import_item' ? 'import' : 'export';
    return { kind, item, attributes: this.attributes(kids), docs: this.docs(node), span: spanOf(node) };
  }

  private includeItem(node: Node): IncludeItem | undefined {
    const kids = childrenOf(node);
    const path = this.usePath(field(kids, 'path'));
    if (path === undefined) return undefined;
    const renames: { from: Ident; to: Ident; span: Span }[] = [];
    for (const child of this.members(node, ['include_name'])) {
      const k = childrenOf(child);
      const from = this.ident(field(k, 'from'));
      const to = this.ident(field(k, 'to'));
      if (from !== undefined && to !== undefined) renames.push({ from, to, span: spanOf(child) });
    }
    return { kind: 'include', path, with: renames, attributes: this.attributes(kids), docs: this.docs(node), span: spanOf(node) };
  }

  // ------------------------------------------------------------------------------------------
  // Names, versions, attributes, docs

  private ident(node: Node | undefined): Ident | undefined {
    if (node === undefined || node.isMissing || node.type !== 'identifier') return undefined;
    const span = spanOf(node);
    const raw = this.text.slice(span.start, span.end);
    const escaped = raw.startsWith('%');
    const name = escaped ? raw.slice(1) : raw;
    if (!escaped && name === 'from') {
      // `from` is reserved but appears in no rule, so the grammar lexes it as an identifier.
      this.error(span, 'expected an identifier or string, found keyword `from`', 'syntax');
    } else {
      const problem = identifierError(name);
      if (problem !== undefined) this.error(span, problem, 'invalid-identifier');
    }
    return { name, span };
  }

  private version(node: Node | undefined): { text: string; span: Span } | undefined {
    if (node === undefined || node.isMissing || node.type !== 'version') return undefined;
    const span = spanOf(node);
    return { text: this.text.slice(span.start, span.end), span };
  }

  private attributes(kids: readonly Kid[]): Attribute[] {
    const attributes: Attribute[] = [];
    for (const kid of kids) {
      if (kid.node.type !== 'attribute') continue;
      const attribute = this.attribute(kid.node);
      if (attribute !== undefined) attributes.push(attribute);
    }
    return attributes;
  }

  private attribute(node: Node): Attribute | undefined {
    const kids = childrenOf(node);
    const nameNode = field(kids, 'name');
    if (nameNode === undefined || nameNode.isMissing) return undefined;
    const name = this.text.slice(nameNode.startIndex, nameNode.endIndex);
    const nameSpan = { start: node.startIndex, end: nameNode.endIndex };
    const span = spanOf(node);
    const argument = field(kids, 'argument');
    switch (name) {
      case 'since':
      case 'deprecated':
      case 'unstable': {
        const key = name === 'unstable' ? 'feature' : 'version';
        const value = this.attributeField(argument, key);
        return value === undefined ? undefined : { kind: name, nameSpan, value, span };
      }
      case 'external-id': {
        if (argument === undefined || argument.type !== 'string') {
          const found = argument === undefined ? kids.find((k) => k.node.type === ')')?.node : argument;
          if (found !== undefined && !found.isMissing) {
            this.error(spanOf(found), `expected a string literal, found ${describeNode(found)}`, 'syntax');
          }
          return undefined;
        }
        const raw = this.text.slice(argument.startIndex, argument.endIndex);
        return { kind: 'external-id', nameSpan, value: { text: raw.slice(1, -1), span: spanOf(argument) }, span };
      }
      default:
        this.error(spanOf(nameNode), `unknown attribute \`${name}\``, 'syntax');
        return undefined;
    }
  }

  /** Reads `key = value` inside `@since(…)`, `@deprecated(…)` or `@unstable(…)`. */
  private attributeField(node: Node | undefined, key: 'version' | 'feature'): { text: string; span: Span } | undefined {
    if (node === undefined || node.type !== 'attribute_field') {
      if (node !== undefined) this.error(spanOf(node), `expected an identifier or string, found ${describeNode(node)}`, 'syntax');
      return undefined;
    }
    const kids = childrenOf(node);
    const keyNode = field(kids, 'key');
    const valueNode = field(kids, 'value');
    if (keyNode === undefined || valueNode === undefined || keyNode.isMissing || valueNode.isMissing) return undefined;
    const keyText = this.text.slice(keyNode.startIndex, keyNode.endIndex);
    if (keyText !== key) {
      this.error(spanOf(keyNode), `expected \`${key}\`, found \`${keyText}\``, 'syntax');
      return undefined;
    }
    if (key === 'version' && valueNode.type !== 'version') {
      this.error(spanOf(valueNode), `expected an integer, found ${describeNode(valueNode)}`, 'syntax');
      return undefined;
    }
    if (key === 'feature' && valueNode.type !== 'identifier') {
      this.error(spanOf(valueNode), `expected an identifier or string, found ${describeNode(valueNode)}`, 'syntax');
      return undefined;
    }
    if (key === 'feature') this.ident(valueNode);
    return { text: this.text.slice(valueNode.startIndex, valueNode.endIndex), span: spanOf(valueNode) };
  }

  /**
   * Doc comments (`///` lines, `/** … *\/` blocks) directly before `node`, as wit-parser collects
   * them: every comment between the previous token and the item; plain comments are skipped.
   */
  private docs(node: Node): Docs | undefined {
    const comments: Node[] = [];
    for (let sibling = node.previousSibling; sibling !== null; sibling = sibling.previousSibling) {
      if (sibling.type !== 'line_comment' && sibling.type !== 'block_comment') break;
      comments.push(sibling);
    }
    if (comments.length === 0) return undefined;
    comments.reverse();
    const lines: string[] = [];
    let span: Span | undefined;
    for (const comment of comments) {
      const raw = this.text.slice(comment.startIndex, comment.endIndex);
      if (raw.startsWith('///')) {
        lines.push(raw.slice(3).trimEnd());
      } else if (raw.startsWith('/**') && raw !== '/**/' && raw.endsWith('*/')) {
        for (const line of raw.slice(3, -2).split(/\r?\n/)) lines.push(line.trimEnd());
      } else {
        continue;
      }
      span = { start: span?.start ?? comment.startIndex, end: comment.endIndex };
    }
    return span === undefined ? undefined : { text: lines.join('\n'), span };
  }

  // ------------------------------------------------------------------------------------------
  // Helpers

  /**
   * The named children of `node` whose type is one of `types`, looking inside ERROR nodes too:
   * tree-sitter's recovery often wraps an intact item in an ERROR, and keeping such items gives
   * later stages (and the user) as much of the file as possible.
   */
  private members(node: Node, types: readonly string[]): Node[] {
    const out: Node[] = [];
    const visit = (parent: Node): void => {
      for (const kid of childrenOf(parent)) {
        if (kid.node.isError) visit(kid.node);
        else if (types.includes(kid.node.type) && !kid.node.isMissing) out.push(kid.node);
      }
    };
    visit(node);
    return out;
  }

  private error(span: Span, message: string, code: string): void {
    this.diagnostics.push({ span, message, severity: 'error', code });
  }
}

function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}

function childrenOf(node: Node): Kid[] {
  const cursor = node.walk();
  const kids: Kid[] = [];
  if (cursor.gotoFirstChild()) {
    do kids.push({ field: cursor.currentFieldName, node: cursor.currentNode });
    while (cursor.gotoNextSibling());
  }
  cursor.delete();
  return kids;
}

function field(kids: readonly Kid[], name: string): Node | undefined {
  return kids.find((k) => k.field === name)?.node;
}

function fields(kids: readonly Kid[], name: string): Node[] {
  return kids.filter((k) => k.field === name).map((k) => k.node);
}

function lastChild(node: Node): Node | undefined {
  return node.lastChild ?? undefined;
}

/** How wit-parser names a token in `found …`, for the few checks made here. */
function describeNode(node: Node): string {
  switch (node.type) {
    case 'identifier':
      return node.text.startsWith('%') ? "an '%' identifier" : 'an identifier';
    case 'string':
      return 'a string literal';
    case 'version':
    case 'integer':
      return 'an integer';
    case 'attribute_field':
      return 'an identifier';
    default:
      return node.isNamed ? 'an identifier' : `'${node.type}'`;
  }
}
