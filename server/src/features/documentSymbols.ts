// The outline of one file: packages, interfaces, worlds, types, functions, resource members,
// record fields, cases and flags, world imports/exports/includes. Built from the syntax tree
// alone, so the outline is there even while the package does not resolve.

import type {
  Attribute, ExternItem, FuncType, InterfaceMember, NestedPackage, PackageName, SourceFile, Span, TopLevelUse, Type,
  TypeDef, UsePath, WorldMember,
} from '../syntax/ast';

export type OutlineKind =
  | 'package' | 'interface' | 'world'
  | 'type' | 'record' | 'variant' | 'enum' | 'flags' | 'resource'
  | 'function' | 'method' | 'static' | 'constructor'
  | 'field' | 'case' | 'flag'
  | 'import' | 'export' | 'include' | 'use';

export interface OutlineSymbol {
  readonly name: string;
  /** A short description shown beside the name, e.g. a function signature. */
  readonly detail?: string;
  readonly kind: OutlineKind;
  /** The whole item. */
  readonly span: Span;
  /** The name, selected when the symbol is picked. */
  readonly selectionSpan: Span;
  readonly deprecated: boolean;
  readonly children: readonly OutlineSymbol[];
}

/** The symbols of one file, in source order. */
export function documentSymbols(file: SourceFile): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  if (file.packageDecl) {
    const decl = file.packageDecl;
    out.push(leaf(packageText(decl.name), 'package', decl.span, decl.name.span, decl.attributes));
  }
  for (const item of file.items) {
    switch (item.kind) {
      case 'interface':
        out.push(node(item.name.name, 'interface', item.span, item.name.span, item.attributes, interfaceMembers(item.members)));
        break;
      case 'world':
        out.push(node(item.name.name, 'world', item.span, item.name.span, item.attributes, worldMembers(item.members)));
        break;
      case 'top-level-use':
        out.push(topLevelUse(item));
        break;
      case 'package':
        out.push(nestedPackage(item));
        break;
    }
  }
  return out;
}

/** `ns:name@version` as written, nested namespaces included. */
export function packageText(name: PackageName): string {
  const ns = [name.namespace, ...name.nestedNamespaces].map((i) => i.name).join(':');
  return `${ns}:${name.name.name}${name.version ? `@${name.version.text}` : ''}`;
}

/** A use path as written: `iface` or `ns:pkg/iface@1.0.0`. */
export function usePathText(path: UsePath): string {
  if (path.kind === 'local') return path.name.name;
  const ns = [path.package.namespace, ...path.package.nestedNamespaces].map((i) => i.name).join(':');
  const version = path.package.version ? `@${path.package.version.text}` : '';
  return `${ns}:${path.package.name.name}/${path.name.name}${version}`;
}

/** A type written back as WIT source text, e.g. `result<list<u8>, error-code>`. */
export function typeText(type: Type): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'named':
      return type.name.name;
    case 'list':
      return `list<${typeText(type.element)}${type.size ? `, ${type.size.text}` : ''}>`;
    case 'option':
      return `option<${typeText(type.inner)}>`;
    case 'result':
      if (!type.ok && !type.err) return 'result';
      if (!type.err) return `result<${type.ok ? typeText(type.ok) : '_'}>`;
      return `result<${type.ok ? typeText(type.ok) : '_'}, ${typeText(type.err)}>`;
    case 'tuple':
      return `tuple<${type.elements.map(typeText).join(', ')}>`;
    case 'map':
      return `map<${typeText(type.key)}, ${typeText(type.value)}>`;
    case 'borrow':
    case 'own':
      return `${type.kind}<${type.resource.name}>`;
    case 'future':
    case 'stream':
      return type.inner ? `${type.kind}<${typeText(type.inner)}>` : type.kind;
  }
}

/** `func(a: u32) -> string`, with `async` when the function is asynchronous. */
export function funcText(func: FuncType, keyword = 'func'): string {
  const params = func.params.map((p) => `${p.name.name}: ${typeText(p.type)}`).join(', ');
  return `${func.async ? 'async ' : ''}${keyword}(${params})${func.result ? ` -> ${typeText(func.result)}` : ''}`;
}

// ---------------------------------------------------------------------------------------------

function nestedPackage(item: NestedPackage): OutlineSymbol {
  const children = item.items.map((child) => {
    switch (child.kind) {
      case 'interface':
        return node(child.name.name, 'interface', child.span, child.name.span, child.attributes, interfaceMembers(child.members));
      case 'world':
        return node(child.name.name, 'world', child.span, child.name.span, child.attributes, worldMembers(child.members));
      case 'top-level-use':
        return topLevelUse(child);
    }
  });
  return node(packageText(item.name), 'package', item.span, item.name.span, item.attributes, children);
}

function topLevelUse(item: TopLevelUse): OutlineSymbol {
  return leaf(item.alias?.name ?? usePathText(item.path), 'use', item.span, (item.alias ?? item.path).span, item.attributes, usePathText(item.path));
}

function interfaceMembers(members: readonly InterfaceMember[]): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const m of members) {
    if (m.kind === 'func') out.push(leaf(m.name.name, 'function', m.span, m.name.span, m.attributes, funcText(m.func)));
    else if (m.kind === 'use') out.push(...useNames(m.names, m.path, m.attributes));
    else out.push(typeDef(m));
  }
  return out;
}

function worldMembers(members: readonly WorldMember[]): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const m of members) {
    switch (m.kind) {
      case 'import':
      case 'export':
        out.push(externItem(m.kind, m.item, m.span, m.attributes));
        break;
      case 'include':
        out.push(leaf(usePathText(m.path), 'include', m.span, m.path.span, m.attributes));
        break;
      case 'use':
        out.push(...useNames(m.names, m.path, m.attributes));
        break;
      default:
        out.push(typeDef(m));
    }
  }
  return out;
}

function externItem(direction: 'import' | 'export', item: ExternItem, span: Span, attributes: readonly Attribute[]): OutlineSymbol {
  switch (item.kind) {
    case 'func':
      return leaf(item.name.name, direction, span, item.name.span, attributes, funcText(item.func));
    case 'inline-interface':
      return node(item.name.name, direction, span, item.name.span, attributes, interfaceMembers(item.members), 'interface');
    case 'path':
      return leaf(usePathText(item.path), direction, span, item.path.span, attributes);
  }
}

function useNames(names: readonly { name: { name: string; span: Span }; alias?: { name: string; span: Span }; span: Span }[], path: UsePath, attributes: readonly Attribute[]): OutlineSymbol[] {
  return names.map((n) => leaf((n.alias ?? n.name).name, 'use', n.span, (n.alias ?? n.name).span, attributes, `${usePathText(path)}.${n.name.name}`));
}

function typeDef(def: TypeDef): OutlineSymbol {
  switch (def.kind) {
    case 'type':
      return leaf(def.name.name, 'type', def.span, def.name.span, def.attributes, typeText(def.type));
    case 'record':
      return node(def.name.name, 'record', def.span, def.name.span, def.attributes,
        def.fields.map((f) => leaf(f.name.name, 'field', f.span, f.name.span, f.attributes, typeText(f.type))));
    case 'variant':
      return node(def.name.name, 'variant', def.span, def.name.span, def.attributes,
        def.cases.map((c) => leaf(c.name.name, 'case', c.span, c.name.span, c.attributes, c.type ? typeText(c.type) : undefined)));
    case 'enum':
      return node(def.name.name, 'enum', def.span, def.name.span, def.attributes,
        def.cases.map((c) => leaf(c.name.name, 'case', c.span, c.name.span, c.attributes)));
    case 'flags':
      return node(def.name.name, 'flags', def.span, def.name.span, def.attributes,
        def.flags.map((c) => leaf(c.name.name, 'flag', c.span, c.name.span, c.attributes)));
    case 'resource':
      return node(def.name.name, 'resource', def.span, def.name.span, def.attributes, def.members.map((m) =>
        m.kind === 'constructor'
          ? leaf('constructor', 'constructor', m.span, m.keywordSpan, m.attributes, funcText({ async: false, params: m.params, result: m.result, span: m.span }, 'constructor'))
          : leaf(m.name.name, m.kind, m.span, m.name.span, m.attributes, funcText(m.func, m.kind === 'static' ? 'static func' : 'func'))));
  }
}

function isDeprecated(attributes: readonly Attribute[]): boolean {
  return attributes.some((a) => a.kind === 'deprecated');
}

function leaf(name: string, kind: OutlineKind, span: Span, selectionSpan: Span, attributes: readonly Attribute[], detail?: string): OutlineSymbol {
  return { name, kind, span, selectionSpan: clampInside(selectionSpan, span), deprecated: isDeprecated(attributes), detail, children: [] };
}

function node(name: string, kind: OutlineKind, span: Span, selectionSpan: Span, attributes: readonly Attribute[], children: OutlineSymbol[], detail?: string): OutlineSymbol {
  return { name, kind, span, selectionSpan: clampInside(selectionSpan, span), deprecated: isDeprecated(attributes), detail, children };
}

/** LSP requires the selection range to lie inside the full range; recovered trees may break that. */
function clampInside(inner: Span, outer: Span): Span {
  const start = Math.min(Math.max(inner.start, outer.start), outer.end);
  const end = Math.max(Math.min(inner.end, outer.end), start);
  return { start, end };
}
