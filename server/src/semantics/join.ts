// Stage 2: join the packages (wit-parser's `Resolve::push_group`): order them by their
// dependencies, bind every foreign placeholder to the real interface, world or type, then run
// the checks that need the whole picture: feature gates, handle and borrow rules, and worlds.

import type { Span, Type } from '../syntax/ast';
import type { AnalysisContext } from './context';
import { compareSemver, gateActive, gateVersionSpan } from './gates';
import type { Gate } from './model';
import type { TypeRefMap } from './local';
import type { FuncState, IfaceState, ItemState, PkgUnitState, TypeState } from './state';
import { definedType } from './state';
import { elaborateWorld } from './worlds';

/** Joins the packages; returns them in wit-parser's order (dependencies first). */
export function joinPackages(ctx: AnalysisContext, packages: readonly PkgUnitState[], typeRefs: TypeRefMap): PkgUnitState[] {
  const byKey = new Map<string, PkgUnitState>();
  for (const p of packages) {
    const key = p.unit.name.key;
    if (key === '') continue;
    if (byKey.has(key)) {
      ctx.error(p.unit.nameUri, p.unit.nameSpan, `package \`${key}\` is defined in two different locations`, 'duplicate-package');
      continue;
    }
    byKey.set(key, p);
  }
  const order = orderPackages(ctx, packages, byKey);
  // "known packages" lists what wit-parser has joined so far, the current package included.
  const known: string[] = [];
  for (const pkg of order) {
    if (pkg.unit.name.key !== '') known.push(pkg.unit.name.key);
    bindForeign(ctx, pkg, byKey, known, typeRefs);
    checkPackage(ctx, pkg, typeRefs);
  }
  // Fill in definition targets that pointed at placeholders.
  for (const p of ctx.pendingTargets) {
    const target = p.resolve();
    if (target) p.def.target = target;
  }
  for (const [ref, key] of ctx.pendingPackageRefs) {
    const pkg = byKey.get(key);
    if (pkg) ref.target = pkg.def;
  }
  return order;
}

/**
 * wit-parser's package order: every package (root, nested and deps/ alike) sorted by name
 * (namespace, name, version), each visited depth-first with its dependencies first, in the order
 * it mentions them. Meeting a dependency that is already being visited is a cycle, reported at
 * the mention and named after that dependency.
 */
function orderPackages(ctx: AnalysisContext, packages: readonly PkgUnitState[], byKey: ReadonlyMap<string, PkgUnitState>): PkgUnitState[] {
  const sorted = [...byKey.values()].sort(comparePackages);
  const unnamed = packages.filter((p) => p.unit.name.key === '');
  const order: PkgUnitState[] = [];
  const done = new Set<PkgUnitState>();
  const visiting = new Set<string>();
  let reported = false;
  const visit = (p: PkgUnitState, depth: number): void => {
    if (done.has(p) || depth > 1000) return;
    for (const [key, dep] of p.foreign) {
      if (visiting.has(key)) {
        if (!reported) ctx.error(dep.uri, dep.span, `package \`${key}\` creates a dependency cycle`, 'package-cycle');
        reported = true;
        continue;
      }
      visiting.add(key);
      const target = byKey.get(key);
      if (target) visit(target, depth + 1);
      visiting.delete(key);
    }
    if (!done.has(p)) {
      done.add(p);
      order.push(p);
    }
  };
  for (const p of sorted) visit(p, 0);
  // A package without a header has no name to be found by; it comes last, like a root would.
  for (const p of unnamed) visit(p, 0);
  return order;
}

function comparePackages(a: PkgUnitState, b: PkgUnitState): number {
  const x = a.unit.name;
  const y = b.unit.name;
  if (x.namespace !== y.namespace) return x.namespace < y.namespace ? -1 : 1;
  if (x.name !== y.name) return x.name < y.name ? -1 : 1;
  if (x.version === y.version) return 0;
  if (x.version === undefined) return -1;
  if (y.version === undefined) return 1;
  return compareSemver(x.version, y.version);
}

/**
 * Binds the placeholders of one package: interfaces first, then worlds, each in creation order
 * (wit-parser's order); a missing package is reported at its first placeholder.
 */
function bindForeign(ctx: AnalysisContext, pkg: PkgUnitState, byKey: ReadonlyMap<string, PkgUnitState>, known: readonly string[], typeRefs: TypeRefMap): void {
  const missing = new Set<string>();
  const ordered = [...pkg.foreignItems.filter((i) => i.kind === 'interface'), ...pkg.foreignItems.filter((i) => i.kind === 'world')];
  for (const placeholder of ordered) {
    const key = placeholder.foreign?.pkgKey ?? '';
    const dep = pkg.foreign.get(key);
    const target = byKey.get(key);
    if (!target) {
      if (!missing.has(key) && dep) {
        missing.add(key);
        const list = known.map((k) => `\n    ${k}`).join('');
        ctx.error(dep.uri, dep.span, `package '${key}' not found. known packages:${list}`, 'unknown-package');
      }
      continue;
    }
    const name = placeholder.name;
    const real = target.items.get(name);
    if (placeholder.kind === 'interface') {
      if (!real || real.kind !== 'interface') {
        ctx.error(placeholder.uri, placeholder.nameSpan, `interface '${name}' not found in package '${key}'`, 'unknown-interface');
        continue;
      }
      placeholder.binding = real;
      for (const ref of placeholder.pendingRefs) ref.target = real.def;
    } else {
      if (!real || real.kind !== 'world') {
        ctx.error(placeholder.uri, placeholder.nameSpan, `world '${name}' not found in package '${key}'`, 'unknown-world');
        continue;
      }
      placeholder.binding = real;
      for (const ref of placeholder.pendingRefs) ref.target = real.def;
    }
  }
  // Types imported from foreign interfaces are checked once every item is bound.
  for (const placeholder of pkg.foreignItems) {
    if (placeholder.kind === 'interface' && placeholder.binding) bindTypes(ctx, placeholder, placeholder.binding, typeRefs);
  }
}

function bindTypes(ctx: AnalysisContext, placeholder: IfaceState, real: IfaceState, typeRefs: TypeRefMap): void {
  for (const t of placeholder.types) {
    const entry = real.scope.get(t.def.name);
    if (entry?.kind !== 'type') {
      if (!ctx.brokenUris.has(real.uri)) ctx.error(t.def.uri, t.def.nameSpan, `type \`${t.def.name}\` not defined in interface`, 'unknown-foreign-type');
      continue;
    }
    t.binding = entry.type;
    for (const ref of t.pendingRefs) ref.target = entry.type.def;
  }
  for (const t of placeholder.types) {
    if (!t.binding || t.requiredResource.length === 0) continue;
    if (!isResource(t, typeRefs)) {
      for (const at of t.requiredResource) ctx.error(at.uri, at.span, 'type used in a handle must be a resource', 'handle-not-resource');
    }
  }
}

function isResource(t: TypeState, typeRefs: TypeRefMap): boolean {
  let cur: TypeState | undefined = t;
  for (let guard = 0; cur && guard < 1000; guard += 1) {
    cur = definedType(cur);
    const ast = cur.ast;
    if (!ast) return true; // an unbound placeholder: already reported elsewhere
    if (ast.kind === 'resource') return true;
    if (ast.kind !== 'type' || ast.type.kind !== 'named') return false;
    cur = typeRefs.get(ast.type);
  }
  return false;
}

function checkPackage(ctx: AnalysisContext, pkg: PkgUnitState, typeRefs: TypeRefMap): void {
  const key = pkg.unit.name;
  const checkVersion = (uri: string, nameSpan: Span, gate: Gate): void => {
    if (gate.kind !== 'since') return;
    // Point at the version inside `@since(version = …)` rather than at the item's name.
    const span = gateVersionSpan(gate) ?? nameSpan;
    if (!key.version) {
      ctx.error(uri, span, `package [${key.key}] contains a feature gate with a version specifier, so it must have a version`, 'gate-unversioned-package');
    } else if (compareSemver(gate.version, key.version) > 0) {
      ctx.error(uri, span, `feature gate cannot reference unreleased version ${gate.version} of package [${key.key}] (current version ${key.version})`, 'gate-unreleased');
    }
  };
  const items: ItemState[] = [...pkg.interfaces, ...pkg.worlds];
  for (const item of items) {
    checkVersion(item.uri, item.nameSpan, item.gate);
    if (item.kind === 'interface') checkInterface(ctx, item, typeRefs, checkVersion);
    else {
      // wit-parser checks a world's types and functions even when they are gated off themselves.
      const worldExcluded = isExcluded(ctx, item);
      for (const t of item.types) checkType(ctx, t, typeRefs, checkVersion, worldExcluded, true);
      for (const f of item.functions) checkFunction(ctx, f, typeRefs, checkVersion, worldExcluded);
      for (const e of [...item.imports, ...item.exports]) {
        if (e.iface && e.iface.inlineIn === item) checkInterface(ctx, e.iface, typeRefs, checkVersion);
        else if (e.kind === 'interface') checkVersion(e.uri, e.span, e.gate);
      }
      for (const inc of item.includes) checkVersion(inc.uri, inc.ast.path.name.span, inc.gate);
    }
  }
  for (const w of pkg.worlds) elaborateWorld(ctx, w);
}

type VersionCheck = (uri: string, span: Span, gate: Gate) => void;

function checkInterface(ctx: AnalysisContext, iface: IfaceState, typeRefs: TypeRefMap, checkVersion: VersionCheck): void {
  const excluded = isExcluded(ctx, iface);
  for (const t of iface.types) checkType(ctx, t, typeRefs, checkVersion, excluded);
  for (const f of iface.functions) checkFunction(ctx, f, typeRefs, checkVersion, excluded || !gateActive(ctx, f.gate));
}

export function isExcluded(ctx: AnalysisContext, item: ItemState): boolean {
  if (!gateActive(ctx, item.gate)) return true;
  if (item.kind === 'interface' && item.inlineIn) return isExcluded(ctx, item.inlineIn);
  return false;
}

function typeExcluded(ctx: AnalysisContext, t: TypeState): boolean {
  return !gateActive(ctx, t.gate) || isExcluded(ctx, t.owner.binding ?? t.owner);
}

function checkType(ctx: AnalysisContext, t: TypeState, typeRefs: TypeRefMap, checkVersion: VersionCheck, ownerExcluded: boolean, evenIfGated = false): void {
  if (t.placeholder) return;
  t.def.excluded = ownerExcluded || !gateActive(ctx, t.gate);
  checkVersion(t.def.uri, t.def.nameSpan, t.gate);
  // wit-parser refuses a named type without a feature gate of its own inside an interface or
  // world whose own gate is off, even when nothing refers to it.
  const owner = t.owner.binding ?? t.owner;
  if (t.gate.kind === 'none' && !gateActive(ctx, owner.gate)) {
    ctx.error(t.def.uri, t.def.nameSpan, `found a reference to a ${owner.kind} which is excluded due to its feature not being activated; this type is not gated by a feature but its ${owner.kind} is`, 'excluded-reference');
  }
  if (ownerExcluded || (t.def.excluded && !evenIfGated)) return;
  if (t.use) {
    const target = t.use.binding ?? t.use;
    if (!target.placeholder && typeExcluded(ctx, target)) {
      ctx.error(t.def.uri, t.def.nameSpan, excludedMessage(ctx, target), 'excluded-reference');
    }
    return;
  }
  const ast = t.ast;
  if (!ast) return;
  const visit = (ty: Type | undefined): void => visitRefs(ty, typeRefs, (target, span) => {
    if (typeExcluded(ctx, target)) ctx.error(t.def.uri, span, excludedMessage(ctx, target), 'excluded-reference');
  });
  switch (ast.kind) {
    case 'type': visit(ast.type); break;
    case 'record': ast.fields.forEach((f) => visit(f.type)); break;
    case 'variant': ast.cases.forEach((c) => visit(c.type)); break;
    default: break;
  }
}

function excludedMessage(ctx: AnalysisContext, target: TypeState): string {
  if (!gateActive(ctx, target.gate)) return 'found a reference to a type which is excluded due to its feature not being activated';
  const owner = target.owner.binding ?? target.owner;
  return `found a reference to a ${owner.kind} which is excluded due to its feature not being activated; this type is not gated by a feature but its ${owner.kind} is`;
}

/** Named types known to contain no `borrow<T>` (per analysis; keyed by state objects). */
const borrowFreeByRefs = new WeakMap<TypeRefMap, Set<TypeState>>();

function checkFunction(ctx: AnalysisContext, f: FuncState, typeRefs: TypeRefMap, checkVersion: VersionCheck, excluded: boolean): void {
  let borrowFree = borrowFreeByRefs.get(typeRefs);
  if (!borrowFree) {
    borrowFree = new Set();
    borrowFreeByRefs.set(typeRefs, borrowFree);
  }
  f.def.excluded = excluded;
  checkVersion(f.uri, f.def.nameSpan, f.gate);
  if (excluded) return;
  const report = (target: TypeState, span: Span): void => {
    if (typeExcluded(ctx, target)) ctx.error(f.uri, span, excludedMessage(ctx, target), 'excluded-reference');
  };
  // Methods take `borrow<resource>` and constructors return it, implicitly.
  if (f.self && typeExcluded(ctx, f.self)) ctx.error(f.uri, f.def.nameSpan, excludedMessage(ctx, f.self), 'excluded-reference');
  for (const p of f.params) visitRefs(p.type, typeRefs, report);
  if (f.result) {
    visitRefs(f.result, typeRefs, report);
    if (f.def.kind !== 'constructor' && containsBorrow(f.result, typeRefs, borrowFree)) {
      ctx.error(f.uri, f.def.nameSpan, `function \`${f.abiName}\` returns a type which contains a \`borrow<T>\` which is not supported`, 'borrow-in-result');
    }
  }
}

/** Calls `f` for each named reference inside a type expression. */
function visitRefs(ty: Type | undefined, typeRefs: TypeRefMap, f: (target: TypeState, span: Span) => void): void {
  if (!ty) return;
  switch (ty.kind) {
    case 'named': case 'own': case 'borrow': {
      const t = typeRefs.get(ty);
      if (t) f(t, ty.kind === 'named' ? ty.name.span : ty.resource.span);
      return;
    }
    case 'list': visitRefs(ty.element, typeRefs, f); return;
    case 'option': visitRefs(ty.inner, typeRefs, f); return;
    case 'result': visitRefs(ty.ok, typeRefs, f); visitRefs(ty.err, typeRefs, f); return;
    case 'tuple': ty.elements.forEach((e) => visitRefs(e, typeRefs, f)); return;
    case 'map': visitRefs(ty.key, typeRefs, f); visitRefs(ty.value, typeRefs, f); return;
    case 'future': case 'stream': visitRefs(ty.inner, typeRefs, f); return;
    case 'primitive': return;
  }
}

/**
 * Whether a type mentions `borrow<T>`, looking through named types. Iterative (alias chains can
 * be thousands long); named types found borrow-free are remembered in `clean`.
 */
function containsBorrow(root: Type | undefined, typeRefs: TypeRefMap, clean: Set<TypeState>): boolean {
  const stack: (Type | undefined)[] = [root];
  const seen = new Set<TypeState>();
  while (stack.length > 0) {
    const ty = stack.pop();
    if (!ty) continue;
    switch (ty.kind) {
      case 'borrow': return true;
      case 'own': case 'primitive': break;
      case 'named': {
        const t = typeRefs.get(ty);
        if (!t) break;
        const d = definedType(t);
        if (seen.has(d) || clean.has(d)) break;
        seen.add(d);
        const ast = d.ast;
        if (!ast) break;
        if (ast.kind === 'type') stack.push(ast.type);
        else if (ast.kind === 'record') for (const f of ast.fields) stack.push(f.type);
        else if (ast.kind === 'variant') for (const c of ast.cases) stack.push(c.type);
        break;
      }
      case 'list': stack.push(ty.element); break;
      case 'option': stack.push(ty.inner); break;
      case 'result': stack.push(ty.ok, ty.err); break;
      case 'tuple': stack.push(...ty.elements); break;
      case 'map': stack.push(ty.key, ty.value); break;
      case 'future': case 'stream': stack.push(ty.inner); break;
    }
  }
  for (const d of seen) clean.add(d);
  return false;
}

