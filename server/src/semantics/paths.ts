// Where names are mentioned: the paths of `use`, `include` and import/export items in wit-parser's
// visiting order, and the type names a type definition depends on.

import type { Attribute, Ident, InterfaceItem as AstInterface, Type, TypeDef, UseItem, UsePath, WorldItem as AstWorld } from '../syntax/ast';
import type { FileUnit } from './state';

export type PathUse = 'interface' | 'world' | 'unknown';

export interface PathVisit {
  readonly file: FileUnit;
  /** The interface or world the path appears in; undefined for top-level `use`. */
  readonly item?: AstInterface | AstWorld;
  readonly path: UsePath;
  readonly use: PathUse;
  readonly names?: UseItem['names'];
  readonly attributes: readonly Attribute[];
}

export function collectPaths(files: readonly FileUnit[]): PathVisit[] {
  const out: PathVisit[] = [];
  for (const file of files) {
    for (const item of file.items) {
      if (item.kind === 'top-level-use') {
        out.push({ file, path: item.path, use: 'unknown', attributes: item.attributes });
      } else if (item.kind === 'interface') {
        for (const m of item.members) {
          if (m.kind === 'use') out.push({ file, item, path: m.path, use: 'interface', names: m.names, attributes: m.attributes });
        }
      } else {
        // wit-parser's order for worlds: `use` and `include` in source order, then every
        // import, then every export. Import/export paths take no part in the item ordering.
        const externs: (typeof item.members[number] & { kind: 'import' | 'export' })[] = [];
        for (const m of item.members) {
          if (m.kind === 'use') {
            out.push({ file, item, path: m.path, use: 'interface', names: m.names, attributes: m.attributes });
          } else if (m.kind === 'include') {
            out.push({ file, item, path: m.path, use: 'world', attributes: m.attributes });
          } else if (m.kind === 'import' || m.kind === 'export') {
            externs.push(m);
          }
        }
        const ordered = [...externs.filter((m) => m.kind === 'import'), ...externs.filter((m) => m.kind === 'export')];
        for (const m of ordered) {
          const ex = m.item;
          if (ex.kind === 'path') out.push({ file, path: ex.path, use: 'interface', attributes: [] });
          if (ex.kind === 'inline-interface') {
            for (const im of ex.members) {
              if (im.kind === 'use') out.push({ file, item, path: im.path, use: 'interface', names: im.names, attributes: im.attributes });
            }
          }
        }
      }
    }
  }
  return out;
}

export function missingTypeMessage(name: string): string {
  const base = `type \`${name}\` does not exist`;
  const renamed = name === 'float32' ? 'f32' : name === 'float64' ? 'f64' : undefined;
  if (!renamed) return base;
  return `${base}\nthe \`${name}\` type has been renamed to \`${renamed}\` and is no longer accepted, but the \`WIT_REQUIRE_F32_F64=0\` environment variable can be used to temporarily disable this error`;
}

/** Names a type definition depends on, in source order (wit-parser's `collect_deps`). */
export function collectDeps(t: TypeDef, push: (id: Ident) => void): void {
  const walk = (ty: Type | undefined): void => {
    if (!ty) return;
    switch (ty.kind) {
      case 'named': push(ty.name); break;
      case 'own': case 'borrow': push(ty.resource); break;
      case 'list': case 'option': walk(ty.kind === 'list' ? ty.element : ty.inner); break;
      case 'result': walk(ty.ok); walk(ty.err); break;
      case 'tuple': ty.elements.forEach(walk); break;
      case 'map': walk(ty.key); walk(ty.value); break;
      case 'future': case 'stream': walk(ty.inner); break;
      case 'primitive': break;
    }
  };
  switch (t.kind) {
    case 'type': walk(t.type); break;
    case 'record': t.fields.forEach((f) => walk(f.type)); break;
    case 'variant': t.cases.forEach((c) => walk(c.type)); break;
    default: break;
  }
}

