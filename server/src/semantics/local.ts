// Stage 1: resolve the names of one package on its own (wit-parser's `ast/resolve.rs` stage).
// Foreign references (`ns:pkg/name`) become placeholders that `join.ts` binds later.
//
// The visiting order follows wit-parser's so that our first diagnostic is the one it reports:
// foreign paths, item names and file namespaces, the item dependency order, foreign types,
// then interfaces in dependency order, then worlds in dependency order. Unlike wit-parser every
// step keeps going after an error.

import type {
  Attribute, Ident, IncludeItem, InterfaceMember, Param, Span, Type, TypeDef, UseItem, UsePath,
  WorldItem as AstWorld,
} from '../syntax/ast';
import type { AnalysisContext } from './context';
import { NO_GATE } from './context';
import { readGate } from './gates';
import type { Definition } from './model';
import { resolveTypeDefBody, resolveTypeRef, type TypeScope } from './types';
import type {
  FileUnit, FuncState, IfaceState, ItemState, NameEntry, PackageUnit, PkgUnitState, TypeState, WorldEntry, WorldState,
} from './state';
import { pkgNameOf } from './state';
import { collectDeps, collectPaths, missingTypeMessage, type PathVisit } from './paths';
import { toposort, type Edge } from './toposort';
import { qualifiedIfaceName } from './worlds';

/** Shared by all packages of one analysis: AST type nodes → the type they name. */
export type TypeRefMap = Map<object, TypeState>;

export function resolveLocal(ctx: AnalysisContext, unit: PackageUnit, typeRefs: TypeRefMap): PkgUnitState {
  const r = new LocalResolver(ctx, unit, typeRefs);
  r.run();
  return r.pkg;
}

class LocalResolver {
  readonly pkg: PkgUnitState;
  /** Per file: top-level names (items and `use` aliases) → item. */
  private readonly fileScopes = new Map<FileUnit, Map<string, ItemState>>();
  /** Items whose resolution sits on a dependency cycle: lookups into them stay quiet. */
  private readonly blocked = new Set<ItemState>();
  /** Path nodes already reported, so a later stage does not report them again. */
  private readonly reportedPaths = new WeakSet<object>();
  private readonly astToItem = new Map<object, ItemState>();

  constructor(private readonly ctx: AnalysisContext, private readonly unit: PackageUnit, private readonly typeRefs: TypeRefMap) {
    const def = ctx.define('package', unit.name.key, unit.nameUri, unit.nameSpan, unit.nameSpan, { docs: unit.docs?.text });
    this.pkg = { unit, def, items: new Map(), interfaces: [], worlds: [], foreign: new Map(), foreignItems: [] };
  }

  run(): void {
    if (this.unit.missingHeader) {
      this.ctx.error(this.unit.nameUri, this.unit.nameSpan, 'no `package` header was found in any WIT file for this package', 'no-package-header');
    }
    const visits = collectPaths(this.unit.files);
    this.populateForeignDeps(visits);
    const order = this.populateItems(visits);
    this.populateForeignTypes(visits);
    const ifaces = order.filter((i): i is IfaceState => i.kind === 'interface');
    const worlds = order.filter((i): i is WorldState => i.kind === 'world');
    for (const iface of ifaces) this.resolveInterface(iface);
    for (const world of worlds) this.resolveWorld(world);
  }

  // -------------------------------------------------------------------------------------------
  // Paths

  private populateForeignDeps(visits: readonly PathVisit[]): void {
    for (const v of visits) {
      if (v.path.kind !== 'package') continue;
      const name = pkgNameOf(v.path.package);
      let dep = this.pkg.foreign.get(name.key);
      if (!dep) {
        dep = { name, span: v.path.package.span, uri: v.file.uri, items: new Map() };
        this.pkg.foreign.set(name.key, dep);
      }
      const itemName = v.path.name.name;
      if (!dep.items.has(itemName)) {
        const foreign = { pkgKey: name.key, span: v.path.name.span, uri: v.file.uri };
        const placeholder = v.use === 'world'
          ? this.newWorld(itemName, v.file.uri, v.path.name.span, [], undefined, foreign)
          : this.newIface(itemName, v.file.uri, v.path.name.span, [], [], undefined, foreign);
        dep.items.set(itemName, placeholder);
        this.pkg.foreignItems.push(placeholder);
      }
    }
  }

  private populateItems(visits: readonly PathVisit[]): ItemState[] {
    // Package-wide item names.
    const declared: ItemState[] = [];
    for (const file of this.unit.files) {
      for (const item of file.items) {
        if (item.kind === 'top-level-use') continue;
        const state = item.kind === 'interface'
          ? this.newIface(item.name.name, file.uri, item.name.span, item.members, item.attributes, undefined)
          : this.newWorld(item.name.name, file.uri, item.name.span, item.attributes, item);
        state.def = this.ctx.define(item.kind, item.name.name, file.uri, item.name.span, item.span, {
          container: this.pkg.def, docs: item.docs?.text,
        });
        this.astToItem.set(item, state);
        if (this.pkg.items.has(item.name.name)) {
          this.ctx.error(file.uri, item.name.span, `duplicate item named \`${item.name.name}\``, 'duplicate-item');
        } else {
          this.pkg.items.set(item.name.name, state);
        }
        declared.push(state);
        if (item.kind === 'interface') this.pkg.interfaces.push(state as IfaceState);
        else this.pkg.worlds.push(state as WorldState);
      }
    }

    // Per-file namespaces (items plus top-level `use` aliases) and the dependency edges.
    const edges = new Map<string, Edge[]>();
    for (const [name] of this.pkg.items) edges.set(name, []);
    const fileAliases = new Map<FileUnit, Map<string, { local?: Ident }>>();
    for (const file of this.unit.files) {
      const ns = new Map<string, { local?: Ident }>();
      for (const item of file.items) {
        let name: Ident;
        let local: Ident | undefined;
        if (item.kind === 'top-level-use') {
          name = item.alias ?? item.path.name;
          local = item.path.kind === 'local' ? item.path.name : undefined;
        } else {
          name = item.name;
          local = item.name;
          // A second item of the same name was already reported as a duplicate item.
          if (this.pkg.items.get(item.name.name) !== this.astToItem.get(item)) continue;
        }
        if (ns.has(name.name)) {
          this.ctx.error(file.uri, name.span, `duplicate name \`${name.name}\` in this file`, 'duplicate-name-in-file');
          continue;
        }
        ns.set(name.name, { local });
      }
      fileAliases.set(file, ns);
      for (const v of visits) {
        if (v.file !== file || !v.item || v.path.kind !== 'local') continue;
        const owner = this.astToItem.get(v.item);
        if (!owner || this.pkg.items.get(owner.name) !== owner) continue;
        const used = v.path.name;
        const alias = ns.get(used.name);
        // The pinned wit-parser orders interfaces by their `use`s of interfaces and worlds by
        // their `include`s of worlds; any other edge (e.g. a world named in a `use`) is left
        // to the kind check that follows.
        const edge = (target: string): void => {
          const t = this.pkg.items.get(target);
          const expected = v.use === 'world' ? 'world' : 'interface';
          if (t && t.kind === expected && owner.kind === expected) edges.get(owner.name)?.push({ name: target, span: used.span, uri: file.uri });
        };
        if (alias) {
          if (alias.local) edge(alias.local.name);
        } else if (this.pkg.items.has(used.name)) {
          edge(used.name);
        } else {
          this.reportedPaths.add(v.path);
          this.ctx.reference('interface', used, file.uri);
          this.ctx.error(file.uri, used.span, `interface or world \`${used.name}\` does not exist`, 'unknown-item');
        }
      }
    }
    const sorted = toposort(edges);
    for (const p of sorted.problems) {
      if (p.kind === 'cycle') {
        this.ctx.error(p.edge.uri, p.edge.span, `interface or world \`${p.edge.name}\` depends on itself`, 'item-cycle');
        this.markBlocked(edges);
      }
    }

    // Resolve top-level `use` aliases into each file's scope.
    for (const file of this.unit.files) {
      const scope = new Map<string, ItemState>();
      for (const item of file.items) {
        if (item.kind === 'top-level-use') {
          // "attributes not allowed on top-level use" is a syntax diagnostic (syntax/).
          const name = item.alias ?? item.path.name;
          const target = this.resolvePathItem(file, item.path, scope, true);
          if (target && !scope.has(name.name)) scope.set(name.name, target);
        } else {
          const state = this.astToItem.get(item);
          if (state && !scope.has(item.name.name)) scope.set(item.name.name, state);
        }
      }
      this.fileScopes.set(file, scope);
    }

    const order: ItemState[] = [];
    for (const name of sorted.order) {
      const s = this.pkg.items.get(name);
      if (s) order.push(s);
    }
    // Duplicates are not in the package namespace; resolve their bodies anyway for diagnostics.
    const inOrder = new Set(order);
    for (const s of declared) if (!inOrder.has(s)) order.push(s);
    return order;
  }

  private markBlocked(edges: ReadonlyMap<string, readonly Edge[]>): void {
    // Everything that can reach itself is blocked; lookups into those stay quiet.
    for (const start of edges.keys()) {
      const seen = new Set<string>();
      const stack = [...(edges.get(start) ?? []).map((e) => e.name)];
      while (stack.length > 0) {
        const n = stack.pop() as string;
        if (n === start) {
          const s = this.pkg.items.get(start);
          if (s) this.blocked.add(s);
          break;
        }
        if (seen.has(n)) continue;
        seen.add(n);
        for (const e of edges.get(n) ?? []) stack.push(e.name);
      }
    }
  }

  private populateForeignTypes(visits: readonly PathVisit[]): void {
    for (const v of visits) {
      if (!v.names) continue;
      const item = this.resolvePathItem(v.file, v.path, this.fileScopes.get(v.file), false);
      if (!item) continue;
      const iface = this.expectInterface(item, v.path, v.file.uri, v.path);
      if (!iface || !iface.foreign) continue;
      for (const n of v.names) {
        if (iface.scope.has(n.name.name)) continue;
        const t = this.newType(iface, n.name, v.file.uri, undefined, true);
        iface.scope.set(n.name.name, { kind: 'type', type: t });
        iface.types.push(t);
      }
    }
  }

  /** Finds the interface or world a path names, reporting unknown local names once. */
  private resolvePathItem(file: FileUnit, path: UsePath, scope: Map<string, ItemState> | undefined, record: boolean): ItemState | undefined {
    if (path.kind === 'package') {
      const dep = this.pkg.foreign.get(pkgNameOf(path.package).key);
      const item = dep?.items.get(path.name.name);
      if (record && item) {
        const pkgRef = this.ctx.reference('package', { name: pkgNameOf(path.package).key, span: path.package.span }, file.uri);
        const ref = this.ctx.reference(item.kind === 'world' ? 'world' : 'interface', path.name, file.uri);
        item.pendingRefs.push(ref);
        this.ctx.pendingPackageRefs.set(pkgRef, pkgNameOf(path.package).key);
      }
      return item;
    }
    const item = scope?.get(path.name.name) ?? this.pkg.items.get(path.name.name);
    if (!item) {
      if (!this.reportedPaths.has(path)) {
        this.reportedPaths.add(path);
        this.ctx.reference('interface', path.name, file.uri);
        this.ctx.error(file.uri, path.name.span, `interface or world \`${path.name.name}\` does not exist`, 'unknown-item');
      }
      return undefined;
    }
    if (record) this.ctx.reference(item.kind === 'world' ? 'world' : 'interface', path.name, file.uri, item.def);
    return item;
  }

  private expectInterface(item: ItemState, path: UsePath, uri: string, node: object): IfaceState | undefined {
    if (item.kind === 'interface') return item;
    if (!this.reportedPaths.has(node)) {
      this.reportedPaths.add(node);
      this.ctx.error(uri, path.name.span, `name \`${path.name.name}\` is defined as a world, not an interface`, 'expected-interface');
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Interfaces

  private resolveInterface(iface: IfaceState): void {
    const file = this.fileOf(iface.uri);
    iface.gate = readGate(this.ctx, iface.uri, iface.attributes);
    if (iface.def && iface.def.gate !== iface.gate) (iface.def as { gate: typeof iface.gate }).gate = iface.gate;
    const container = iface.def;
    const uses = iface.members.filter((m): m is UseItem => m.kind === 'use');
    const typeDefs = iface.members.filter((m): m is TypeDef => m.kind !== 'use' && m.kind !== 'func');
    this.resolveTypes(iface, file, uses, typeDefs, container);
    for (const m of iface.members) {
      if (m.kind === 'func') {
        const def = this.ctx.define('function', m.name.name, iface.uri, m.name.span, m.span, {
          container, docs: m.docs?.text, func: m.func,
        });
        this.defineName(iface, m.name, { kind: 'function', def });
        const f = this.resolveFunction(iface, def, m.name.name, m.func.params, m.func.result, m.attributes, undefined, 'function');
        iface.functions.push(f);
      } else if (m.kind === 'resource') {
        this.resolveResourceFuncs(iface, m);
      }
    }
  }

  private resolveResourceFuncs(owner: IfaceState | WorldState, res: Extract<TypeDef, { kind: 'resource' }>): FuncState[] {
    const entry = owner.scope.get(res.name.name);
    const resourceType = entry?.kind === 'type' ? entry.type : undefined;
    const out: FuncState[] = [];
    for (const m of res.members) {
      const container = resourceType?.def;
      if (m.kind === 'constructor') {
        const def = this.ctx.define('constructor', 'constructor', owner.uri, m.keywordSpan, m.span, {
          container, docs: m.docs?.text, func: { params: m.params, result: m.result },
        });
        out.push(this.resolveFunction(owner, def, `[constructor]${res.name.name}`, m.params, m.result, m.attributes, resourceType, 'constructor'));
      } else {
        const def = this.ctx.define(m.kind, m.name.name, owner.uri, m.name.span, m.span, { container, docs: m.docs?.text, func: m.func });
        const abi = `[${m.kind}]${res.name.name}.${m.name.name}`;
        out.push(this.resolveFunction(owner, def, abi, m.func.params, m.func.result, m.attributes, resourceType, m.kind));
      }
    }
    owner.functions.push(...out);
    return out;
  }

  private resolveFunction(
    owner: IfaceState | WorldState, def: Definition, abiName: string, params: readonly Param[], result: Type | undefined,
    attributes: readonly Attribute[], self: TypeState | undefined, kind: 'function' | 'method' | 'static' | 'constructor',
  ): FuncState {
    const gate = readGate(this.ctx, owner.uri, attributes);
    (def as { gate: typeof gate }).gate = gate;
    const scope = this.typeScope(owner);
    const names = new Set<string>();
    if (kind === 'method') names.add('self');
    for (const p of params) {
      resolveTypeRef(this.ctx, scope, p.type);
      this.ctx.define('param', p.name.name, owner.uri, p.name.span, p.span, { container: def });
      if (names.has(p.name.name)) {
        this.ctx.error(owner.uri, p.name.span, `param \`${p.name.name}\` is defined more than once`, 'duplicate-param');
      }
      names.add(p.name.name);
    }
    if (result) {
      resolveTypeRef(this.ctx, scope, result);
      if (kind === 'constructor' && self) this.checkConstructorResult(owner.uri, self, result);
    }
    const implicitSelf = kind === 'method' || kind === 'constructor' ? self : undefined;
    return { def, abiName, params, result, attributes, uri: owner.uri, gate, self: implicitSelf };
  }

  private checkConstructorResult(uri: string, self: TypeState, result: Type): void {
    if (result.kind !== 'result') {
      this.ctx.error(uri, result.span, 'if a constructor return type is declared it must be a `result`', 'constructor-result');
      return;
    }
    const ok = result.ok;
    const okTarget = ok && (ok.kind === 'named' || ok.kind === 'own') ? this.typeRefs.get(ok) : undefined;
    if (okTarget !== self) {
      this.ctx.error(uri, ok ? ok.span : result.span, 'the `ok` type must be the resource being constructed', 'constructor-result');
    }
  }

  // -------------------------------------------------------------------------------------------
  // Types (shared by interfaces and worlds)

  private resolveTypes(owner: IfaceState | WorldState, file: FileUnit, uses: readonly UseItem[], defs: readonly TypeDef[], container: Definition | undefined): void {
    const effective = uses.filter((u) => this.resolveUse(owner, file, u, container));

    // Create every type first so references resolve regardless of order; wit-parser's
    // topological order only decides which error comes first, which `toposort` reproduces.
    const edges = new Map<string, Edge[]>();
    for (const u of effective) for (const n of u.names) edges.set((n.alias ?? n.name).name, []);
    const defined = new Map<string, { def: TypeDef; state: TypeState }>();
    const ordered: { def: TypeDef; state: TypeState }[] = [];
    for (const t of defs) {
      const kind = t.kind === 'resource' ? 'resource' : 'type';
      const def = this.ctx.define(kind, t.name.name, owner.uri, t.name.span, t.span, { container, docs: t.docs?.text, typeDef: t });
      const state = this.newType(owner, t.name, owner.uri, t, false, def);
      owner.types.push(state);
      if (edges.has(t.name.name)) {
        this.ctx.error(owner.uri, t.name.span, `name \`${t.name.name}\` is defined more than once`, 'duplicate-name');
        continue;
      }
      const deps: Edge[] = [];
      collectDeps(t, (id) => deps.push({ name: id.name, span: id.span, uri: owner.uri }));
      edges.set(t.name.name, deps);
      defined.set(t.name.name, { def: t, state });
      ordered.push({ def: t, state });
      if (!owner.scope.has(t.name.name)) owner.scope.set(t.name.name, { kind: 'type', type: state });
    }
    const sorted = toposort(edges);
    const quiet = new WeakSet<object>();
    for (const p of sorted.problems) {
      quiet.add(p.edge.span);
      if (p.kind === 'missing') {
        this.ctx.error(p.edge.uri, p.edge.span, missingTypeMessage(p.edge.name), 'unknown-type');
      } else {
        this.ctx.error(p.edge.uri, p.edge.span, `type \`${p.edge.name}\` depends on itself`, 'type-cycle');
      }
    }
    const scope = this.typeScope(owner, quiet);
    for (const name of sorted.order) {
      const entry = defined.get(name);
      if (!entry) continue;
      entry.state.gate = readGate(this.ctx, owner.uri, entry.def.attributes);
      (entry.state.def as { gate: typeof entry.state.gate }).gate = entry.state.gate;
      resolveTypeDefBody(this.ctx, scope, entry.def, entry.state.def);
    }
    // Duplicates were left out of the order; still resolve their references for the editor.
    for (const t of defs) {
      if (defined.get(t.name.name)?.def !== t) resolveTypeDefBody(this.ctx, this.typeScope(owner, quiet, true), t, undefined);
    }
  }

  /** Returns false when the `use` defines nothing (its source sits on a reported cycle). */
  private resolveUse(owner: IfaceState | WorldState, file: FileUnit, u: UseItem, container: Definition | undefined): boolean {
    const item = this.resolvePathItem(file, u.path, this.fileScopes.get(file), true);
    const from = item ? this.expectInterface(item, u.path, file.uri, u.path) : undefined;
    const gate = readGate(this.ctx, file.uri, u.attributes);
    // A `use` of an item on a dependency cycle (already reported) defines nothing, so the
    // cycle does not also show up as duplicate or missing names.
    if (from && (from === owner || this.blocked.has(from))) return false;
    for (const n of u.names) {
      const entry = from?.scope.get(n.name.name);
      let target: TypeState | undefined;
      if (entry?.kind === 'type') {
        target = entry.type;
      } else if (entry?.kind === 'function') {
        this.ctx.error(file.uri, n.name.span, `cannot import function \`${n.name.name}\``, 'use-function');
      } else if (from && !this.blocked.has(from) && !this.blocked.has(owner) && from !== owner && !this.ctx.brokenUris.has(from.uri)) {
        this.ctx.error(file.uri, n.name.span, `name \`${n.name.name}\` does not exist`, 'unknown-use-name');
      }
      const ref = this.ctx.reference('use-name', n.name, file.uri, target?.def);
      if (target?.placeholder) target.pendingRefs.push(ref);
      const local = n.alias ?? n.name;
      const def = this.ctx.define('use', local.name, file.uri, local.span, n.span, { container, gate, target: target?.def });
      const state = this.newType(owner, local, file.uri, undefined, false, def);
      state.use = target;
      state.gate = gate;
      if (target?.placeholder) this.ctx.pendingTargets.push({ def, resolve: () => definedTypeDef(target) });
      owner.types.push(state);
      this.defineName(owner, local, { kind: 'type', type: state });
    }
    return true;
  }

  private defineName(owner: IfaceState | WorldState, name: Ident, entry: NameEntry): void {
    if (owner.scope.has(name.name)) {
      this.ctx.error(owner.uri, name.span, `name \`${name.name}\` is defined more than once`, 'duplicate-name');
      return;
    }
    owner.scope.set(name.name, entry);
  }

  private typeScope(owner: IfaceState | WorldState, quiet?: WeakSet<object>, silent = false): TypeScope {
    return {
      uri: owner.uri,
      lookup: (name) => owner.scope.get(name),
      typeRefs: this.typeRefs,
      isQuiet: (span) => silent || (quiet?.has(span) ?? false),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Worlds

  private resolveWorld(world: WorldState): void {
    const ast = world.ast;
    if (!ast) return;
    const file = this.fileOf(world.uri);
    world.gate = readGate(this.ctx, world.uri, world.attributes);
    if (world.def) (world.def as { gate: typeof world.gate }).gate = world.gate;
    const container = world.def;
    const uses = ast.members.filter((m): m is UseItem => m.kind === 'use');
    const typeDefs = ast.members.filter((m): m is TypeDef => m.kind !== 'use' && m.kind !== 'include' && m.kind !== 'import' && m.kind !== 'export');
    this.resolveTypes(world, file, uses, typeDefs, container);

    for (const m of ast.members) {
      if (m.kind === 'include') this.resolveInclude(world, file, m);
    }
    for (const [name, entry] of world.scope) {
      if (entry.kind !== 'type') continue;
      world.imports.push({
        key: name, named: true, kind: 'type', direction: 'import', type: entry.type, origin: entry.type.def, span: entry.type.def.nameSpan,
        uri: world.uri, gate: entry.type.gate, implied: false,
      });
    }

    const seenIfaces = { import: new Set<IfaceState>(), export: new Set<IfaceState>() };
    const named = { import: new Map<string, WorldEntry>(), export: new Map<string, WorldEntry>() };
    for (const e of world.imports) if (e.named) named.import.set(e.key, e);
    for (const m of ast.members) {
      if (m.kind === 'resource') {
        for (const f of this.resolveResourceFuncs(world, m)) {
          const e: WorldEntry = { key: f.abiName, named: true, kind: 'function', direction: 'import', func: f, origin: f.def, span: f.def.nameSpan, uri: world.uri, gate: f.gate, implied: false };
          world.imports.push(e);
          named.import.set(e.key, e);
        }
        continue;
      }
      if (m.kind !== 'import' && m.kind !== 'export') continue;
      const ex = m.item;
      const list = m.kind === 'import' ? world.imports : world.exports;
      let entry: WorldEntry | undefined;
      if (ex.kind === 'func') {
        const def = this.ctx.define(m.kind, ex.name.name, world.uri, ex.name.span, m.span, { container, docs: m.docs?.text, func: ex.func });
        const f = this.resolveFunction(world, def, ex.name.name, ex.func.params, ex.func.result, m.attributes, undefined, 'function');
        world.functions.push(f);
        entry = { key: ex.name.name, named: true, kind: 'function', direction: m.kind, func: f, origin: def, span: ex.span, uri: world.uri, gate: f.gate, implied: false };
      } else if (ex.kind === 'inline-interface') {
        const iface = this.newIface(ex.name.name, world.uri, ex.name.span, ex.members, m.attributes, world);
        iface.def = this.ctx.define(m.kind, ex.name.name, world.uri, ex.name.span, m.span, { container, docs: m.docs?.text });
        this.resolveInterface(iface);
        entry = { key: ex.name.name, named: true, kind: 'interface', direction: m.kind, iface, origin: iface.def, span: ex.span, uri: world.uri, gate: iface.gate, implied: false };
      } else {
        const gate = readGate(this.ctx, world.uri, m.attributes);
        const item = this.resolvePathItem(file, ex.path, this.fileScopes.get(file), true);
        const iface = item ? this.expectInterface(item, ex.path, world.uri, ex.path) : undefined;
        if (!iface) continue;
        const origin = this.ctx.define(m.kind, ex.path.name.name, world.uri, ex.path.name.span, m.span, { container, docs: m.docs?.text, gate, target: iface.def });
        if (iface.foreign) this.ctx.pendingTargets.push({ def: origin, resolve: () => iface.binding?.def });
        entry = { key: ex.name ? ex.name.name : qualifiedIfaceName(iface), named: ex.name !== undefined, kind: 'interface', direction: m.kind, iface, origin, span: ex.span, uri: world.uri, gate, implied: false };
      }
      if (entry.kind === 'interface' && entry.iface) {
        const seen = seenIfaces[m.kind];
        if (seen.has(entry.iface)) {
          this.ctx.error(world.uri, ex.span, `interface cannot be ${m.kind}ed more than once`, 'duplicate-interface');
          continue;
        }
        seen.add(entry.iface);
      }
      if (entry.named) {
        const prev = named[m.kind].get(entry.key);
        if (prev) {
          const what = prev.kind === 'function' ? 'func' : prev.kind;
          this.ctx.error(world.uri, ex.span, `${m.kind} \`${entry.key}\` conflicts with prior ${what} of same name`, 'world-conflict');
          continue;
        }
      }
      list.push(entry);
      if (entry.named) named[m.kind].set(entry.key, entry);
    }
  }

  private resolveInclude(world: WorldState, file: FileUnit, inc: IncludeItem): void {
    const gate = readGate(this.ctx, world.uri, inc.attributes);
    const item = this.resolvePathItem(file, inc.path, this.fileScopes.get(file), true);
    if (!item) return;
    if (item.kind !== 'world') {
      this.ctx.error(world.uri, inc.path.name.span, `name \`${inc.path.name.name}\` is defined as an interface, not a world`, 'expected-world');
      return;
    }
    world.includes.push({ world: item, ast: inc, uri: world.uri, gate });
  }

  // -------------------------------------------------------------------------------------------
  // Constructors of state

  private fileOf(uri: string): FileUnit {
    return this.unit.files.find((f) => f.uri === uri) ?? { uri, items: [] };
  }

  private newIface(
    name: string, uri: string, nameSpan: Span, members: readonly InterfaceMember[], attributes: readonly Attribute[],
    inlineIn: WorldState | undefined, foreign?: IfaceState['foreign'],
  ): IfaceState {
    return {
      kind: 'interface', pkg: this.pkg, name, uri, nameSpan, foreign, scope: new Map(), gate: NO_GATE, attributes,
      pendingRefs: [], members, types: [], functions: [], inlineIn,
    };
  }

  private newWorld(name: string, uri: string, nameSpan: Span, attributes: readonly Attribute[], ast: AstWorld | undefined, foreign?: WorldState['foreign']): WorldState {
    return {
      kind: 'world', pkg: this.pkg, name, uri, nameSpan, foreign, scope: new Map(), gate: NO_GATE, attributes,
      pendingRefs: [], ast, imports: [], exports: [], includes: [], types: [], functions: [], elaborated: false,
    };
  }

  private newType(owner: IfaceState | WorldState, name: Ident, uri: string, ast: TypeDef | undefined, placeholder: boolean, def?: Definition): TypeState {
    const d = def ?? this.ctx.define('type', name.name, uri, name.span, name.span, { container: owner.def });
    if (placeholder) this.ctx.placeholderDefs.add(d);
    return { def: d, owner, ast, placeholder, gate: NO_GATE, requiredResource: [], pendingRefs: [] };
  }
}

function definedTypeDef(t: TypeState): Definition | undefined {
  return t.binding?.def;
}
