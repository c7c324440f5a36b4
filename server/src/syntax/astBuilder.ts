// Builds the AST items (packages, interfaces, worlds and their members) from the tree; names,
// attributes, docs and types are read by AstReader.

import type {
  Attribute, ConstructorItem, Diagnostic, ExternItem, Field, FuncItem, FuncType, Ident, ImportExport,
  IncludeItem, InterfaceItem, InterfaceMember, NamedCase, NestedPackage, PackageDecl, PackageName,
  Param, ResourceMember, SourceFile, Span, TopLevelItem, TopLevelUse, TypeDef, UseItem, UseName,
  UsePath, VariantCase, WorldItem, WorldMember,
} from './ast';
import { AstReader, error, TYPE_NODES } from './astReader';
import { all, children, find, members as namedMembers, S, spanOf } from './cst';
import { BuiltItem, Reuse, reuseIndex, touches } from './reuse';

const TOP_LEVEL = ['package_decl', 'nested_package', 'toplevel_use', 'interface_item', 'world_item'];
const PACKAGE_BODY = ['toplevel_use', 'interface_item', 'world_item', 'nested_package'];
const TYPEDEFS = ['type_alias', 'record_item', 'variant_item', 'enum_item', 'flags_item', 'resource_item'];
const INTERFACE_MEMBERS = ['use_item', 'func_item', ...TYPEDEFS];
const WORLD_MEMBERS = ['import_item', 'export_item', 'include_item', 'use_item', ...TYPEDEFS];
const RESOURCE_MEMBERS = ['constructor_item', 'method_item', 'static_item'];

export class AstBuilder extends AstReader {
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
    for (const s of namedMembers(root, TOP_LEVEL)) {
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
      for (const child of namedMembers(body, PACKAGE_BODY)) {
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
    for (const s of namedMembers(body, INTERFACE_MEMBERS)) {
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
    for (const child of namedMembers(s, ['use_name'])) {
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
    for (const child of namedMembers(s, ['param'])) {
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
        for (const child of namedMembers(s, ['record_field'])) {
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
        for (const child of namedMembers(s, ['variant_case'])) {
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
    for (const child of namedMembers(s, [type])) {
      const name = find(children(child), 'identifier');
      if (name !== undefined) cases.push({ name: this.ident(name), attributes: [], docs: this.docs(child), span: spanOf(child) });
    }
    return cases;
  }

  private resourceMembers(body: S): ResourceMember[] {
    const members: ResourceMember[] = [];
    for (const s of namedMembers(body, RESOURCE_MEMBERS)) {
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
  // Worlds

  private worldItem(s: S): WorldItem | undefined {
    const kids = children(s);
    const nameNode = find(kids, 'identifier');
    if (nameNode === undefined) return undefined;
    const members: WorldMember[] = [];
    const body = find(kids, 'world_body');
    if (body !== undefined) {
      for (const child of namedMembers(body, WORLD_MEMBERS)) {
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
    for (const child of namedMembers(s, ['include_name'])) {
      const ids = all(children(child), 'identifier');
      if (ids.length === 2) renames.push({ from: this.ident(ids[0]), to: this.ident(ids[1]), span: spanOf(child) });
    }
    return { kind: 'include', path, with: renames, attributes: this.attributes(kids), docs: this.docs(s), span: spanOf(s) };
  }
}
