// Resolving the type expressions inside one interface or world: names, handles, maps, and the
// bodies of records, variants, enums, flags and resources.

import type { Ident, Span, Type, TypeDef } from '../syntax/ast';
import type { AnalysisContext } from './context';
import type { Definition } from './model';
import type { NameEntry, TypeState } from './state';

export interface TypeScope {
  readonly uri: string;
  lookup(name: string): NameEntry | undefined;
  /** AST type nodes (`named`, `own`, `borrow`) → the type they resolve to. */
  readonly typeRefs: Map<object, TypeState>;
  /** Spans already reported by the dependency sort (unknown names, cycles). */
  isQuiet(span: Span): boolean;
}

const MAP_KEYS = new Set(['bool', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'char', 'string']);

/** Resolves every name inside a type expression, reporting problems in source order. */
export function resolveTypeRef(ctx: AnalysisContext, scope: TypeScope, ty: Type, depth = 0): void {
  if (depth > 200) return;
  switch (ty.kind) {
    case 'primitive':
      return;
    case 'named':
      resolveName(ctx, scope, ty, ty.name);
      return;
    case 'own':
    case 'borrow': {
      const t = resolveName(ctx, scope, ty, ty.resource);
      if (t) checkHandle(ctx, scope, t, ty.resource);
      return;
    }
    case 'list':
      resolveTypeRef(ctx, scope, ty.element, depth + 1);
      return;
    case 'option':
      resolveTypeRef(ctx, scope, ty.inner, depth + 1);
      return;
    case 'result':
      if (ty.ok) resolveTypeRef(ctx, scope, ty.ok, depth + 1);
      if (ty.err) resolveTypeRef(ctx, scope, ty.err, depth + 1);
      return;
    case 'tuple':
      for (const e of ty.elements) resolveTypeRef(ctx, scope, e, depth + 1);
      return;
    case 'map':
      resolveTypeRef(ctx, scope, ty.key, depth + 1);
      resolveTypeRef(ctx, scope, ty.value, depth + 1);
      if (!(ty.key.kind === 'primitive' && MAP_KEYS.has(ty.key.name))) {
        ctx.error(scope.uri, ty.span, 'invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, s64, char, or string', 'map-key');
      }
      return;
    case 'future':
    case 'stream':
      if (ty.inner) resolveTypeRef(ctx, scope, ty.inner, depth + 1);
      return;
  }
}

/** Resolves the body of a named type definition; `owner` is its definition (for fields/cases). */
export function resolveTypeDefBody(ctx: AnalysisContext, scope: TypeScope, t: TypeDef, owner: Definition | undefined): void {
  switch (t.kind) {
    case 'type':
      resolveTypeRef(ctx, scope, t.type);
      return;
    case 'record':
      for (const f of t.fields) {
        resolveTypeRef(ctx, scope, f.type);
        if (owner) ctx.define('field', f.name.name, scope.uri, f.name.span, f.span, { container: owner, docs: f.docs?.text });
      }
      return;
    case 'variant':
      if (t.cases.length === 0) ctx.error(scope.uri, t.name.span, 'empty variant', 'empty-variant');
      for (const c of t.cases) {
        if (c.type) resolveTypeRef(ctx, scope, c.type);
        if (owner) ctx.define('case', c.name.name, scope.uri, c.name.span, c.span, { container: owner, docs: c.docs?.text });
      }
      return;
    case 'enum':
      if (t.cases.length === 0) ctx.error(scope.uri, t.name.span, 'empty enum', 'empty-enum');
      for (const c of t.cases) {
        if (owner) ctx.define('case', c.name.name, scope.uri, c.name.span, c.span, { container: owner, docs: c.docs?.text });
      }
      return;
    case 'flags':
      for (const f of t.flags) {
        if (owner) ctx.define('flag', f.name.name, scope.uri, f.name.span, f.span, { container: owner, docs: f.docs?.text });
      }
      return;
    case 'resource': {
      const names = new Set<string>();
      let ctors = 0;
      for (const m of t.members) {
        if (m.kind === 'constructor') {
          ctors += 1;
          if (ctors > 1) ctx.error(scope.uri, m.keywordSpan, 'duplicate constructors', 'duplicate-constructor');
        } else if (names.has(m.name.name)) {
          ctx.error(scope.uri, m.name.span, `duplicate function name \`${m.name.name}\``, 'duplicate-function');
        } else {
          names.add(m.name.name);
        }
      }
      return;
    }
  }
}

function resolveName(ctx: AnalysisContext, scope: TypeScope, node: object, name: Ident): TypeState | undefined {
  const entry = scope.lookup(name.name);
  if (entry?.kind === 'type') {
    const ref = ctx.reference('type', name, scope.uri, entry.type.def);
    if (entry.type.placeholder) entry.type.pendingRefs.push(ref);
    scope.typeRefs.set(node, entry.type);
    return entry.type;
  }
  ctx.reference('type', name, scope.uri, entry?.kind === 'function' ? entry.def : undefined);
  if (scope.isQuiet(name.span)) return undefined;
  if (entry?.kind === 'function') {
    ctx.error(scope.uri, name.span, `cannot use function \`${name.name}\` as a type`, 'function-as-type');
  } else {
    ctx.error(scope.uri, name.span, `name \`${name.name}\` does not exist`, 'unknown-name');
  }
  return undefined;
}

/** `own<t>` / `borrow<t>`: `t` must be a resource, possibly through aliases. */
function checkHandle(ctx: AnalysisContext, scope: TypeScope, t: TypeState, name: Ident): void {
  let cur: TypeState | undefined = t;
  for (let guard = 0; cur && guard < 1000; guard += 1) {
    if (cur.binding) { cur = cur.binding; continue; }
    if (cur.use) { cur = cur.use; continue; }
    if (cur.placeholder) {
      cur.requiredResource.push({ uri: scope.uri, span: name.span });
      return;
    }
    const ast = cur.ast;
    if (!ast) return;
    if (ast.kind === 'resource') return;
    if (ast.kind === 'type' && ast.type.kind === 'named') {
      cur = scope.typeRefs.get(ast.type);
      continue;
    }
    break;
  }
  if (!cur) return;
  ctx.error(scope.uri, name.span, `type \`${name.name}\` used in a handle must be a resource`, 'handle-not-resource');
}
