// World elaboration: merge `include`d worlds (with `with` renames), drop gated-off items, add the
// interfaces that imports and exports depend on, and check the name rules that need the final
// list (shadowing, case-insensitive kebab clashes, incompatible transitive dependencies).

import type { AnalysisContext } from './context';
import { gateActive } from './gates';
import type { IfaceState, TypeState, WorldEntry, WorldState } from './state';

/** Qualified names are asked for often during elaboration; they never change once computed. */
const qualifiedNames = new WeakMap<IfaceState, string>();

export function qualifiedIfaceName(iface: IfaceState): string {
  const real = iface.binding ?? iface;
  let name = qualifiedNames.get(real);
  if (name === undefined) {
    const p = real.pkg.unit.name;
    name = real.inlineIn ? real.name : `${p.namespace}:${p.name}/${real.name}${p.version ? `@${p.version}` : ''}`;
    qualifiedNames.set(real, name);
  }
  return name;
}

function ifaceKey(iface: IfaceState): string {
  return `#${qualifiedIfaceName(iface)}`;
}

/** Elaborates a world in place (once); included worlds are elaborated first. */
export function elaborateWorld(ctx: AnalysisContext, world: WorldState, depth = 0): void {
  const w = world.binding ?? world;
  if (w.elaborated || depth > 100) return;
  w.elaborated = true;
  if (w.foreign) return;

  const worldExcluded = !gateActive(ctx, w.gate);
  const keep = (e: WorldEntry): boolean => {
    if (!gateActive(ctx, e.gate)) return false;
    if (e.iface && !e.named) {
      const target = e.iface.binding ?? e.iface;
      if (!target.foreign && !gateActive(ctx, target.gate)) {
        if (!worldExcluded) {
          ctx.error(e.uri, e.origin?.nameSpan ?? e.span, 'found a reference to a interface which is excluded due to its feature not being activated; this type is not gated by a feature but its interface is', 'excluded-reference');
        }
        return false;
      }
    }
    return true;
  };
  const imports = new Map<string, WorldEntry>();
  const exports = new Map<string, WorldEntry>();
  const keyOf = (e: WorldEntry): string => (e.named ? e.key : e.iface ? ifaceKey(e.iface) : e.key);
  for (const e of w.imports) if (keep(e)) imports.set(keyOf(e), e);
  for (const e of w.exports) if (keep(e)) exports.set(keyOf(e), e);

  for (const inc of w.includes) {
    if (!gateActive(ctx, inc.gate)) continue;
    const src = inc.world.binding ?? inc.world;
    if (!src.foreign && !gateActive(ctx, src.gate)) {
      if (!worldExcluded) {
        ctx.error(inc.uri, inc.ast.path.name.span, 'found a reference to a world which is excluded due to its feature not being activated', 'excluded-reference');
      }
      continue;
    }
    elaborateWorld(ctx, src, depth + 1);
    const renames = new Map<string, string>();
    const used = new Set<string>();
    for (const r of inc.ast.with) renames.set(r.from.name, r.to.name);
    const merge = (from: readonly WorldEntry[], into: Map<string, WorldEntry>, dir: 'import' | 'export'): void => {
      for (const e of from) {
        let entry = e;
        if (e.named) {
          const to = renames.get(e.key);
          if (to !== undefined) {
            used.add(e.key);
            entry = { ...e, key: to };
          }
        }
        const k = keyOf(entry);
        const prev = into.get(k);
        if (prev) {
          if (!entry.named) continue;
          if (sameItem(prev, entry)) continue;
          ctx.error(inc.uri, inc.ast.path.name.span, `${dir} of \`${entry.key}\` shadows previously ${dir}ed items`, 'include-shadows');
          continue;
        }
        into.set(k, entry.implied ? { ...entry, implied: false } : entry);
      }
    };
    merge(src.imports, imports, 'import');
    merge(src.exports, exports, 'export');
    for (const r of inc.ast.with) {
      if (!used.has(r.from.name)) {
        ctx.error(inc.uri, r.from.span, `no import or export kebab-name \`${r.from.name}\`. Note that an ID does not support renaming`, 'include-rename');
      }
      const target = [...src.imports, ...src.exports].find((e) => e.named && e.key === r.from.name);
      ctx.reference('include-name', r.from, inc.uri, target?.origin);
    }
  }

  // Transitive imports: every interface an import depends on is imported first.
  const finalImports = new Map<string, WorldEntry>();
  // Depth-first, dependencies first; iterative because `use` chains can be thousands long.
  const addImport = (iface: IfaceState, entry: WorldEntry | undefined): void => {
    const start = iface.binding ?? iface;
    const stack: { iface: IfaceState; entry: WorldEntry | undefined; deps: IfaceState[]; next: number }[] = [];
    const onStack = new Set<IfaceState>();
    const push = (i: IfaceState, e: WorldEntry | undefined): void => {
      const k = e ? keyOf(e) : ifaceKey(i);
      if (finalImports.has(k) || onStack.has(i)) return;
      onStack.add(i);
      stack.push({ iface: i, entry: e, deps: interfaceDeps(i), next: 0 });
    };
    push(start, entry);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      if (top.next < top.deps.length) {
        const dep = top.deps[top.next] as IfaceState;
        top.next += 1;
        push(dep, undefined);
        continue;
      }
      stack.pop();
      const k = top.entry ? keyOf(top.entry) : ifaceKey(top.iface);
      if (!finalImports.has(k)) finalImports.set(k, top.entry ?? impliedEntry(top.iface, 'import', w));
    }
  };
  for (const [k, e] of imports) {
    if (e.kind === 'interface' && e.iface) {
      addImport(e.iface, e);
    } else {
      if (e.kind === 'type' && e.type) {
        const dep = typeInterfaceDep(e.type, w);
        if (dep) addImport(dep, undefined);
      }
      if (!finalImports.has(k)) finalImports.set(k, e);
    }
  }

  // Exports: an exported interface's dependencies are exported too if the world exports them,
  // otherwise imported; a dependency reached through an import cannot also be an export.
  const finalExports = new Map<string, WorldEntry>();
  const exportIfaces = new Map<IfaceState, WorldEntry>();
  for (const e of exports.values()) {
    if (e.kind === 'interface' && e.iface && !e.named) exportIfaces.set(e.iface.binding ?? e.iface, e);
  }
  const required = new Set<IfaceState>();
  // The same walk for exports: a dependency stays an export only while the path from the
  // exported interface consists of exports; reaching an export through an import fails.
  const addExport = (iface: IfaceState, entry: WorldEntry | undefined): boolean => {
    interface Frame { iface: IfaceState; entry: WorldEntry | undefined; asExport: boolean; deps: IfaceState[]; next: number }
    const stack: Frame[] = [];
    const onStack = new Set<IfaceState>();
    /** Returns true when the node is settled without a frame, false for a conflict, undefined when pushed. */
    const enter = (i: IfaceState, e: WorldEntry | undefined, asExport: boolean): boolean | undefined => {
      const real = i.binding ?? i;
      const k = e ? keyOf(e) : ifaceKey(real);
      if (finalExports.has(k)) return asExport;
      if (!asExport && required.has(real)) return true;
      if (onStack.has(real)) return true;
      onStack.add(real);
      stack.push({ iface: real, entry: e, asExport, deps: interfaceDeps(real), next: 0 });
      return undefined;
    };
    const first = enter(iface, entry, true);
    if (first !== undefined) return first;
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as Frame;
      if (top.next < top.deps.length) {
        const dep = top.deps[top.next] as IfaceState;
        top.next += 1;
        const depExported = top.asExport && exportIfaces.has(dep);
        if (enter(dep, exportIfaces.get(dep), depExported) === false) return false;
        continue;
      }
      stack.pop();
      const k = top.entry ? keyOf(top.entry) : ifaceKey(top.iface);
      if (top.asExport) {
        finalExports.set(k, top.entry ?? impliedEntry(top.iface, 'export', w));
      } else {
        if (!finalImports.has(k)) finalImports.set(k, top.entry && top.entry.direction === 'import' ? top.entry : impliedEntry(top.iface, 'import', w));
        required.add(top.iface);
      }
    }
    return true;
  };
  for (const [k, e] of exports) {
    if (e.kind === 'interface' && e.iface) {
      const ok = addExport(e.iface, e);
      if (!ok) {
        ctx.error(e.uri, e.span, `interface \`${e.named ? e.key : qualifiedIfaceName(e.iface)}\` transitively depends on an interface in incompatible ways`, 'incompatible-transitive');
        if (!finalExports.has(k)) finalExports.set(k, e);
      }
    } else {
      finalExports.set(k, e);
    }
  }

  // Kebab names are case-insensitive within each direction.
  for (const [dir, list] of [['import', finalImports], ['export', finalExports]] as const) {
    const seen = new Map<string, WorldEntry>();
    for (const e of list.values()) {
      if (!e.named) continue;
      const lower = e.key.toLowerCase();
      const prev = seen.get(lower);
      if (prev && prev.key !== e.key) {
        ctx.error(e.uri, e.origin?.nameSpan ?? e.span, `${dir} \`${e.key}\` in world \`${w.name}\` conflicts with ${dir} \`${prev.key}\` (kebab-case identifiers are case-insensitive)`, 'kebab-conflict');
        continue;
      }
      if (!prev) seen.set(lower, e);
    }
  }

  w.imports.splice(0, w.imports.length, ...finalImports.values());
  w.exports.splice(0, w.exports.length, ...finalExports.values());
}

function sameItem(a: WorldEntry, b: WorldEntry): boolean {
  if (a.iface && b.iface) return (a.iface.binding ?? a.iface) === (b.iface.binding ?? b.iface);
  if (a.func && b.func) return a.func === b.func;
  if (a.type && b.type) return a.type === b.type;
  return false;
}

function impliedEntry(iface: IfaceState, direction: 'import' | 'export', world: WorldState): WorldEntry {
  return {
    key: qualifiedIfaceName(iface), named: false, kind: 'interface', iface, span: world.nameSpan, uri: world.uri,
    gate: iface.gate, implied: true, direction,
  };
}

/** Interfaces whose types `iface` uses, in the order of its `use` items. */
export function interfaceDeps(iface: IfaceState): IfaceState[] {
  const out: IfaceState[] = [];
  for (const t of iface.types) {
    const dep = typeInterfaceDep(t, iface);
    if (dep && !out.includes(dep)) out.push(dep);
  }
  return out;
}

function typeInterfaceDep(t: TypeState, from: IfaceState | WorldState): IfaceState | undefined {
  if (!t.use) return undefined;
  const target = t.use.binding ?? t.use;
  const owner = target.owner.binding ?? target.owner;
  if (owner.kind !== 'interface' || owner === from || owner.foreign) return undefined;
  return owner;
}
